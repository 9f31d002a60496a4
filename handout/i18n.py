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
    `Nov 24, 2026` in the US, `24 Nov 2026` in Britain."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format=fmt, locale=regional_locale(language(lang).locale, country))


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
