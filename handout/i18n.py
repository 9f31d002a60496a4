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


_ARABIC = ("NotoSansArabic", "NotoSans")  # the Arabic font lacks Latin letters, ( ) % and /
_DEVANAGARI = ("NotoSansDevanagari", "NotoSans")  # the Devanagari font lacks Latin letters
_CHINESE = ("NotoSansSC", "NotoSans")  # GB 2312 subset; Noto Sans adds the rest of Latin
_KOREAN = ("NotoSansKR", "NotoSans")  # KS X 1001 Hangul subset
_JAPANESE = ("NotoSansJP", "NotoSans")  # JIS X 0208 level 1 subset
_TRADITIONAL_CHINESE = ("NotoSansTC", "NotoSans")  # Big5 level 1 subset

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
                        line_break="zh", babel_locale="zh_Hans_CN", comma="，", space=""),
    "ar": Language("ar", "Arabic", "Arab", direction="rtl", font_chain=_ARABIC, shaping=True,
                   comma="، "),
    "hi": Language("hi", "Hindi", "Deva", font_chain=_DEVANAGARI, shaping=True),
    "ko": Language("ko", "Korean", "Kore", font_chain=_KOREAN),
    "ja": Language("ja", "Japanese", "Jpan", font_chain=_JAPANESE, line_break="ja", comma="、",
                   space=""),
    "zh-Hant": Language("zh-Hant", "Chinese (Traditional)", "Hant", font_chain=_TRADITIONAL_CHINESE,
                        line_break="zh", babel_locale="zh_Hant_TW", comma="，", space=""),
    "uk": Language("uk", "Ukrainian", "Cyrl"),
    "ht": Language("ht", "Haitian Creole", "Latn"),
    "so": Language("so", "Somali", "Latn"),
    "sw": Language("sw", "Swahili", "Latn"),
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
    `Nov 24, 2026` in the US, `24 Nov 2026` in Britain."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format=fmt, locale=regional_locale(language(lang).locale, country))


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
