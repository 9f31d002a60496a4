"""The house line style shared by the drawn parts of every illustration (the zone highlight).

The pictograms and figures themselves are SVG files (`handout.artfiles` says where and by which
rules); what is drawn here is what no file holds: a pictogram's tinted circle and a zone's tone,
hatching and outline. Colours are the roles of `handout.theme.ArtColours`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from reportlab.graphics.shapes import Group, Path
from reportlab.lib.colors import Color

Point = tuple[float, float]

# The glyph of a pictogram (a 24-unit grid) fills GLYPH_SCALE of its tinted circle.
GLYPH_SCALE: float = 0.82
ROUND: int = 1  # PDF line cap / join code for "round"

# A highlighted zone, in figure grid units: outline, hatch line and the hatch spacing.
ZONE_OUTLINE: float = 1.3
HATCH_WIDTH: float = 0.65
HATCH_SPACING: float = 3.41


def stroke_path(points: Sequence[Point], color: Color, width: float) -> Path:
    """A polyline in the house line style: round caps and joins, no fill."""
    p = Path(fillColor=None, strokeColor=color, strokeWidth=width,
             strokeLineCap=ROUND, strokeLineJoin=ROUND)
    p.moveTo(*points[0])
    for pt in points[1:]:
        p.lineTo(*pt)
    return p


def polygon_path(points: Sequence[Point], *, fill: Color | None, stroke: Color | None,
                 width: float = 0.0) -> Path:
    """A closed polygon (a zone, flattened from its shape)."""
    p = Path(fillColor=fill, strokeColor=stroke, strokeWidth=width,
             strokeLineCap=ROUND, strokeLineJoin=ROUND, autoclose="pdf")
    p.moveTo(*points[0])
    for pt in points[1:]:
        p.lineTo(*pt)
    p.closePath()
    return p


def hatch(polygon: Sequence[Point], spacing: float, angle_deg: float = 45.0
          ) -> list[tuple[Point, Point]]:
    """Parallel hatch segments clipped to a polygon, computed here rather than with a PDF
    clip path so they render the same in every ReportLab backend."""
    a = math.radians(angle_deg)
    d = (math.cos(a), math.sin(a))
    n = (-d[1], d[0])
    proj = [p[0] * n[0] + p[1] * n[1] for p in polygon]
    lo, hi = min(proj), max(proj)
    segments: list[tuple[Point, Point]] = []
    c = lo + spacing / 2
    count = len(polygon)
    while c < hi:
        hits: list[float] = []
        for i in range(count):
            p, q = polygon[i], polygon[(i + 1) % count]
            sp, sq = proj[i], proj[(i + 1) % count]
            if (sp <= c < sq) or (sq <= c < sp):
                t = (c - sp) / (sq - sp)
                x, y = p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])
                hits.append(x * d[0] + y * d[1])
        hits.sort()
        for s0, s1 in zip(hits[::2], hits[1::2], strict=False):  # an odd last hit is a tangent
            segments.append(((c * n[0] + s0 * d[0], c * n[1] + s0 * d[1]),
                             (c * n[0] + s1 * d[0], c * n[1] + s1 * d[1])))
        c += spacing
    return segments


def scaled(shapes: Iterable[object], k: float, dx: float = 0.0, dy: float = 0.0) -> Group:
    """Wrap shapes in a Group that maps grid units to points (strokes scale with it)."""
    g = Group(*shapes)
    g.transform = (k, 0, 0, k, dx, dy)
    return g
