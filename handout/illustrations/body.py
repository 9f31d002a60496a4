"""Side view of a pregnant woman standing, with the back zones that hurt shaded on demand."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from reportlab.graphics.shapes import Circle, Drawing, Shape

from handout.caches import register
from handout.colours import rl_colour
from handout.theme import ArtColours

from ._style import (
    Point,
    hatch,
    polygon_path,
    sample_spline,
    scaled,
    spline_path,
    stroke_path,
)

FIGURE_ASPECT: float = 1.9
FIGURE_ZONES: tuple[str, ...] = ("lower-back", "upper-back")

# Design space: the figure faces right (front = +x), so the back and spine are on the left.
# Units are arbitrary; _fit() maps the figure's bounds into the drawing.
_STROKE = 1.3
_SAMPLES = 12  # samples per spline segment (must match how _BACK_END is used)

_OUTLINE: list[Point] = [
    (46.4, 162.0),   # nape (hidden under the head)
    (43.5, 150.0),
    (40.0, 138.0),   # upper back, gently rounded
    (39.5, 126.0),
    (41.5, 114.0),   # lumbar curve (hollow, deeper in pregnancy)
    (41.0, 104.0),
    (37.0, 95.0),    # buttock
    (35.0, 84.0),
    (36.5, 73.0),
    (39.5, 60.0),    # back of thigh
    (41.4, 50.0),    # back of knee
    (40.0, 38.0),    # calf
    (42.5, 22.0),
    (43.8, 11.0),    # ankle
    (42.9, 6.6),     # heel
    (43.5, 4.0),
    (45.6, 3.0),
    (66.0, 3.0),     # sole to the toe
    (68.8, 4.8),
    (66.4, 7.4),
    (61.0, 9.8),     # top of foot
    (55.5, 13.5),    # front of ankle
    (54.5, 30.0),    # shin
    (56.5, 50.0),    # knee
    (59.0, 70.0),    # front of thigh
    (61.5, 84.0),
    (68.0, 91.0),    # lower belly
    (78.0, 102.0),
    (81.5, 114.0),   # bump
    (78.0, 126.0),
    (71.0, 132.0),   # under the breast
    (72.6, 138.0),
    (69.5, 144.5),
    (62.0, 149.0),   # upper chest
    (58.0, 154.0),
    (57.4, 163.0),   # throat (hidden under the head)
]
_BACK_END = 7  # _OUTLINE[0.._BACK_END] is the back, nape to buttock

# Upper arm hanging, forearm resting on the bump: keeps both back zones clear of the arm.
_ARM: list[Point] = [(x + 2.4, y) for x, y in (
    (49.0, 150.4), (47.6, 138.0), (47.8, 124.0), (50.6, 117.4), (58.0, 113.4),
    (65.6, 110.0), (71.0, 108.8), (72.0, 112.6), (66.0, 115.4), (58.4, 120.6),
    (56.4, 128.0), (57.6, 142.0), (56.4, 150.6),
)]
_HEAD = (53.8, 170.0, 11.6)   # cx, cy, r
_BUN = (41.8, 173.6, 5.4)

# Zone: where it sits on the back (top and bottom y) and how deep it reaches into the body.
_ZONES: dict[str, tuple[float, float, float]] = {
    "upper-back": (151.0, 126.0, 11.0),
    "lower-back": (121.0, 97.0, 12.0),
}


@register
@lru_cache(maxsize=1)
def _back_edge() -> tuple[Point, ...]:
    """The sampled back outline, nape to buttock: zones and spine are built along it."""
    pts = sample_spline(_OUTLINE, closed=True, per_segment=_SAMPLES)
    return tuple(pts[: _BACK_END * _SAMPLES + 1])


def _inward_normals(pts: Sequence[Point]) -> list[Point]:
    """Unit normals pointing into the body (the back edge runs downwards)."""
    normals: list[Point] = []
    for i in range(len(pts)):
        a, b = pts[max(i - 1, 0)], pts[min(i + 1, len(pts) - 1)]
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = math.hypot(dx, dy) or 1.0
        normals.append((-dy / length, dx / length))
    return normals


def _offset(pts: Sequence[Point], amounts: Sequence[float]) -> list[Point]:
    normals = _inward_normals(pts)
    return [(p[0] + n[0] * a, p[1] + n[1] * a) for p, n, a in zip(pts, normals, amounts, strict=True)]


def _zone_polygon(zone: str) -> list[Point]:
    """The zone in design units: its outer edge IS the back outline, the inner edge bulges."""
    top, bottom, depth = _ZONES[zone]
    edge = [p for p in _back_edge() if bottom <= p[1] <= top]
    n = len(edge) - 1
    amounts = [depth * max(0.0, math.sin(math.pi * i / n)) ** 0.55 for i in range(n + 1)]
    inner = _offset(edge, amounts)
    return edge + inner[::-1]


def _spine() -> list[Point]:
    edge = [p for p in _back_edge() if 96.0 <= p[1] <= 157.0]
    return _offset(edge, [4.6] * len(edge))


def _bounds() -> tuple[float, float, float, float]:
    pts = sample_spline(_OUTLINE, closed=True, per_segment=4)
    xs = [p[0] for p in pts] + [_BUN[0] - _BUN[2], _HEAD[0] + _HEAD[2]]
    ys = [p[1] for p in pts] + [_HEAD[1] + _HEAD[2]]
    pad = _STROKE
    return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad


def _fit(width: float) -> tuple[float, float, float]:
    """Scale and offset mapping design units into a width x width*ASPECT box, centred."""
    height = width * FIGURE_ASPECT
    x0, y0, x1, y1 = _bounds()
    margin = 0.04 * width
    k = min((width - 2 * margin) / (x1 - x0), (height - 2 * margin) / (y1 - y0))
    dx = (width - k * (x1 - x0)) / 2 - k * x0
    dy = (height - k * (y1 - y0)) / 2 - k * y0
    return k, dx, dy


def zone_box(zone: str, width: float) -> tuple[float, float, float, float]:
    """Bounding box (x0, y0, x1, y1, points from the drawing's bottom-left) of a zone.

    Lets layout code place a leader line or label next to the shaded area.
    """
    if zone not in _ZONES:
        raise ValueError(f"unknown zone {zone!r}; valid zones: " + ", ".join(FIGURE_ZONES))
    k, dx, dy = _fit(width)
    poly = _zone_polygon(zone)
    xs = [p[0] * k + dx for p in poly]
    ys = [p[1] * k + dy for p in poly]
    return min(xs), min(ys), max(xs), max(ys)


def _zone_shapes(zone: str, pal: ArtColours) -> list[Shape]:
    poly = _zone_polygon(zone)
    line = rl_colour(pal.hatch)
    shapes: list[Shape] = [polygon_path(poly, fill=rl_colour(pal.highlight), stroke=None)]
    for a, b in hatch(poly, spacing=3.4, angle_deg=45.0):
        shapes.append(stroke_path([a, b], line, width=_STROKE * 0.5))
    shapes.append(polygon_path(poly, fill=None, stroke=line, width=_STROKE))
    return shapes


def body_figure(zones: Sequence[str], width: float, pal: ArtColours) -> Drawing:
    """Profile of a standing pregnant woman; the named back zones are toned, hatched and
    outlined so they read without colour. Height is width * FIGURE_ASPECT."""
    if isinstance(zones, str):
        zones = (zones,)
    unknown = [z for z in zones if z not in _ZONES]
    if unknown:
        raise ValueError(f"unknown zone(s) {unknown!r}; valid zones: " + ", ".join(FIGURE_ZONES))
    if width <= 0:
        raise ValueError(f"width must be positive, got {width!r}")
    fill, ink = rl_colour(pal.figure), rl_colour(pal.ink)
    shapes: list[Shape] = [spline_path(_OUTLINE, closed=True, fill=fill, stroke=None)]
    for zone in FIGURE_ZONES:
        if zone in zones:
            shapes += _zone_shapes(zone, pal)
    shapes.append(spline_path(_OUTLINE, closed=True, fill=None, stroke=ink, width=_STROKE))
    spine = stroke_path(_spine(), rl_colour(pal.ink.mix(pal.figure, 0.35)), width=_STROKE)
    spine.strokeDashArray = [1.6, 3.6]  # short round-capped dashes: vertebrae, not a zone
    shapes.append(spine)
    shapes.append(spline_path(_ARM, closed=True, fill=fill, stroke=None))
    shapes.append(spline_path(_ARM, closed=True, fill=None, stroke=ink, width=_STROKE,
                              open_gap=True))
    for cx, cy, r in (_BUN, _HEAD):
        shapes.append(Circle(cx, cy, r, fillColor=fill, strokeColor=ink, strokeWidth=_STROKE))
    k, dx, dy = _fit(width)
    d = Drawing(width, width * FIGURE_ASPECT)
    d.add(scaled(shapes, k, dx, dy))
    return d
