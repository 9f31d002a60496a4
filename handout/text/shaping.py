"""HarfBuzz shaping of one run (one font, one direction) into a string ReportLab's canvas draws.

ReportLab's own `shapeStr` guesses the direction from the text, which reverses Arabic-Indic
digits ("٢٠٢٤" comes out "٤٢٠٢"), and it shapes a word in one font only. Here the caller says
the direction (from the bidi level) and the font, and the result is a ReportLab `ShapedStr`
whose glyph positions the canvas text object honours.
"""

from __future__ import annotations

from functools import cache, lru_cache
from math import comb

import uharfbuzz as hb
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, TTFont
from reportlab.pdfgen.textobject import PDFTextObject

from handout.caches import register

_FEATURES = {"kern": True, "liga": True}


def _set_rise(self: PDFTextObject, rise: float) -> None:
    """ReportLab 5.1's `setRise`, with the state kept when it folds two rises into one.

    Its shortcut for "r0 Ts r1 Ts" rewrites the last operator but leaves `_rise` at r0, so
    a shaped run whose glyph after a raised mark should sit on the baseline is drawn at the
    mark's height (the dal of Urdu "ڈھیلے" dropped by a quarter em, below the line).
    """
    if self._code[-1].endswith(" Ts"):  # noqa: SLF001 - ReportLab's own state
        self._y += self._rise  # noqa: SLF001
        self._code[-1] = f"{fp_str(rise)} Ts"  # noqa: SLF001
    else:
        self._code.append(f"{fp_str(rise)} Ts")  # noqa: SLF001
    self._rise = rise  # noqa: SLF001
    self._y -= rise  # noqa: SLF001


PDFTextObject.setRise = _set_rise


@register
@cache
def _hb_font(face: str) -> tuple[TTFont, hb.Font]:
    """ReportLab's font and a HarfBuzz font on the same bytes (one per process and face)."""
    ttf = pdfmetrics.getFont(face)
    if not isinstance(ttf, TTFont):
        raise TypeError(f"{face} is not a TrueType font; only registered TTFonts can be shaped")
    return ttf, ttf.hbFont(1000)  # hbFont also installs ReportLab's private-use glyph mapper


@register
@lru_cache(maxsize=8192)
def shape(text: str, face: str, rtl: bool = False, language: str = "") -> tuple[ShapedStr, float]:
    """Shape `text` in one face; return the drawable string and its advance per 1 pt of size.

    Args:
        text: one directional run (all of it at one bidi level), in logical order.
        face: a registered ReportLab TTFont name, e.g. ``NotoSansArabic-Bold``.
        rtl: the run's direction; HarfBuzz then emits glyphs in visual (left-to-right) order.
        language: BCP 47 tag for language-specific forms (``hi``, ``ar``).

    Returns:
        The ShapedStr to pass to a canvas text object, and the width at font size 1.
    """
    ttf, font = _hb_font(face)
    buf = _shaped(font, text, rtl, language)
    face_data = ttf.face
    glyph_to_char, char_widths = face_data.glyphToChar, face_data.charWidths
    chars: list[str] = []
    data: list[ShapeData] = []
    total = 0.0
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        try:
            uchar = glyph_to_char[gid][0]
        except (KeyError, IndexError):
            # A glyph with no character of its own (ligature, joining form): ReportLab maps it
            # to a private-use code point so its subsetter can embed it.
            uchar = ttf.hbAddPrivate(font.glyph_to_string(gid), gid, pos.x_advance)
        x_advance = ttf.pdfScale(pos.x_advance)
        total += x_advance
        chars.append(chr(uchar))
        data.append(ShapeData(info.cluster, x_advance, ttf.pdfScale(pos.y_advance),
                              ttf.pdfScale(pos.x_offset), ttf.pdfScale(pos.y_offset),
                              char_widths[uchar]))
    return ShapedStr("".join(chars), shapeData=data), total / 1000.0


def _shaped(font: hb.Font, text: str, rtl: bool, language: str) -> hb.Buffer:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "rtl" if rtl else "ltr"
    if language:
        buf.language = language
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.guess_segment_properties()  # script only: direction and language are already set
    hb.shape(font, buf, _FEATURES)
    return buf


InkBox = tuple[float, float, float, float]  # left, right, bottom, top
# Width of the columns a glyph's outline is cut into for its ink profile, in 1/1000 em.
INK_COLUMN = 40


class _ColumnPen:
    """Records, per column of INK_COLUMN units, the lowest and highest point of an outline.

    Curves are followed in short straight steps; a column's span may include the gap between
    a letter and its dot, which only makes the profile err on the side of room.
    """

    def __init__(self) -> None:
        self.columns: dict[int, tuple[float, float]] = {}
        self._at = (0.0, 0.0)
        self._start = (0.0, 0.0)

    def _mark(self, x: float, y: float) -> None:
        column = int(x // INK_COLUMN)
        low, high = self.columns.get(column, (y, y))
        self.columns[column] = (min(low, y), max(high, y))

    def _segment(self, points: list[tuple[float, float]]) -> None:
        """A line (two points) or Bezier curve (three or four) from the current point."""
        x0, y0 = points[0]
        reach = max(abs(x - x0) + abs(y - y0) for x, y in points)
        steps = max(1, int(reach // (INK_COLUMN / 2)) + 1)
        n = len(points) - 1
        for step in range(steps + 1):
            t = step / steps
            coeffs = [comb(n, i) * (1 - t) ** (n - i) * t ** i for i in range(n + 1)]
            self._mark(sum(c * p[0] for c, p in zip(coeffs, points, strict=True)),
                       sum(c * p[1] for c, p in zip(coeffs, points, strict=True)))
        self._at = points[-1]

    def moveTo(self, point: tuple[float, float]) -> None:  # noqa: N802 - pen protocol
        self._at = self._start = point

    def lineTo(self, point: tuple[float, float]) -> None:  # noqa: N802
        self._segment([self._at, point])

    def qCurveTo(self, *points: tuple[float, float]) -> None:  # noqa: N802
        self._segment([self._at, *points])

    def curveTo(self, *points: tuple[float, float]) -> None:  # noqa: N802
        self._segment([self._at, *points])

    def closePath(self) -> None:  # noqa: N802
        self._segment([self._at, self._start])


@register
@cache
def _glyph_columns(face: str, gid: int) -> tuple[InkBox, ...]:
    """The ink profile of one glyph: a narrow box per column, in font units from its origin."""
    _, font = _hb_font(face)
    pen = _ColumnPen()
    font.draw_glyph_with_pen(gid, pen)
    return tuple((c * INK_COLUMN, (c + 1) * INK_COLUMN, low, high)
                 for c, (low, high) in sorted(pen.columns.items()))


@register
@lru_cache(maxsize=8192)
def ink(text: str, face: str, rtl: bool = False, language: str = "") -> tuple[InkBox, ...]:
    """The ink of the run as `shape` sets it, as narrow boxes (a few per glyph, following its
    outline), at 1 pt from the run's left end and baseline (y up).

    Why: a Nastaliq letter can climb two ems above its line or drop below the next line's
    tops, far outside any line height of the font; spacing lines by their ink needs this, and
    a glyph's bounding box would overstate a diagonal stroke.
    """
    ttf, font = _hb_font(face)
    buf = _shaped(font, text, rtl, language)
    boxes: list[InkBox] = []
    x = 0
    scale = ttf.pdfScale(1000) / 1e6  # font units to points at 1 pt
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        dx, dy = x + pos.x_offset, pos.y_offset
        boxes += [((dx + left) * scale, (dx + right) * scale, (dy + low) * scale, (dy + high) * scale)
                  for left, right, low, high in _glyph_columns(face, info.codepoint)]
        x += pos.x_advance
    return tuple(boxes)


def width(text: str, face: str, size: float, rtl: bool = False, language: str = "") -> float:
    """Shaped advance width of `text` at `size` points."""
    return shape(text, face, rtl, language)[1] * size if text else 0.0


def glyph_count(text: str, face: str, rtl: bool = False, language: str = "") -> int:
    """Number of glyphs HarfBuzz makes of `text` (fewer than characters for conjuncts)."""
    return len(shape(text, face, rtl, language)[0])
