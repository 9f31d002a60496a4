"""Languages we print, their script and direction, and the UI-label catalogue of each.

Nothing here touches a process-global locale: the language is always passed explicitly.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from handout.caches import register
from handout.content import load_yaml
from handout.errors import BadInputError, ContentError

LANGUAGES_ENV = "HANDOUT_LANGUAGES_DIR"


def languages_dir() -> Path:
    """`languages/` shipped in the installed package, or the checkout's top-level one."""
    env = os.environ.get(LANGUAGES_ENV)
    if env:
        return Path(env)
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "languages", package_dir.parent / "languages"):
        if (candidate / "languages.yaml").is_file():
            return candidate
    return package_dir.parent / "languages"


LOCALES_DIR = languages_dir() / "ui"  # the UI-label catalogue of each language
# How a language's lines break: at spaces, or by a rule of handout.text.cjk (RULES, same names).
LINE_BREAKS = ("words", "zh", "ja")


@dataclass(frozen=True)
class Language:
    """How a language is set: script, direction, fonts to try in order, and line breaking."""

    code: str  # BCP 47, e.g. "zh-Hans"
    name: str  # English name, for lists and logs
    script: str  # ISO 15924
    direction: str = "ltr"
    comma: str = ", "  # list separator: "، " in Arabic, "，" in Chinese
    space: str = " "  # between a label and its text: none after Chinese full-width colons
    font_chain: tuple[str, ...] = ("NotoSans",)
    # "words": break at spaces (ReportLab's default); else between any two characters, by that
    # rule of handout.text.cjk ("zh", "ja"). Korean breaks at spaces, between words.
    line_break: str = "words"
    shaping: bool = False
    babel_locale: str = ""
    # Nastaliq's letters stack diagonally, up to two ems above the baseline and half an em
    # below it: its lines are set further apart (`leading`, relative to the theme's) and then
    # spaced by their ink, wider wherever a letter would come near the line above.
    leading: float = 1.0
    ink_spacing: bool = False

    @property
    def word_wrap(self) -> str | None:
        """ReportLab's `wordWrap` for the language's paragraphs."""
        return None if self.line_break == "words" else "CJK"

    @property
    def locale(self) -> str:
        return self.babel_locale or self.code.replace("-", "_")

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def own_name(self) -> str:
        """The language's name in itself, from CLDR (`Español`, `العربية`, `中文 (简体)`)."""
        return own_name(self.code, self.locale)


@register
@cache
def own_name(code: str, locale: str) -> str:
    from babel import Locale, UnknownLocaleError

    for candidate in (code.replace("-", "_"), locale):
        try:
            found = Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
        name = str(found.get_language_name(found) or "")
        if name and found.script:
            name = f"{name} ({found.get_script_name(found)})"
        if name:
            return name[:1].upper() + name[1:]
    return code


class _Registry(Mapping[str, Language]):
    """The languages of `languages/languages.yaml`, read on first use (then kept)."""

    def _all(self) -> dict[str, Language]:
        return _load_languages()

    def __getitem__(self, code: str) -> Language:
        return self._all()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


@register
@cache
def _load_languages() -> dict[str, Language]:
    from handout.content import load_records
    from handout.fonts import FAMILIES

    found = load_records(languages_dir() / "languages.yaml", Language, "code", {"fonts": "font_chain"})
    for code, lang in found.items():
        unknown = [family for family in lang.font_chain if family not in FAMILIES]
        if unknown or lang.direction not in ("ltr", "rtl") or lang.line_break not in LINE_BREAKS:
            problem = (f"unknown font family {unknown[0]}; known families: {', '.join(FAMILIES)}" if unknown
                       else f"direction '{lang.direction}' is not ltr or rtl" if lang.direction not in ("ltr", "rtl")
                       else f"line_break '{lang.line_break}' is not one of {', '.join(LINE_BREAKS)}")
            raise ContentError([load_yaml(languages_dir() / "languages.yaml").issue((code,), problem)])
    return found


LANGUAGES: Mapping[str, Language] = _Registry()


def language(code: str) -> Language:
    try:
        return LANGUAGES[code]
    except KeyError:
        raise BadInputError(
            f"unknown language '{code}'; valid languages: {', '.join(LANGUAGES)}"
        ) from None


@dataclass(frozen=True)
class Labels:
    """The UI labels of one language; `labels('page_x_of_y', page=1, pages=2)`."""

    lang: str
    entries: dict[str, str]

    def __call__(self, key: str, **values: object) -> str:
        return self.entries[key].format(**values)


@register
@cache
def labels(lang: str, folder: Path = LOCALES_DIR) -> Labels:
    """The catalogue of `lang` in `folder`: the printed labels, or another UI's (the web page's)."""
    path = folder / f"{lang}.yaml"
    if not path.is_file():
        raise BadInputError(f"no UI catalogue for '{lang}' (expected {path})")
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise ContentError([doc.issue((), "must be a mapping of label keys to text")])
    return Labels(lang, {str(k): re.sub(r"[ \t\r\n]+", " ", str(v)) for k, v in doc.data.items()})


def format_date(day: dt.date, lang: str, *, fmt: str = "long", country: str | None = None) -> str:
    """A date the way a reader of `lang` in `country` writes it (CLDR via Babel):
    `Nov 24, 2026` in the US, `24 Nov 2026` in Britain, `۲۴ نوامبر ۲۰۲۶` in Iran."""
    from babel.dates import format_date as babel_format_date

    locale = language(lang).locale
    text = babel_format_date(day, format=fmt, locale=regional_locale(locale, country))
    return localise_digits(text, locale, country)


# The zero of each decimal numbering system CLDR makes a locale's default or native one
# (common/supplemental/numberingSystems.xml); every Unicode digit set runs on from its zero.
# Babel knows which system a locale uses, but writes Western digits whatever it is.
_ZEROS = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "beng": "\u09e6", "deva": "\u0966",
          "guru": "\u0a66"}


@register
@cache
def numbering_system(locale: str, country: str | None = None) -> str:
    """CLDR's default numbering system for a reader of `locale` in `country`: `arabext`
    (Persian digits) for Persian, `latn` for Urdu in Pakistan but `arabext` in India."""
    from babel import Locale

    return str(Locale.parse(regional_locale(locale, country)).default_numbering_system)


@register
@cache
def _digit_table(zero: str) -> dict[int, str]:
    return {ord("0") + i: chr(ord(zero) + i) for i in range(10)}


def localise_digits(text: str, locale: str, country: str | None = None) -> str:
    """`text` with its Western digits in the reader's own, where CLDR makes them the default
    (dates, page numbers and quantities, which the program writes; content text is written
    in its language's digits by its translator)."""
    zero = _ZEROS.get(numbering_system(locale, country), "0")
    return text if zero == "0" else text.translate(_digit_table(zero))


def printable_digits(locale: str) -> str:
    """Every digit a reader of `locale` may be printed, in any of its countries (for the
    glyph gate): Western ones, and CLDR's default and native systems' own."""
    from babel import Locale

    base = Locale.parse(locale)
    systems = {str(base.default_numbering_system), *map(str, base.other_numbering_systems.values())}
    zeros = sorted({_ZEROS[name] for name in systems if name in _ZEROS} | {"0"})
    return "".join("0123456789".translate(_digit_table(zero)) for zero in zeros)


@register
@cache
def regional_locale(locale: str, country: str | None) -> str:
    """`en` + `GB` -> `en_GB` when CLDR has that locale; otherwise the language's own."""
    from babel import Locale, UnknownLocaleError

    if not country:
        return locale
    base = Locale.parse(locale)
    candidate = f"{base.language}_{base.script}_{country}" if base.script else f"{base.language}_{country}"
    try:
        Locale.parse(candidate)
    except (UnknownLocaleError, ValueError):
        return locale
    return candidate
