"""Quantities marked in content text (`{{10-11 kg}}`, `{{10-15 min}}`, `{{38 °C}}`), printed in
the reader's units and words.

A unit is a symbol from `SYMBOLS` or any CLDR unit Babel can name (`{{2 cup}}`,
`{{3 duration-week}}`). Numbers, unit names and plurals come from Babel (CLDR); where the
reader's country uses US customary units, metric ones are converted (`US_CUSTOMARY`). A printed
quantity is glued with no-break spaces, so it never breaks across a line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from handout.caches import register

QUANTITY_PATTERN = re.compile(r"\{\{([^{}]*)\}\}")
_QUANTITY_BODY = re.compile(r"^\s*(\d+(?:[.,]\d+)?)(?:\s*[-–]\s*(\d+(?:[.,]\d+)?))?\s*(\S.*?)\s*$")
NO_BREAK = "\u00a0"

# What content authors write -> CLDR unit id.
SYMBOLS: dict[str, str] = {
    "kg": "mass-kilogram", "g": "mass-gram", "mg": "mass-milligram", "lb": "mass-pound", "oz": "mass-ounce",
    "m": "length-meter", "cm": "length-centimeter", "mm": "length-millimeter", "km": "length-kilometer",
    "ft": "length-foot", "in": "length-inch", "mi": "length-mile",
    "L": "volume-liter", "l": "volume-liter", "dL": "volume-deciliter", "mL": "volume-milliliter",
    "ml": "volume-milliliter", "cup": "volume-cup", "tbsp": "volume-tablespoon", "tsp": "volume-teaspoon",
    "fl oz": "volume-fluid-ounce",
    "°C": "temperature-celsius", "°F": "temperature-fahrenheit",
    "s": "duration-second", "min": "duration-minute", "h": "duration-hour", "day": "duration-day",
    "days": "duration-day", "week": "duration-week", "weeks": "duration-week", "month": "duration-month",
    "months": "duration-month", "year": "duration-year", "years": "duration-year",
    "kcal": "energy-kilocalorie", "%": "concentr-percent",
}

# Units patients read better spelled out ("10–15 minutes", "2 cups"); the rest print as symbols.
SPELLED_OUT = ("duration-", "volume-cup", "volume-tablespoon", "volume-teaspoon")


@dataclass(frozen=True)
class Conversion:
    unit: str
    convert: Callable[[float], float]


def _times(factor: float) -> Callable[[float], float]:
    return lambda value: value * factor


# Metric unit -> the US customary unit a US reader expects, and how to get there.
US_CUSTOMARY: dict[str, Conversion] = {
    "mass-kilogram": Conversion("mass-pound", _times(2.2046226218)),
    "mass-gram": Conversion("mass-ounce", _times(0.0352739619)),
    "length-meter": Conversion("length-foot", _times(3.280839895)),
    "length-centimeter": Conversion("length-inch", _times(0.3937007874)),
    "length-millimeter": Conversion("length-inch", _times(0.03937007874)),
    "length-kilometer": Conversion("length-mile", _times(0.6213711922)),
    "volume-liter": Conversion("volume-cup", _times(4.2267528377)),
    "volume-deciliter": Conversion("volume-fluid-ounce", _times(3.3814022702)),
    "volume-milliliter": Conversion("volume-fluid-ounce", _times(0.0338140227)),
    "temperature-celsius": Conversion("temperature-fahrenheit", lambda c: c * 9 / 5 + 32),
}
# CLDR's measurement-system data: the countries that use US customary units in daily life.
IMPERIAL_COUNTRIES = frozenset({"US", "LR", "MM"})


@dataclass(frozen=True)
class Quantity:
    low: float
    high: float | None
    unit: str  # a CLDR unit id


@register
@cache
def unit_id(written: str) -> str | None:
    """The CLDR unit a content author means by `written`, or None if CLDR has no such unit."""
    from babel.units import get_unit_name

    if written in SYMBOLS:
        return SYMBOLS[written]
    try:
        return written if get_unit_name(written, length="short", locale="en") else None
    except ValueError:
        return None


def parse_quantity(body: str) -> Quantity:
    """Parse the inside of `{{...}}`; ValueError says how to write it correctly."""
    match = _QUANTITY_BODY.match(body)
    if not match:
        raise ValueError(f"quantity '{{{{{body}}}}}' is not like {{{{10-11 kg}}}}: a number or range, then a unit")
    low, high, written = match.groups()
    unit = unit_id(written)
    if unit is None:
        raise ValueError(
            f"unit '{written}' in '{{{{{body}}}}}' is not known; use a symbol such as kg, m, min, L or °C, "
            "or a CLDR unit name such as cup or duration-week"
        )
    return Quantity(float(low.replace(",", ".")), float(high.replace(",", ".")) if high else None, unit)


def uses_imperial(country: str | None) -> bool:
    return (country or "").upper() in IMPERIAL_COUNTRIES


def _rounded(value: float, temperature: bool) -> float:
    """Two significant figures, whole numbers from 10 up; temperatures to a tenth (100.4 °F)."""
    if temperature or value < 10:
        return round(value, 1) if value != int(value) else value
    return float(round(value))


def format_quantity(quantity: Quantity, locale: str, *, imperial: bool, glue: bool = True,
                    country: str | None = None) -> str:
    """`10-11 kg` -> `10–11 kg` (metric) or `22–24 lb` (US); `10-15 min` -> `10–15 minutes`, in the
    locale's words, plural, number style and digits (`۱۰–۱۱ کیلوگرم` in Persian), glued with
    no-break spaces."""
    from babel.numbers import format_decimal
    from babel.units import format_unit

    from handout.i18n import localise_digits

    unit, convert = quantity.unit, None
    if imperial and unit in US_CUSTOMARY:
        unit, convert = US_CUSTOMARY[unit].unit, US_CUSTOMARY[unit].convert
    temperature = unit.startswith("temperature-")
    values = [v for v in (quantity.low, quantity.high) if v is not None]
    values = [_rounded(convert(v), temperature) if convert else v for v in values]
    length: Literal["long", "short"] = "long" if unit.startswith(SPELLED_OUT) else "short"

    def number(value: float) -> str:
        return format_decimal(value, format="#,##0.#", locale=locale)

    # Plural and word order follow the last number, as CLDR does for ranges ("10–15 minutes").
    # CLDR spells some units out in some languages only: then its short form (Chinese 分钟).
    last = values[-1]
    text = next(
        (found for found in (format_unit(last, unit, length=size, locale=locale, format="#,##0.#")
                             for size in (length, "short")) if unit not in found),
        format_unit(last, unit, length="short", locale=locale, format="#,##0.#"),
    )
    if len(values) == 2:
        low, high = number(values[0]), number(last)
        text = text.replace(high, f"{low}–{high}", 1) if math.isfinite(last) else text
    text = localise_digits(text, locale, country)
    return text.replace(" ", NO_BREAK) if glue else text


def render_quantities(text: str, locale: str, *, imperial: bool, glue: bool = True,
                      country: str | None = None) -> str:
    """Replace every `{{...}}` in `text` with the formatted quantity (glued with no-break spaces
    unless `glue` is off)."""
    return QUANTITY_PATTERN.sub(
        lambda m: format_quantity(parse_quantity(m.group(1)), locale, imperial=imperial, glue=glue,
                                  country=country), text
    )
