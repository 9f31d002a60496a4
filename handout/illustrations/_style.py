"""Shared line style and geometry helpers so every illustration looks like one family.

Colours are not made here: an illustration takes the roles of `handout.theme.ArtColours`, from
the same palette as the text, and hands them to ReportLab with `handout.colours.rl_colour`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from reportlab.graphics.shapes import Circle, Group, Path, Rect
from reportlab.lib.colors import Color

Point = tuple[float, float]

# --- the grid and the line -------------------------------------------------------------
# Pictogram glyphs are drawn on a 24-unit grid (live area 2..22, like common icon sets) with
# ONE stroke weight; the glyph is then scaled into its tinted circle by GLYPH_SCALE.
GRID: float = 24.0
STROKE: float = 2.0
GLYPH_SCALE: float = 0.82
# The "gap" drawn around a figure where it overlaps a prop (chair, bed), as on public signs.
HALO: float = 1.5
ROUND: int = 1  # PDF line cap / join code for "round"

# --- shape helpers ---------------------------------------------------------------------
def stroke_path(points: Sequence[Point], color: Color, width: float = STROKE,
                closed: bool = False) -> Path:
    """A polyline in the house line style: one weight, round caps and joins, no fill."""
    p = Path(fillColor=None, strokeColor=color, strokeWidth=width,
             strokeLineCap=ROUND, strokeLineJoin=ROUND)
    p.moveTo(*points[0])
    for pt in points[1:]:
        p.lineTo(*pt)
    if closed:
        p.closePath()
    return p


def spline_points(points: Sequence[Point], closed: bool) -> list[tuple[Point, Point, Point]]:
    """Catmull-Rom through `points` as cubic Bezier (c1, c2, end) triples.

    Smooth organic outlines are easier to tune as a list of points the curve passes through
    than as raw Bezier handles. Repeat a point to make a corner.
    """
    pts = list(points)
    n = len(pts)
    segs: list[tuple[Point, Point, Point]] = []
    last = n if closed else n - 1
    for i in range(last):
        p0 = pts[(i - 1) % n] if (closed or i > 0) else pts[i]
        p1, p2 = pts[i], pts[(i + 1) % n]
        p3 = pts[(i + 2) % n] if (closed or i + 2 < n) else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        segs.append((c1, c2, p2))
    return segs


def spline_path(points: Sequence[Point], *, closed: bool, fill: Color | None,
                stroke: Color | None, width: float = STROKE, open_gap: bool = False) -> Path:
    """A smooth Path through points in the house line style.

    open_gap=True traces the closed curve but leaves its last segment undrawn: an outline
    that melts into what it joins (an arm into the shoulder).
    """
    p = Path(fillColor=fill, strokeColor=stroke, strokeWidth=width,
             strokeLineCap=ROUND, strokeLineJoin=ROUND,
             autoclose="pdf" if closed and not open_gap else None)
    p.moveTo(*points[0])
    segs = spline_points(points, closed)
    for c1, c2, end in segs[:-1] if open_gap else segs:
        p.curveTo(c1[0], c1[1], c2[0], c2[1], end[0], end[1])
    if closed and not open_gap:
        p.closePath()
    return p


def sample_spline(points: Sequence[Point], closed: bool, per_segment: int = 12) -> list[Point]:
    """Flatten the same curve spline_path draws, for geometry (hatching, hit areas)."""
    out: list[Point] = [(points[0][0], points[0][1])]
    start = points[0]
    for c1, c2, end in spline_points(points, closed):
        for k in range(1, per_segment + 1):
            t = k / per_segment
            u = 1 - t
            x = u**3 * start[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t**3 * end[0]
            y = u**3 * start[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t**3 * end[1]
            out.append((x, y))
        start = end
    return out


def polygon_path(points: Sequence[Point], *, fill: Color | None, stroke: Color | None,
                 width: float = STROKE) -> Path:
    """A closed polygon (used for flattened, computed shapes such as zones)."""
    p = Path(fillColor=fill, strokeColor=stroke, strokeWidth=width,
             strokeLineCap=ROUND, strokeLineJoin=ROUND, autoclose="pdf")
    p.moveTo(*points[0])
    for pt in points[1:]:
        p.lineTo(*pt)
    p.closePath()
    return p


def rounded_rect(x0: float, y0: float, x1: float, y1: float, r: float, *,
                 fill: Color | None, stroke: Color | None, width: float = STROKE) -> Rect:
    """A rectangle with round corners in the house line style."""
    return Rect(x0, y0, x1 - x0, y1 - y0, rx=r, ry=r, fillColor=fill, strokeColor=stroke,
                strokeWidth=width, strokeLineJoin=ROUND, strokeLineCap=ROUND)


def arc_points(cx: float, cy: float, r: float, a0: float, a1: float, n: int = 24
               ) -> list[Point]:
    """Points along a circular arc from angle a0 to a1 (degrees, counter-clockwise if a1>a0)."""
    return [(cx + r * math.cos(math.radians(a0 + (a1 - a0) * i / n)),
             cy + r * math.sin(math.radians(a0 + (a1 - a0) * i / n))) for i in range(n + 1)]


def dot(cx: float, cy: float, r: float, color: Color) -> Circle:
    """A filled disc without outline (heads, pads)."""
    return Circle(cx, cy, r, fillColor=color, strokeColor=None, strokeWidth=0)


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
    """Wrap shapes in a Group that maps design units to points (strokes scale with it)."""
    g = Group(*shapes)
    g.transform = (k, 0, 0, k, dx, dy)
    return g
