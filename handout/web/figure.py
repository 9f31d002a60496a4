"""The body figure of the PDFs, as SVG for the page, and where each back zone is, to tap it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from handout.caches import register

WIDTH = 120.0  # design width of the SVG (it is scaled by CSS)


@dataclass(frozen=True)
class Hotspot:
    zone: str
    x: float
    y: float  # from the top, as SVG counts
    width: float
    height: float


@register
@lru_cache(maxsize=32)
def figure_svg(zones: tuple[str, ...], accent: str) -> bytes:
    """The figure with `zones` shaded, drawn by the same code as the PDFs' (ReportLab's SVG renderer)."""
    from reportlab.graphics import renderSVG

    from handout.illustrations import body_figure
    from handout.theme import make_palette

    drawing = body_figure(zones, WIDTH, make_palette(accent).art)
    svg: str = renderSVG.drawToString(drawing)
    return svg.encode("utf-8")


def size() -> tuple[float, float]:
    from handout.illustrations import FIGURE_ASPECT

    return WIDTH, WIDTH * FIGURE_ASPECT


@register
@lru_cache(maxsize=8)
def hotspots(zones: tuple[str, ...]) -> tuple[Hotspot, ...]:
    """A generous box over each zone (tapped with a finger), in the SVG's coordinates."""
    from handout.illustrations import zone_box

    height = size()[1]
    found = []
    for zone in zones:
        x0, y0, x1, y1 = zone_box(zone, WIDTH)
        pad = 6.0
        found.append(Hotspot(zone, round(x0 - pad, 1), round(height - y1 - pad / 2, 1),
                             round(x1 - x0 + 2 * pad, 1), round(y1 - y0 + pad, 1)))
    return tuple(found)
