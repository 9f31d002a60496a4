"""Languages we print, their script and direction, and the UI-label catalogue of each.

Nothing here touches a process-global locale: the language is always passed explicitly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from handout.content import load_yaml
from handout.errors import BadInputError, ContentError

LOCALES_DIR = Path(__file__).resolve().parent / "locales"


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
    word_wrap: str | None = None  # "CJK" for Chinese and Japanese
    shaping: bool = False
    babel_locale: str = ""
    # Nastaliq's letters stack diagonally, up to two ems above the baseline and half an em
    # below it: its lines are set further apart (`leading`, relative to the theme's) and then
    # spaced by their ink, wider wherever a letter would come near the line above.
    leading: float = 1.0
    ink_spacing: bool = False

    @property
    def locale(self) -> str:
        return self.babel_locale or self.code.replace("-", "_")

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


_ARABIC = ("NotoSansArabic", "NotoSans")  # the Arabic font lacks Latin letters, ( ) % and /
_DEVANAGARI = ("NotoSansDevanagari", "NotoSans")  # the Devanagari font lacks Latin letters
_CHINESE = ("NotoSansSC", "NotoSans")  # GB 2312 subset; Noto Sans adds the rest of Latin

LANGUAGES: dict[str, Language] = {
    "en": Language("en", "English", "Latn"),
    "es": Language("es", "Spanish", "Latn"),
    "fr": Language("fr", "French", "Latn"),
    "pt": Language("pt", "Portuguese", "Latn"),
    "vi": Language("vi", "Vietnamese", "Latn"),
    "tl": Language("tl", "Tagalog", "Latn", babel_locale="fil"),
    "pl": Language("pl", "Polish", "Latn"),
    "ru": Language("ru", "Russian", "Cyrl"),
    "zh-Hans": Language("zh-Hans", "Chinese (Simplified)", "Hans", font_chain=_CHINESE,
                        word_wrap="CJK", babel_locale="zh_Hans_CN", comma="，", space=""),
    "ar": Language("ar", "Arabic", "Arab", direction="rtl", font_chain=_ARABIC, shaping=True,
                   comma="، "),
    "hi": Language("hi", "Hindi", "Deva", font_chain=_DEVANAGARI, shaping=True),
    # Issue 16, second group: Perso-Arabic, Nastaliq, Bengali, Gurmukhi, Ethiopic, Devanagari.
    "fa": Language("fa", "Persian", "Arab", direction="rtl", font_chain=_ARABIC, shaping=True,
                   comma="، "),
    "ur": Language("ur", "Urdu", "Arab", direction="rtl", font_chain=("NotoNastaliqUrdu", "NotoSans"),
                   shaping=True, comma="، ", leading=1.15, ink_spacing=True),
    "bn": Language("bn", "Bengali", "Beng", font_chain=("NotoSansBengali", "NotoSans"), shaping=True),
    # pa_Guru: Babel's `pa_PK` is Shahmukhi (Arabic script), which these fonts do not draw.
    "pa": Language("pa", "Punjabi", "Guru", font_chain=("NotoSansGurmukhi", "NotoSans"), shaping=True,
                   babel_locale="pa_Guru"),
    # Ethiopic letters need no shaping; Noto Sans adds the digits and Latin punctuation.
    "am": Language("am", "Amharic", "Ethi", font_chain=("NotoSansEthiopic", "NotoSans"), comma="፣ "),
    "ne": Language("ne", "Nepali", "Deva", font_chain=_DEVANAGARI, shaping=True),
}


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


@cache
def labels(lang: str) -> Labels:
    path = LOCALES_DIR / f"{lang}.yaml"
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


@cache
def numbering_system(locale: str, country: str | None = None) -> str:
    """CLDR's default numbering system for a reader of `locale` in `country`: `arabext`
    (Persian digits) for Persian, `latn` for Urdu in Pakistan but `arabext` in India."""
    from babel import Locale

    return str(Locale.parse(regional_locale(locale, country)).default_numbering_system)


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
