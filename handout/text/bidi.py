"""`BidiParagraph`: a platypus Flowable for right-to-left (and mixed-font shaped) paragraphs.

ReportLab 5.1 draws shaped right-to-left Paragraphs with words in the wrong order (its bidi
path needs `rlbidi`, which is not on PyPI, and the shaped frag path skips bidi anyway). This
flowable does it the way browsers do: break lines in logical order with HarfBuzz widths,
resolve bidi levels for the whole paragraph, reorder each line by rule L2, shape each
directional run with HarfBuzz in its own font, and draw the line aligned to its edge.
`draw_shaped_line` does the same for one line on a canvas (headers, footers).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handout.caches import register
from handout.fonts import FAMILIES
from handout.memo import BoundedMemo
from handout.text.fallback import SPACES, WORDS, char_families
from handout.text.isolation import isolated_controls
from handout.text.levels import paragraph_levels, visual_order
from handout.text.shaping import InkBox, ink, shape

Segment = tuple[int, int, str, int]  # start, end, face, level
# First baseline's depth, distances between baselines, room below each line, each line's ink.
Geometry = tuple[float, list[float], list[float], list[tuple[InkBox, ...]]]
# Clear space kept around each letter when lines are spaced by their ink, in ems.
INK_PAD = 0.05


@dataclass
class ShapedText:
    """One paragraph's characters with the face and bidi level of each, shared by its pieces."""

    text: str
    faces: list[str]
    levels: list[int]
    rtl: bool
    language: str = ""
    _words: list[tuple[int, int]] = field(default_factory=list, repr=False)
    _widths: dict[tuple[int, int], float] = field(default_factory=dict, repr=False)
    _breaks: dict[tuple[int, int, float, float], list[tuple[int, int]]] = field(default_factory=dict, repr=False)
    _inks: dict[tuple[int, int], list[InkBox]] = field(default_factory=dict, repr=False)
    _placed: dict[tuple[int, int, float, float], tuple[InkBox, ...]] = field(default_factory=dict, repr=False)
    _geometries: dict[tuple[object, ...], Geometry] = field(default_factory=dict, repr=False)
    _reaches: dict[tuple[object, ...], float] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, parts: Sequence[tuple[str, bool]], chain: Sequence[str], *, bold: bool,
              rtl: bool, language: str = "") -> ShapedText:
        """Collapse breaking whitespace like a Paragraph does (no-break spaces stay), pick
        faces and levels, then drop the user text's bidi controls: resolved, they must not
        be drawn."""
        chars: list[str] = []
        bolds: list[bool] = []
        for text, part_bold in parts:
            for char in SPACES.sub(" ", text):
                if char == " " and (not chars or chars[-1] == " "):
                    continue
                chars.append(char)
                bolds.append(bold or part_bold)
        while chars and chars[-1] == " ":
            chars.pop()
            bolds.pop()
        text = "".join(chars)
        families = char_families(text, chain)
        faces = [FAMILIES[f].face(b) for f, b in zip(families, bolds, strict=True)]
        levels = paragraph_levels(text, rtl)
        drop = isolated_controls(text)
        if drop:
            text, faces, levels = _drop(drop, text, faces, levels)
        shaped = cls(text, faces, levels, rtl, language)
        shaped._words = [m.span() for m in WORDS.finditer(text)]
        return shaped

    def segments(self, lo: int, hi: int) -> list[Segment]:
        """Maximal runs of one face and one level in `[lo, hi)`, logical order."""
        out: list[Segment] = []
        faces, levels = self.faces, self.levels
        start = lo
        for i in range(lo + 1, hi + 1):
            if i == hi or faces[i] != faces[start] or levels[i] != levels[start]:
                out.append((start, i, faces[start], levels[start]))
                start = i
        return out

    def width(self, lo: int, hi: int, size: float) -> float:
        """Shaped advance of `[lo, hi)` at `size` points."""
        return sum(
            shape(self.text[a:b], face, level % 2 == 1, self.language)[1]
            for a, b, face, level in self.segments(lo, hi)
        ) * size

    def words_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        return [w for w in self._words if w[0] >= lo and w[1] <= hi]

    def _unit_width(self, lo: int, hi: int) -> float:
        """Width at 1 pt, memoised: line breaking asks for every word and gap once."""
        key = (lo, hi)
        if key not in self._widths:
            self._widths[key] = self.width(lo, hi, 1.0)
        return self._widths[key]

    def break_lines(self, lo: int, hi: int, width: float, size: float) -> list[tuple[int, int]]:
        """Greedy logical line breaking at spaces, memoised per span, width and size."""
        key = (lo, hi, width, size)
        if key not in self._breaks:
            self._breaks[key] = self._break_lines(lo, hi, width, size)
        return self._breaks[key]

    def _break_lines(self, lo: int, hi: int, width: float, size: float) -> list[tuple[int, int]]:
        """Greedy logical line breaking at spaces; a word wider than the line is cut.

        A line is measured as its words plus the spaces between them, each shaped alone:
        joining never crosses a space, so this equals shaping the line but costs one shaping
        per word instead of one per word per line.
        """
        lines: list[tuple[int, int]] = []
        limit = width / size
        start = end = -1
        used = 0.0
        for a, b in self.words_in(lo, hi):
            word = self._unit_width(a, b)
            if start >= 0 and used + self._unit_width(end, a) + word <= limit:
                used += self._unit_width(end, a) + word
                end = b
                continue
            if start >= 0:
                lines.append((start, end))
            start, end, used = a, b, word
            while used > limit and end - start > 1:
                cut = self._longest_fit(start, end, width, size)
                lines.append((start, cut))
                start = cut
                used = self._unit_width(start, end)
        if start >= 0:
            lines.append((start, end))
        return lines

    def _longest_fit(self, lo: int, hi: int, width: float, size: float) -> int:
        """Cut an overlong word after the most characters that fit (never before a mark)."""
        cut = lo + 1
        for i in range(lo + 1, hi):
            if self.width(lo, i, size) > width:
                break
            if not _is_continuation(self.text[i]):
                cut = i
        return cut

    def visual_runs(self, lo: int, hi: int) -> list[Segment]:
        """The line's runs in left-to-right drawing order (rule L2)."""
        segs = self.segments(lo, hi)
        return [segs[i] for i in visual_order([s[3] for s in segs])]

    def line_span(self, lo: int, hi: int) -> tuple[float, float]:
        """The leftmost and rightmost ink of `[lo, hi)` at 1 pt, from the line's left end."""
        boxes = self.line_ink(lo, hi)
        return (min((box[0] for box in boxes), default=0.0), max((box[1] for box in boxes), default=0.0))

    def line_boxes(self, lo: int, hi: int, x: float, size: float) -> tuple[InkBox, ...]:
        """`line_ink` in points, from a left end at `x` (memoised: a batch sets the same lines
        at the same places again and again)."""
        key = (lo, hi, x, size)
        found = self._placed.get(key)
        if found is None:
            found = self._placed[key] = tuple(
                (x + left * size, x + right * size, bottom * size, top * size)
                for left, right, bottom, top in self.line_ink(lo, hi))
        return found

    def geometry(self, lines: tuple[tuple[int, int], ...], xs: tuple[float, ...], size: float,
                 leading: float) -> Geometry:
        """Ink spacing of lines set at `xs`: the first baseline's depth when the box holds all
        of the first line's ink, the distances between baselines (at least `leading`), the
        room below each line, and each line's ink (x from the left edge, y from its baseline).
        Memoised: a batch sets the same paragraph the same way in every document."""
        key = (lines, xs, size, leading)
        found = self._geometries.get(key)
        if found is None:
            pad = INK_PAD * size
            boxes = [self.line_boxes(lo, hi, x, size) for (lo, hi), x in zip(lines, xs, strict=True)]
            first = max(size, max((box[3] for box in boxes[0]), default=0.0) + pad) if boxes else size
            gaps = [max(leading, _apart(boxes[i], boxes[i + 1], pad)) for i in range(len(lines) - 1)]
            below = [max(leading - size, -min((box[2] for box in line), default=0.0) + pad)
                     for line in boxes]
            found = self._geometries[key] = (first, gaps, below, boxes)
        return found

    def reach(self, upper: tuple[InkBox, ...], first_line: tuple[InkBox, ...], pad: float) -> float:
        """`_apart` of ink above the paragraph and its first line, memoised."""
        key = (upper, first_line[0][0] if first_line else 0.0, len(first_line), pad)
        found = self._reaches.get(key)
        if found is None:
            found = self._reaches[key] = _apart(upper, first_line, pad)
        return found

    def line_ink(self, lo: int, hi: int) -> list[InkBox]:
        """Every glyph's inked box in `[lo, hi)` at 1 pt, x from the line's left end."""
        key = (lo, hi)
        if key not in self._inks:
            boxes: list[InkBox] = []
            x = 0.0
            for a, b, face, level in self.visual_runs(lo, hi):
                run, rtl = self.text[a:b], level % 2 == 1
                boxes += [(left + x, right + x, bottom, top)
                          for left, right, bottom, top in ink(run, face, rtl, self.language)]
                x += shape(run, face, rtl, self.language)[1]
            self._inks[key] = boxes
        return self._inks[key]

    def draw_line(self, canvas: Canvas, x: float, y: float, lo: int, hi: int, size: float) -> None:
        """Draw `[lo, hi)` with its left end at `x` and baseline at `y`."""
        text = canvas.beginText()
        for a, b, face, level in self.visual_runs(lo, hi):
            glyphs, advance = shape(self.text[a:b], face, level % 2 == 1, self.language)
            text.setTextOrigin(x, y)
            text.setFont(face, size)
            text.textOut(glyphs)
            x += advance * size
        canvas.drawText(text)


# Paragraphs kept: as `handout.paragraphs.CACHE_SIZE`, and bounded for the same reason (a batch
# adds one per patient name).
SHAPED_CACHE_SIZE = 8192
_SHAPED: BoundedMemo[ShapedText] = register(BoundedMemo(SHAPED_CACHE_SIZE), "handout.text.bidi._SHAPED")


def shaped_text(parts: Sequence[tuple[str, bool]], chain: Sequence[str], *, bold: bool,
                rtl: bool, language: str = "") -> ShapedText:
    """`ShapedText.build`, once per process for each paragraph.

    Resolving bidi levels (python-bidi, pure Python) and measuring every word is most of an
    Arabic paragraph's cost, and a ShapedText never changes once built (its memos of widths
    and line breaks only grow), so the next document with the same paragraph reuses it.
    """
    key = (tuple(parts), tuple(chain), bold, rtl, language)
    found = _SHAPED.get(key)
    if found is not None:
        return found
    return _SHAPED.put(key, ShapedText.build(parts, chain, bold=bold, rtl=rtl, language=language))


def clear_shaped() -> None:
    """Forget every shared paragraph (tests)."""
    _SHAPED.clear()


def _apart(upper: Sequence[InkBox], lower: Sequence[InkBox], pad: float) -> float:
    """The least distance between two baselines at which no ink of the lower line comes within
    `pad` of ink of the upper one; boxes in points, x from the same left edge, y from each
    line's own baseline (or the upper ink from the lower paragraph's top: then the result is
    the depth of the lower's first baseline).

    The boxes are binned by x in steps of the pad, so only letters that are (nearly) above one
    another count: a tall kaf beside, not under, a low yeh barree costs nothing.
    """
    highest: dict[int, float] = {}
    for left, right, _bottom, top in lower:
        for i in range(int(left // pad), int(right // pad) + 1):
            highest[i] = max(highest.get(i, top), top)
    if not highest:
        return pad
    first, last = min(highest), max(highest)
    need = -1e9
    for left, right, bottom, _top in upper:
        for i in range(max(first, int(left // pad) - 1), min(last, int(right // pad) + 1) + 1):
            if i in highest:
                need = max(need, highest[i] - bottom)
    return max(need, 0.0) + pad


def _at_frame_top(flowable: Flowable) -> bool:
    """True while a frame places `flowable` at its top (platypus sets `_frame` around it)."""
    return bool(getattr(getattr(flowable, "_frame", None), "_atTop", False))


def _drop(drop: set[int], text: str, faces: list[str],
          levels: list[int]) -> tuple[str, list[str], list[int]]:
    """The characters that are drawn: not those in `drop`, and no space doubled by it."""
    kept: list[int] = []
    for i in range(len(text)):
        if i in drop:
            continue
        if text[i] == " " and (not kept or text[kept[-1]] == " "):
            continue
        kept.append(i)
    while kept and text[kept[-1]] == " ":
        kept.pop()
    return "".join(text[i] for i in kept), [faces[i] for i in kept], [levels[i] for i in kept]


def _is_continuation(char: str) -> bool:
    """A combining mark or joiner: cutting an overlong word before it would break a letter."""
    return unicodedata.category(char)[0] == "M" or char in "\u200c\u200d"


class BidiParagraph(Flowable):
    """A paragraph of plain-text runs, each regular or bold, in any direction.

    Args:
        parts: `(text, bold)` pieces in logical order; text is data, never markup.
        style: size, leading, colour, alignment, indents and spacing are taken from it.
        chain: font families to try per word, e.g. ``("NotoSansArabic", "NotoSans")``.
        bold: the whole paragraph is bold (a bold style).
        rtl: paragraph direction; bullets and alignment follow it.
        language: BCP 47 tag passed to HarfBuzz.
        bullet: text drawn at the reading-start edge of the first line, in `bulletIndent`.
        ink_spacing: space lines by their ink (Nastaliq): `style.leading` apart at least, more
            where a letter would come near one of the line above, and the paragraph's box
            holds all its ink, so nothing it draws can touch its neighbours.
    """

    def __init__(self, parts: Sequence[tuple[str, bool]], style: ParagraphStyle,
                 chain: Sequence[str], *, bold: bool = False, rtl: bool = True,
                 language: str = "", bullet: str | None = None, ink_spacing: bool = False,
                 _shared: ShapedText | None = None, _span: tuple[int, int] | None = None,
                 _first: bool = True, _last: bool = True) -> None:
        super().__init__()
        self.style, self.chain, self.bold, self.rtl = style, tuple(chain), bold, rtl
        self.language, self.bullet, self.ink_spacing = language, bullet, ink_spacing
        self.src = _shared or shaped_text(parts, chain, bold=bold, rtl=rtl, language=language)
        self.span = _span or (0, len(self.src.text))
        self._first, self._last = _first, _last
        self.keepWithNext = getattr(style, "keepWithNext", 0)  # as a Paragraph would
        self._laid: tuple[float, list[tuple[int, int]]] | None = None
        self._reached: tuple[tuple[float, tuple[InkBox, ...]], float] | None = None
        self._bottom: tuple[float, tuple[InkBox, ...]] | None = None
        self._whole: BidiParagraph = self  # a piece's paragraph, which links point at
        self.drawn_page = 0  # the page its (last) piece was drawn on, 0 before
        # The ink drawn right above this paragraph, in its own coordinates (x from its left
        # edge, y from its top), and the flowable that must not top a frame for that to hold
        # (itself, or the table holding it). See `handout.text.inkstack`.
        self._above: tuple[Callable[[], tuple[InkBox, ...]], Flowable] | None = None
        self.width = self.height = 0.0

    # -- layout -------------------------------------------------------------------------
    @property
    def size(self) -> float:
        return float(self.style.fontSize)

    def _text_width(self, avail: float) -> float:
        return float(avail - self.style.leftIndent - self.style.rightIndent)

    def lines(self, avail: float) -> list[tuple[int, int]]:
        if self._laid is None or self._laid[0] != avail:
            lines = self.src.break_lines(*self.span, self._text_width(avail), self.size)
            self._laid = (avail, lines)
        return self._laid[1]

    def _line_x(self, lo: int, hi: int, avail: float) -> float:
        """The left end of a line, as the paragraph's alignment puts it."""
        style = self.style
        left, right = style.leftIndent, avail - style.rightIndent
        width = self.src.width(lo, hi, self.size)
        align = style.alignment
        if align not in (TA_LEFT, TA_CENTER, TA_RIGHT):  # justified: not supported, align to edge
            align = TA_RIGHT if self.rtl else TA_LEFT
        if not self.ink_spacing:
            if align == TA_RIGHT:
                return float(right - width)
            if align == TA_CENTER:
                return float((left + right - width) / 2)
            return float(left)
        # Letters that reach past the line's ends (a Nastaliq swash) stay inside the column.
        ink_left, ink_right = self.src.line_span(lo, hi)
        ink_left, ink_right = min(0.0, ink_left * self.size), max(width, ink_right * self.size)
        if align == TA_RIGHT:
            return float(max(left - ink_left, right - ink_right))
        if align == TA_CENTER:
            return float((left + right - ink_right - ink_left) / 2)
        return float(min(left - ink_left, right - ink_right))

    def _geometry(self, avail: float) -> Geometry:
        """Ink spacing that depends on the paragraph alone (see `ShapedText.geometry`)."""
        lines = self.lines(avail)
        return self.src.geometry(tuple(lines), tuple(self._line_x(lo, hi, avail) for lo, hi in lines),
                                 self.size, float(self.style.leading))

    def spacing(self, avail: float) -> tuple[float, list[float], list[float]]:
        """The first baseline's depth below the top, the distances between baselines, and the
        room kept below each line should the paragraph end (split) there."""
        lines, size, leading = self.lines(avail), self.size, float(self.style.leading)
        if not self.ink_spacing or not lines:
            return size, [leading] * (len(lines) - 1), [leading - size] * len(lines)
        first, gaps, below, boxes = self._geometry(avail)
        above = self._above if self._first else None
        if above is not None and not _at_frame_top(above[1]):
            # Closer to the ink above, as far as the letters of both allow. Read afresh: the
            # flowable above may have been wrapped again since.
            upper = above[0]()
            key = (avail, upper)
            if self._reached is None or self._reached[0] != key:
                self._reached = (key, min(first, max(size, self.src.reach(upper, boxes[0], INK_PAD * size))))
            first = self._reached[1]
        return first, gaps, below

    def _height(self, avail: float, count: int) -> float:
        """Height of the paragraph's first `count` lines."""
        if not self.ink_spacing:
            return count * float(self.style.leading)
        first, gaps, below = self.spacing(avail)
        return first + sum(gaps[:count - 1]) + below[count - 1] if count else 0.0

    def bottom_ink(self) -> tuple[InkBox, ...]:
        """The last line's ink as last wrapped: x from the left edge, y from the box's bottom."""
        if not self.width or not self.lines(self.width):
            return ()
        if self._bottom is None or self._bottom[0] != self.width:
            _first, _gaps, below, boxes = self._geometry(self.width)
            shift = below[-1]
            self._bottom = (self.width, tuple((left, right, bottom + shift, top + shift)
                                              for left, right, bottom, top in boxes[-1]))
        return self._bottom[1]

    def layout_page(self) -> int:
        """The page being laid out while this paragraph is wrapped or drawn (0 if unknown)."""
        canvas = getattr(self, "canv", None)
        return int(canvas.getPageNumber()) if canvas is not None else 0

    @property
    def first_baseline(self) -> float:
        """Depth of the first baseline below the top, as last wrapped."""
        return self.spacing(self.width)[0]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = self._height(availWidth, len(self.lines(availWidth)))
        return availWidth, self.height

    def minWidth(self) -> float:  # noqa: N802 - platypus API
        words = self.src.words_in(*self.span)
        widest = max((self.src.width(a, b, self.size) for a, b in words), default=0.0)
        return float(widest + self.style.leftIndent + self.style.rightIndent)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        # The lines of the last wrap, as a Paragraph splits: a Table reads the height of the
        # wrap at its padded cell width, then asks to split at a wider one, and a "split" of
        # a paragraph that fits there would be [self], which its in-row splitting cannot take.
        avail = self.width or availWidth
        lines = self.lines(avail)
        if self.ink_spacing:
            fit = 0
            while fit < len(lines) and self._height(avail, fit + 1) <= availHeight + 1e-6:
                fit += 1
        else:
            fit = int((availHeight + 1e-6) // self.style.leading)
        if fit >= len(lines):
            return [self]
        if not self.style.allowWidows and len(lines) - fit == 1:
            fit -= 1
        if fit <= 0 or (not self.style.allowOrphans and fit == 1):
            return []
        cut = lines[fit][0]
        return [self._piece((self.span[0], cut), first=self._first, last=False),
                self._piece((cut, self.span[1]), first=False, last=self._last)]

    def _piece(self, span: tuple[int, int], *, first: bool, last: bool) -> BidiParagraph:
        piece = BidiParagraph((), self.style, self.chain, bold=self.bold, rtl=self.rtl,
                              language=self.language, bullet=self.bullet if first else None,
                              ink_spacing=self.ink_spacing, _shared=self.src, _span=span,
                              _first=first, _last=last)
        piece._above = self._above if first else None  # a continuation starts a new page
        piece._whole = self._whole
        return piece

    def getSpaceBefore(self) -> float:  # noqa: N802 - platypus API
        return float(self.style.spaceBefore) if self._first else 0.0

    def getSpaceAfter(self) -> float:  # noqa: N802 - platypus API
        return float(self.style.spaceAfter) if self._last else 0.0

    # -- drawing ------------------------------------------------------------------------
    @cached_property
    def _bullet(self) -> ShapedText | None:
        if not self.bullet:
            return None
        return shaped_text([(self.bullet, False)], self.chain, bold=self.bold,
                           rtl=self.rtl, language=self.language)

    def draw(self) -> None:
        canvas, style, size = self.canv, self.style, self.size
        self._whole.drawn_page = canvas.getPageNumber()
        lines = self.lines(self.width)
        canvas.setFillColor(style.textColor)
        first, gaps, _below = self.spacing(self.width)
        y = self.height - first
        for index, (lo, hi) in enumerate(lines):
            self.src.draw_line(canvas, self._line_x(lo, hi, self.width), y, lo, hi, size)
            if index < len(gaps):
                y -= gaps[index]
        if self._bullet is not None and lines:
            mark = self._bullet
            end = len(mark.text)
            bullet_w = mark.width(0, end, size)
            indent = style.bulletIndent
            x = self.width - indent - bullet_w if self.rtl else indent
            mark.draw_line(canvas, x, self.height - first, 0, end, size)


def _shaped_line(text: str, chain: Sequence[str], bold: bool, rtl: bool,
                 language: str) -> ShapedText:
    return shaped_text([(text, False)], chain, bold=bold, rtl=rtl, language=language)


def shaped_line_width(text: str, chain: Sequence[str], size: float, *, bold: bool = False,
                      rtl: bool = False, language: str = "") -> float:
    """Width of one line of text as `draw_shaped_line` draws it."""
    if not text.strip():
        return 0.0
    line = _shaped_line(text, chain, bold, rtl, language)
    return line.width(0, len(line.text), size)


def draw_shaped_line(canvas: Canvas, x: float, y: float, text: str, chain: Sequence[str],
                     size: float, *, bold: bool = False, rtl: bool = False, language: str = "",
                     align: str = "left") -> float:
    """Draw one line (no wrapping) shaped and in bidi order; return its width.

    `align` says what `x` is: the line's ``left`` end, ``right`` end or ``centre``. The fill
    colour is the canvas's current one.
    """
    if not text.strip():
        return 0.0
    line = _shaped_line(text, chain, bold, rtl, language)
    end = len(line.text)
    width = line.width(0, end, size)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    line.draw_line(canvas, x, y, 0, end, size)
    return width

