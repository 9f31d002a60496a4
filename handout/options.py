"""What a user asks for: paper, region, language, clinic and personal details of one output."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from handout.colours import DEFAULT_ACCENT
from handout.errors import BadInputError

MM = 72 / 25.4


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"
    A5 = "a5"
    HALF_LETTER = "half-letter"

    @property
    def size(self) -> tuple[float, float]:
        """Portrait width and height in points."""
        return PAPER_SIZES[self]

    @classmethod
    def coerce(cls, value: str) -> Paper:
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise BadInputError(
                f"unknown paper '{value}'; valid papers: {', '.join(p.value for p in cls)}"
            ) from None


PAPER_SIZES: dict[Paper, tuple[float, float]] = {
    Paper.A4: (210 * MM, 297 * MM),
    Paper.LETTER: (612.0, 792.0),
    Paper.A5: (148 * MM, 210 * MM),
    Paper.HALF_LETTER: (396.0, 612.0),
}

# A small paper printed on the next sheet size up, with crop marks (`--cut-marks`).
CUT_SHEETS: dict[Paper, Paper] = {Paper.A5: Paper.A4, Paper.HALF_LETTER: Paper.LETTER}

# Countries whose printers hold US Letter (CLDR's paper-size supplemental data would say the same).
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "SV", "PA", "PR", "DO", "NI", "BZ"})


def default_paper(country: str | None) -> Paper:
    return Paper.LETTER if (country or "").upper() in LETTER_COUNTRIES else Paper.A4


@dataclass(frozen=True)
class Clinic:
    """The clinic printed on the handout; every field is user data and is escaped when printed."""

    name: str = ""
    phone: str = ""
    address: str = ""
    website: str = ""
    logo: Path | None = None
    brand_color: str = DEFAULT_ACCENT
    smtp: dict[str, str | int | bool] = field(default_factory=dict)

    @property
    def contact_line(self) -> str:
        return "  ·  ".join(part for part in (self.phone, self.address, self.website) if part)


@dataclass(frozen=True)
class RenderOptions:
    """Everything that decides the bytes of one PDF, apart from the article itself."""

    format: str = "handout"
    region: str = "both"
    lang: str = "en"
    companion: str | None = None  # bilingual edition: this language printed beside `lang`
    paper: Paper = Paper.A4
    country: str | None = None
    clinic: Clinic = field(default_factory=Clinic)
    patient: str = ""
    note: str = ""
    date: dt.date | None = None
    large_print: bool = False
    grayscale: bool = False
    cut_marks: bool = False
    invariant: bool = False

    @property
    def lang_tag(self) -> str:
        """`es`, or `es+en` for a bilingual edition (file names, logs)."""
        return f"{self.lang}+{self.companion}" if self.companion else self.lang

    @property
    def edition(self) -> str:
        """Name part for the edition, empty for the standard one."""
        parts = [p for p, on in (("large", self.large_print), ("grey", self.grayscale)) if on]
        return "-".join(parts)


def split_locale(lang: str, country: str | None) -> tuple[str, str | None]:
    """`es-US` -> (`es`, `US`); an explicit country wins over the locale's own."""
    parts = lang.replace("_", "-").split("-")
    if len(parts) > 1 and len(parts[-1]) == 2 and parts[-1].isalpha():
        return "-".join(parts[:-1]), (country or parts[-1]).upper()
    return lang, country.upper() if country else None


def parse_lang_option(text: str, country: str | None) -> tuple[str, str | None, str | None]:
    """`--lang` as (language, companion language, country): `es-US+en` -> (`es`, `en`, `US`)."""
    first, _, second = text.partition("+")
    lang, country = split_locale(first.strip(), country)
    companion = split_locale(second.strip(), None)[0] if second.strip() else None
    if companion == lang:
        raise BadInputError(f"--lang {text}: a bilingual edition needs two different languages, e.g. es+en")
    return lang, companion, country
