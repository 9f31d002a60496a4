"""HarfBuzz shaping of one run (one font, one direction) into a string ReportLab's canvas draws.

ReportLab's own `shapeStr` guesses the direction from the text, which reverses Arabic-Indic
digits ("٢٠٢٤" comes out "٤٢٠٢"), and it shapes a word in one font only. Here the caller says
the direction (from the bidi level) and the font, and the result is a ReportLab `ShapedStr`
whose glyph positions the canvas text object honours.
"""

from __future__ import annotations

from functools import cache, lru_cache

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, TTFont

from handout.caches import register

_FEATURES = {"kern": True, "liga": True}


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
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "rtl" if rtl else "ltr"
    if language:
        buf.language = language
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.guess_segment_properties()  # script only: direction and language are already set
    hb.shape(font, buf, _FEATURES)
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


def width(text: str, face: str, size: float, rtl: bool = False, language: str = "") -> float:
    """Shaped advance width of `text` at `size` points."""
    return shape(text, face, rtl, language)[1] * size if text else 0.0


def glyph_count(text: str, face: str, rtl: bool = False, language: str = "") -> int:
    """Number of glyphs HarfBuzz makes of `text` (fewer than characters for conjuncts)."""
    return len(shape(text, face, rtl, language)[0])
