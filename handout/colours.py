"""Colour arithmetic for print: WCAG contrast, tints and the greyscale edition.

Plain numbers, no ReportLab, so the quality gates can use the same maths as the layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
MIN_TEXT_CONTRAST = 4.5


@dataclass(frozen=True)
class RGB:
    """An sRGB colour with channels in 0..1."""

    r: float
    g: float
    b: float

    @classmethod
    def from_hex(cls, text: str) -> RGB:
        match = _HEX.match(text.strip())
        if not match:
            raise ValueError(f"'{text}' is not a hex colour; write it like #00695C")
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        r, g, b = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
        return cls(r, g, b)

    @property
    def hex(self) -> str:
        return "#" + "".join(f"{round(c * 255):02X}" for c in (self.r, self.g, self.b))

    @property
    def luminance(self) -> float:
        """WCAG 2 relative luminance."""

        def linear(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)

    def mix(self, other: RGB, amount: float) -> RGB:
        """`amount` of `other` blended into this colour (0 keeps this colour)."""
        return RGB(*(a + (b - a) * amount for a, b in zip(self.channels, other.channels, strict=True)))

    @property
    def channels(self) -> tuple[float, float, float]:
        return (self.r, self.g, self.b)

    def to_grey(self) -> RGB:
        """The neutral grey with the same luminance, so contrast is kept in the greyscale edition."""
        lum = self.luminance
        srgb = lum * 12.92 if lum <= 0.0031308 else 1.055 * lum ** (1 / 2.4) - 0.055
        return RGB(srgb, srgb, srgb)


WHITE = RGB(1.0, 1.0, 1.0)
INK = RGB.from_hex("#1B1B1B")


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    hi, lo = sorted((a.luminance, b.luminance), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def darken_until_readable(colour: RGB, background: RGB, target: float = MIN_TEXT_CONTRAST) -> RGB:
    """The colour itself if it passes on `background`, else the nearest darker shade that does."""
    shade = colour
    step = 0
    while contrast(shade, background) < target and step < 40:
        step += 1
        shade = colour.mix(RGB(0, 0, 0), step / 40)
    return shade
