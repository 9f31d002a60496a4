"""Colour arithmetic for print: WCAG contrast, tints and the greyscale edition.

The one implementation, for text, illustrations and the quality gates alike. Plain numbers:
ReportLab is imported only to hand a colour over to it (`rl_colour`), so the gates can use the
same maths as the layout without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportlab.lib.colors import Color

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
DEFAULT_ACCENT = "#00695C"  # deep teal: the brand colour of a clinic profile that gives none
MIN_TEXT_CONTRAST = 4.5
# sRGB (IEC 61966-2-1): channel values up to this are linear. WCAG 2 once printed 0.03928, from
# an early sRGB draft; no 8-bit value lies between the two, but a mixed colour can.
_LINEAR_UP_TO = 0.04045


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
            raise ValueError(f"'{text}' is not a hex colour; write it like {DEFAULT_ACCENT}")
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
            return c / 12.92 if c <= _LINEAR_UP_TO else ((c + 0.055) / 1.055) ** 2.4

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
        srgb = min(1.0, max(0.0, srgb))
        return RGB(srgb, srgb, srgb)


WHITE = RGB(1.0, 1.0, 1.0)
BLACK = RGB(0.0, 0.0, 0.0)


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    hi, lo = sorted((a.luminance, b.luminance), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def reach_contrast(colour: RGB, background: RGB, minimum: float = MIN_TEXT_CONTRAST, *,
                   toward: RGB = BLACK, steps: int = 40) -> RGB:
    """The colour itself if it reaches `minimum` on `background`, else the first of `steps`
    shades towards `toward` (black: darker) that does; `toward` itself if none does."""
    for step in range(steps + 1):
        shade = colour.mix(toward, step / steps)
        if contrast(shade, background) >= minimum:
            return shade
    return toward


def rl_colour(colour: RGB) -> Color:
    """The colour as ReportLab draws it."""
    from reportlab.lib.colors import Color

    return Color(colour.r, colour.g, colour.b)
