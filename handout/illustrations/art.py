"""Pictograms and body figures from their SVG files, as ReportLab Drawings in the palette's colours.

The file's colour roles are replaced by the palette's colours (`handout.artfiles.painted`) and
svglib turns the result into ReportLab shapes, once per file and palette. A pictogram is set in
its tinted circle; a figure is drawn with the chosen zones toned, hatched and outlined from the
zones' own shapes, so they read without colour.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from reportlab.graphics.shapes import Circle, Drawing, Ellipse, Group, Polygon, Rect, Shape, mmult
from reportlab.graphics.shapes import Path as RlPath

from handout.artfiles import FIGURE, PICTOGRAM, ROLE_COLOURS, ZONES_LAYER, ArtKind, painted, zone_ids
from handout.caches import register
from handout.colours import rl_colour
from handout.theme import ArtColours, make_palette

from ._style import GLYPH_SCALE, HATCH_SPACING, HATCH_WIDTH, ZONE_OUTLINE, Point, hatch, polygon_path, scaled
from ._style import stroke_path as line

FIGURE_ASPECT: float = FIGURE.grid[1] / FIGURE.grid[0]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_CURVE_STEPS = 12  # straight pieces per curve when a zone's outline is flattened for hatching


def pictogram(path: Path, size: float, pal: ArtColours) -> Drawing:
    """Square Drawing `size` points wide: the file's glyph centred in a circle of the tint colour."""
    if size <= 0:
        raise ValueError(f"size must be positive, got {size!r}")
    grid = PICTOGRAM.grid[0]
    inner = GLYPH_SCALE * size / grid
    offset = (size - grid * inner) / 2
    d = Drawing(size, size)
    d.add(Circle(size / 2, size / 2, size / 2, fillColor=rl_colour(pal.tint), strokeColor=None, strokeWidth=0))
    d.add(scaled([_art(path, PICTOGRAM, pal)], inner, offset, offset))
    return d


def body_figure(path: Path, zones: Sequence[str], width: float, pal: ArtColours) -> Drawing:
    """The figure `width` points wide (height width * FIGURE_ASPECT), `zones` highlighted."""
    if isinstance(zones, str):
        zones = (zones,)
    known = zone_ids(path)
    unknown = [zone for zone in zones if zone not in known]
    if unknown:
        raise ValueError(f"unknown zone(s) {unknown!r} in {path.name}; its zones: " + ", ".join(known))
    if width <= 0:
        raise ValueError(f"width must be positive, got {width!r}")
    d = Drawing(width, width * FIGURE_ASPECT)
    d.add(scaled([_highlighted(_art(path, FIGURE, pal), set(zones), pal)], width / FIGURE.grid[0]))
    return d


def zone_box(path: Path, zone: str, width: float) -> tuple[float, float, float, float]:
    """Bounds (x0, y0, x1, y1, points from the drawing's bottom-left) of a zone drawn `width` wide."""
    scale = width / FIGURE.grid[0]
    points = [(x * scale, y * scale) for polygon in _zone_polygons(path, zone) for x, y in polygon]
    if not points:
        raise ValueError(f"unknown zone {zone!r} in {path.name}; its zones: " + ", ".join(zone_ids(path)))
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


# --- from file to shapes -----------------------------------------------------------------------
@register
@lru_cache(maxsize=128)
def _art(path: Path, kind: ArtKind, pal: ArtColours) -> Group:
    """The file drawn in `pal` as one Group in grid units, y upwards (zones layer included)."""
    from svglib.svglib import svg2rlg

    colours = {role: getattr(pal, field).hex for role, field in ROLE_COLOURS.items()}
    drawing = svg2rlg(io.BytesIO(painted(path, colours, show_zones=True)))
    if drawing is None:
        raise ValueError(f"{path}: svglib could not read it")
    group = Group(*drawing.contents)  # svglib sizes the drawing in points (a px is 0.75 pt):
    group.transform = (kind.grid[0] / drawing.width, 0, 0, kind.grid[1] / drawing.height, 0, 0)  # back to the grid
    return group


def _walk(node: object, matrix: Matrix) -> Iterator[tuple[object, Matrix]]:
    """Every node with the transform that maps it to grid units, parents before children."""
    transform = getattr(node, "transform", None)
    if isinstance(node, Group) and transform is not None:
        matrix = mmult(matrix, tuple(transform))
    yield node, matrix
    for child in getattr(node, "contents", ()):
        yield from _walk(child, matrix)


def _zone_shapes(layer: Group) -> Iterator[tuple[str, Shape, Matrix]]:
    """(zone id, shape, transform inside the layer) of each zone of a zones layer; a shape with
    a transform of its own comes wrapped in a group that carries its id."""
    def visit(node: object, matrix: Matrix, zone: str | None) -> Iterator[tuple[str, Shape, Matrix]]:
        if isinstance(node, Group):
            if node.transform is not None:
                matrix = mmult(matrix, tuple(node.transform))
            for child in node.contents:
                yield from visit(child, matrix, getattr(child, "svgid", None) or zone)
        elif zone:
            yield zone, node, matrix

    for child in layer.contents:
        yield from visit(child, _IDENTITY, getattr(child, "svgid", None))


def _highlighted(node: object, zones: set[str], pal: ArtColours) -> object:
    """A copy of the tree with the zones layer replaced by the chosen zones' highlights."""
    if not isinstance(node, Group):
        return node
    if getattr(node, "svgid", None) == ZONES_LAYER:
        marks: list[Shape] = []
        for zone, shape, matrix in _zone_shapes(node):
            if zone in zones:
                marks += _highlight([_apply(matrix, polygon) for polygon in _polygons(shape)], pal)
        layer = Group(*marks)
        layer.transform = node.transform
        return layer
    copy = Group(*(_highlighted(child, zones, pal) for child in node.contents))
    copy.transform = node.transform
    return copy


def _highlight(polygons: list[list[Point]], pal: ArtColours) -> list[Shape]:
    """Tone, hatching and outline: the zone reads in greyscale by its hatching alone."""
    tone, ink = rl_colour(pal.highlight), rl_colour(pal.hatch)
    shapes: list[Shape] = [polygon_path(p, fill=tone, stroke=None) for p in polygons if len(p) > 2]
    for polygon in polygons:
        # The layer is in SVG's y-down units: hatch it the way up it prints (lines rising to the
        # right, counted from the zone's lowest corner), then turn the lines back.
        upright = [(x, -y) for x, y in polygon]
        shapes += [line([(a[0], -a[1]), (b[0], -b[1])], ink, HATCH_WIDTH)
                   for a, b in hatch(upright, HATCH_SPACING, 45.0)]
    shapes += [polygon_path(p, fill=None, stroke=ink, width=ZONE_OUTLINE) for p in polygons if len(p) > 2]
    return shapes


def _zone_polygons(path: Path, zone: str) -> list[list[Point]]:
    """A zone's outline in grid units, y upwards, as flattened polygons."""
    found: list[list[Point]] = []
    for node, matrix in _walk(_art(path, FIGURE, make_palette().art), _IDENTITY):  # any palette: same shapes
        if isinstance(node, Group) and getattr(node, "svgid", None) == ZONES_LAYER:
            for name, shape, inner in _zone_shapes(node):
                if name == zone:
                    found += [_apply(mmult(matrix, inner), p) for p in _polygons(shape)]
    return found


def _apply(m: Sequence[float], polygon: list[Point]) -> list[Point]:
    return [(m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]) for x, y in polygon]


def _polygons(shape: object) -> list[list[Point]]:
    """The shape's outline as closed polygons (curves flattened), one per subpath."""
    if isinstance(shape, RlPath):
        return _flatten(shape)
    if isinstance(shape, Polygon):
        pts = list(shape.points)
        return [list(zip(pts[::2], pts[1::2], strict=True))]
    if isinstance(shape, Rect):
        x, y, w, h = shape.x, shape.y, shape.width, shape.height
        return [[(x, y), (x + w, y), (x + w, y + h), (x, y + h)]]
    if isinstance(shape, Circle | Ellipse):
        rx, ry = (shape.r, shape.r) if isinstance(shape, Circle) else (shape.rx, shape.ry)
        return [[(shape.cx + rx * math.cos(2 * math.pi * i / 48), shape.cy + ry * math.sin(2 * math.pi * i / 48))
                 for i in range(48)]]
    return []


def _flatten(path: RlPath) -> list[list[Point]]:
    pts, i = path.points, 0
    polygons: list[list[Point]] = []
    current: list[Point] = []
    for op in path.operators:
        if op == 0:  # moveTo
            if len(current) > 2:
                polygons.append(current)
            current, i = [(pts[i], pts[i + 1])], i + 2
        elif op == 1:  # lineTo
            current.append((pts[i], pts[i + 1]))
            i += 2
        elif op == 2:  # curveTo
            start = current[-1]
            c1, c2, end = (pts[i], pts[i + 1]), (pts[i + 2], pts[i + 3]), (pts[i + 4], pts[i + 5])
            for step in range(1, _CURVE_STEPS + 1):
                t = step / _CURVE_STEPS
                u = 1 - t
                current.append((u**3 * start[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t**3 * end[0],
                                u**3 * start[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t**3 * end[1]))
            i += 6
    if len(current) > 2:
        polygons.append(current)
    return polygons


