"""Public-information-style pictograms, one function each, all on the same 24-unit grid."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from reportlab.graphics.shapes import Circle, Drawing, Shape
from reportlab.lib.colors import Color

from handout.colours import rl_colour
from handout.theme import ArtColours

from ._style import (
    GLYPH_SCALE,
    GRID,
    HALO,
    STROKE,
    Point,
    arc_points,
    dot,
    polygon_path,
    rounded_rect,
    scaled,
    spline_path,
    stroke_path,
)

HEAD_R = 2.2  # head radius on the grid: one size for every figure


class _Glyph:
    """Collects a glyph in paint order: props, then the figure's gap (halo), then the figure.

    The gap, painted in the circle's colour, keeps a figure legible where it overlaps a chair
    or a bed: the trick public signs use instead of thinner lines or extra outlines.
    """

    def __init__(self, pal: ArtColours) -> None:
        self.ink, self.prop, self.tint = rl_colour(pal.ink), rl_colour(pal.prop), rl_colour(pal.tint)
        self._props: list[Shape] = []
        self._halo: list[Shape] = []
        self._figure: list[Shape] = []

    # objects: bed, chair, box, shoe, scale ---------------------------------------------
    def prop_line(self, *points: Point, color: Color | None = None) -> None:
        self._props.append(stroke_path(points, color or self.prop))

    def prop_fill(self, points: Sequence[Point], *, smooth: bool = False,
                  color: Color | None = None, gap: bool = False) -> None:
        """A filled object; gap=True cuts it free from what was drawn before it."""
        c = color or self.prop
        if gap:
            self._props.append(_closed(points, smooth, self.tint, STROKE + 2 * HALO))
        self._props.append(_closed(points, smooth, c, STROKE))

    def prop_shape(self, shape: Shape) -> None:
        self._props.append(shape)

    # the human figure ------------------------------------------------------------------
    def limb(self, *points: Point, front: bool = False) -> None:
        """An arm or leg; front=True draws it over the torso with its own gap."""
        halo = stroke_path(points, self.tint, STROKE + 2 * HALO)
        (self._figure if front else self._halo).append(halo)
        self._figure.append(stroke_path(points, self.ink))

    def head(self, cx: float, cy: float) -> None:
        self._halo.append(dot(cx, cy, HEAD_R + HALO, self.tint))
        self._figure.append(dot(cx, cy, HEAD_R, self.ink))

    def torso(self, hip: Point, shoulder: Point, *, half_width: float = 0.8,
              bump: float = 0.0, facing: int = 1) -> None:
        """A filled torso from hip to shoulder; `bump` adds a pregnant belly on the front
        (the right of the hip-to-shoulder direction, or its left when facing=-1)."""
        pts = _torso_points(hip, shoulder, half_width, bump, facing)
        self._halo.append(spline_path(pts, closed=True, fill=self.tint,
                                      stroke=self.tint, width=STROKE + 2 * HALO))
        self._figure.append(spline_path(pts, closed=True, fill=self.ink, stroke=self.ink))

    def build(self) -> list[Shape]:
        return [*self._props, *self._halo, *self._figure]


def _closed(points: Sequence[Point], smooth: bool, color: Color, width: float) -> Shape:
    """A filled and stroked closed shape (the stroke rounds its corners)."""
    if smooth:
        return spline_path(points, closed=True, fill=color, stroke=color, width=width)
    return polygon_path(points, fill=color, stroke=color, width=width)


def _torso_points(hip: Point, shoulder: Point, hw: float, bump: float, facing: int
                  ) -> list[Point]:
    ux, uy = shoulder[0] - hip[0], shoulder[1] - hip[1]
    length = math.hypot(ux, uy)
    ux, uy = ux / length, uy / length
    nx, ny = uy * facing, -ux * facing  # normal pointing to the figure's front

    def at(t: float, off: float) -> Point:
        return (hip[0] + ux * length * t + nx * off, hip[1] + uy * length * t + ny * off)

    pts = [at(0.0, -hw), at(1.0, -hw), at(1.0, hw)]
    if bump > 0:
        pts += [at(0.74, hw + 0.12 * bump), at(0.42, hw + bump), at(0.1, hw + 0.4 * bump)]
    pts.append(at(0.0, hw))
    return pts


def _crescent(cx: float, cy: float, r: float, cut: Point, cut_r: float) -> list[Point]:
    """A crescent moon: the disc (cx, cy, r) minus the disc at `cut` (offset) of cut_r."""
    d = math.hypot(*cut)
    base = math.degrees(math.atan2(cut[1], cut[0]))
    a = (r * r - cut_r * cut_r + d * d) / (2 * d)
    h = math.sqrt(r * r - a * a)
    alpha = math.degrees(math.acos(a / r))
    gamma = math.degrees(math.atan2(h, a - d))
    outer = arc_points(cx, cy, r, base + alpha, base + 360 - alpha)
    inner = arc_points(cx + cut[0], cy + cut[1], cut_r, base + 360 - gamma, base + gamma)
    return outer + inner[1:-1]


# --- the registry ----------------------------------------------------------------------
_Builder = Callable[[_Glyph], None]
_REGISTRY: dict[str, _Builder] = {}


def _register(pid: str) -> Callable[[_Builder], _Builder]:
    def deco(fn: _Builder) -> _Builder:
        _REGISTRY[pid] = fn
        return fn
    return deco


@_register("exercise")
def _exercise(g: _Glyph) -> None:
    """Pregnant woman walking: gentle, upright, mid-stride (not running)."""
    g.limb((10.8, 10.4), (9.8, 6.6), (8.4, 3.2), (9.4, 2.8))             # back leg
    g.limb((11.4, 10.4), (12.6, 6.8), (13.2, 3.0), (14.6, 3.0))          # front leg
    g.limb((10.8, 15.4), (9.6, 12.8), (8.4, 11.0))                       # arm swinging back
    g.torso((11.0, 10.6), (11.2, 16.2), half_width=0.8, bump=3.0)
    g.head(11.8, 19.6)


@_register("rest-sleep")
def _rest_sleep(g: _Glyph) -> None:
    """A person asleep in bed under a blanket, head on the pillow, a crescent moon above."""
    g.prop_line((3.0, 14.0), (3.0, 3.4))                                  # headboard
    g.prop_line((3.0, 7.0), (21.0, 7.0), (21.0, 3.4))                     # frame + foot
    g.prop_fill([(4.8, 8.8), (8.4, 8.8), (8.4, 9.6), (4.8, 9.6)])        # pillow
    g.head(7.0, 12.2)
    g.prop_fill([(9.8, 8.8), (20.2, 8.8), (20.2, 10.4), (16.0, 10.8), (13.0, 12.4),
                 (10.4, 12.6)], color=g.ink)                              # body under blanket
    g.prop_fill(_crescent(17.2, 17.6, 2.2, (1.2, 0.9), 1.9), color=g.ink)


@_register("lift-bent-knees")
def _lift_bent_knees(g: _Glyph) -> None:
    """Squatting with bent knees and a straight back, the box held close to the body."""
    g.limb((8.2, 8.8), (13.4, 9.6), (12.2, 4.2), (13.8, 4.2))            # thigh, shin, foot
    g.torso((8.4, 9.2), (9.8, 15.4), bump=1.2)
    g.head(10.8, 18.8)
    g.prop_fill([(15.0, 4.0), (19.6, 4.0), (19.6, 8.8), (15.0, 8.8)], gap=True)
    g.limb((10.2, 14.8), (12.8, 12.2), (15.4, 9.0), front=True)          # arms to the box


@_register("sit-upright")
def _sit_upright(g: _Glyph) -> None:
    """Sitting upright on a chair: straight back against the backrest, feet flat, uncrossed."""
    g.prop_line((6.0, 19.0), (6.0, 3.0))                                  # backrest + back leg
    g.prop_line((6.0, 8.6), (14.6, 8.6), (14.6, 3.0))                     # seat + front leg
    g.limb((9.0, 10.6), (15.4, 10.6), (15.4, 3.2), (17.4, 3.2))          # thigh, shin, foot
    g.torso((8.8, 10.8), (8.8, 16.8), bump=1.6)
    g.limb((9.4, 16.0), (10.4, 12.8), (13.4, 11.8), front=True)          # arm on the lap
    g.head(9.2, 20.0)


@_register("flat-shoes")
def _flat_shoes(g: _Glyph) -> None:
    """A low, comfortable shoe on a flat sole (trainer-like: the most recognisable shoe)."""
    upper = [(3.2, 6.0), (3.0, 10.6), (3.8, 11.4), (6.2, 10.8), (7.2, 10.2), (8.2, 11.6),
             (9.2, 11.2), (13.0, 9.2), (17.8, 8.2), (19.8, 7.6), (20.8, 6.6), (20.8, 6.0)]
    g.prop_fill([(x, y + 3.4) for x, y in upper], color=g.ink)
    g.prop_line((2.4, 7.0), (21.6, 7.0))                                   # flat sole


@_register("firm-mattress")
def _firm_mattress(g: _Glyph) -> None:
    """Lying on the back on a firm bed with a pillow under the knees."""
    g.prop_fill([(3.0, 7.0), (21.0, 7.0), (21.0, 8.8), (3.0, 8.8)])      # firm mattress
    g.prop_line((3.0, 7.0), (3.0, 5.2))
    g.prop_line((21.0, 7.0), (21.0, 5.2))
    g.prop_fill([(12.6, 11.2), (18.2, 11.2), (17.2, 13.2), (15.4, 14.0), (13.6, 13.2)],
                smooth=False, gap=True)                                   # knee pillow
    g.limb((11.0, 13.2), (15.4, 17.0), (19.8, 13.0))                     # thigh, shin
    g.torso((11.6, 13.2), (6.6, 13.2), bump=1.6)  # lying on the back: belly up
    g.head(4.6, 13.6)


@_register("healthy-weight")
def _healthy_weight(g: _Glyph) -> None:
    """A bathroom scale with a heart on it: healthy weight gain."""
    g.prop_shape(rounded_rect(3.8, 3.0, 20.2, 20.2, 3.0, fill=None, stroke=g.ink))
    dial = arc_points(12.0, 15.0, 3.4, 0, 180)
    g.prop_fill(dial, color=g.ink)
    g.prop_line((12.0, 15.6), (13.6, 17.4), color=g.tint)             # needle
    heart = [(12.0, 5.8), (7.8, 9.8), (9.4, 12.4), (12.0, 11.2), (14.6, 12.4), (16.2, 9.8)]
    g.prop_fill(heart, smooth=True)


# --- public API ------------------------------------------------------------------------
PICTOGRAM_IDS: tuple[str, ...] = ("exercise", "rest-sleep", "lift-bent-knees", "sit-upright",
                                  "flat-shoes", "firm-mattress", "healthy-weight")
if set(PICTOGRAM_IDS) != set(_REGISTRY):  # pragma: no cover - a developer error
    raise RuntimeError("PICTOGRAM_IDS and the pictogram registry disagree")


def pictogram(pictogram_id: str, size: float, pal: ArtColours) -> Drawing:
    """Square Drawing `size` points wide: the glyph centred in a circle of the tint colour."""
    if pictogram_id not in _REGISTRY:
        raise ValueError(f"unknown pictogram {pictogram_id!r}; valid ids: "
                         + ", ".join(PICTOGRAM_IDS))
    if size <= 0:
        raise ValueError(f"size must be positive, got {size!r}")
    glyph = _Glyph(pal)
    _REGISTRY[pictogram_id](glyph)
    k = size / GRID
    inner = GLYPH_SCALE * k
    offset = (size - GRID * inner) / 2
    d = Drawing(size, size)
    d.add(Circle(size / 2, size / 2, size / 2, fillColor=glyph.tint, strokeColor=None,
                 strokeWidth=0))
    d.add(scaled(glyph.build(), inner, offset, offset))
    return d
