"""Quantities marked in content text (`{{10-11 kg}}`), printed in the reader's units.

Numbers, units and ranges come from Babel (CLDR) so that each locale writes them its own way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUANTITY_PATTERN = re.compile(r"\{\{([^{}]*)\}\}")
_QUANTITY_BODY = re.compile(r"^\s*(\d+(?:\.\d+)?)(?:\s*[-–]\s*(\d+(?:\.\d+)?))?\s*([a-z]+)\s*$")

# unit written in content -> (CLDR unit id, imperial CLDR unit id, factor to the imperial unit)
UNITS: dict[str, tuple[str, str, float]] = {
    "kg": ("mass-kilogram", "mass-pound", 2.2046226218),
    "cm": ("length-centimeter", "length-inch", 0.3937007874),
    "km": ("length-kilometer", "length-mile", 0.6213711922),
}
IMPERIAL_COUNTRIES = frozenset({"US", "LR", "MM"})


@dataclass(frozen=True)
class Quantity:
    low: float
    high: float | None
    unit: str


def parse_quantity(body: str) -> Quantity:
    """Parse the inside of `{{...}}`; ValueError says how to write it correctly."""
    match = _QUANTITY_BODY.match(body)
    if not match:
        raise ValueError(f"quantity '{{{{{body}}}}}' is not like {{{{10-11 kg}}}}: a number or range, then a unit")
    low, high, unit = match.groups()
    if unit not in UNITS:
        raise ValueError(f"unit '{unit}' in '{{{{{body}}}}}' is not known; use one of {', '.join(UNITS)}")
    return Quantity(float(low), float(high) if high else None, unit)


def uses_imperial(country: str | None) -> bool:
    return (country or "").upper() in IMPERIAL_COUNTRIES


def format_quantity(quantity: Quantity, locale: str, *, imperial: bool, country: str | None = None) -> str:
    """`10-11 kg` -> `10–11 kg` (metric) or `22–24 lb` (US), in the locale's own number style
    and digits (`۱۰–۱۱ کیلوگرم` in Persian)."""
    from babel.numbers import format_decimal
    from babel.units import format_unit

    from handout.i18n import localise_digits

    metric_unit, imperial_unit, factor = UNITS[quantity.unit]
    unit = imperial_unit if imperial else metric_unit
    scale = factor if imperial else 1.0

    def number(value: float) -> str:
        return format_decimal(round(value * scale), locale=locale)

    if quantity.high is None:
        text = format_unit(round(quantity.low * scale), unit, length="short", locale=locale)
    else:
        span = f"{number(quantity.low)}–{number(quantity.high)}"
        text = format_unit(span, unit, length="short", locale=locale)
    return localise_digits(text, locale, country)


def render_quantities(text: str, locale: str, *, imperial: bool, country: str | None = None) -> str:
    """Replace every `{{...}}` in `text` with the formatted quantity."""
    return QUANTITY_PATTERN.sub(
        lambda m: format_quantity(parse_quantity(m.group(1)), locale, imperial=imperial, country=country),
        text,
    )
