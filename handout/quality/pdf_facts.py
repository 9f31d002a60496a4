"""One PDF read back once, for the output gates: what each page draws, in drawing order.

pdfplumber gives every character (size, fill colour), rect, line, curve and image with its
place in the content stream, so "the fill behind this character" is the last one drawn before
it; pypdfium2 gives each character's ink box (hanging punctuation is judged by its dot, not its
cell); pypdf gives the font dictionaries and the document metadata.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from handout.colours import RGB, WHITE


@dataclass(frozen=True)
class Mark:
    """Something drawn on a page, in top-down coordinates (points), with its drawing order."""

    seq: int
    kind: str  # char, rect, line, curve, image
    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""
    size: float = 0.0
    baseline: float = 0.0  # a character's baseline, top-down (font-independent, unlike its top)
    colour: RGB | None = None  # fill colour (text colour for a char); None if unknown
    filled: bool = False
    stroked: bool = False
    outline: tuple[tuple[float, float], ...] = ()  # a curve's points, for "is this point inside"
    outline_text: str = ""  # a glyph's neighbouring text, to find it on the page

    def contains(self, x: float, y: float) -> bool:
        if not (self.x0 <= x <= self.x1 and self.top <= y <= self.bottom):
            return False
        return _inside(self.outline, x, y) if len(self.outline) >= 3 else True


@dataclass
class Page:
    number: int
    width: float
    height: float
    marks: list[Mark] = field(default_factory=list)
    glyphs: list[Mark] = field(default_factory=list)  # each character's ink box (pdfium, tight)

    @property
    def chars(self) -> list[Mark]:
        return [m for m in self.marks if m.kind == "char" and not m.text.isspace()]


@dataclass
class PdfFacts:
    pages: list[Page]
    fonts: dict[str, tuple[bool, bool]]  # BaseFont -> (embedded, subset)
    info: dict[str, str]  # Title, Author, Subject, ...
    lang: str
    display_doc_title: bool


# -- reading -----------------------------------------------------------------------------------
def read_facts(data: bytes) -> PdfFacts:
    """Everything the gates need from one PDF, parsed once."""
    import pdfplumber
    import pypdfium2
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    fonts: dict[str, tuple[bool, bool]] = {}
    for pdf_page in reader.pages:
        _collect_fonts(pdf_page.get("/Resources"), fonts)
    root = reader.root_object
    prefs = root.get("/ViewerPreferences")
    display = (
        bool(prefs.get_object().get("/DisplayDocTitle", False)) if prefs is not None else False
    )
    info = {str(k).lstrip("/"): str(v) for k, v in (reader.metadata or {}).items()}
    pages: list[Page] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for plumber_page in pdf.pages:
            layout = plumber_page.iter_layout_objects(list(plumber_page.layout))
            size = (float(plumber_page.width), float(plumber_page.height))
            marks = [_mark(seq, obj, size[1]) for seq, obj in enumerate(layout)]
            pages.append(Page(plumber_page.page_number, *size, [m for m in marks if m]))
            plumber_page.close()
    document = pypdfium2.PdfDocument(data)
    try:
        for page, pdfium_page in zip(pages, document, strict=True):
            page.glyphs = _ink_boxes(pdfium_page, page.height)
    finally:
        document.close()
    return PdfFacts(pages, fonts, info, str(root.get("/Lang") or ""), display)


def _ink_boxes(pdfium_page: Any, height: float) -> list[Mark]:
    """The tight box of every drawn character (its ink, not its advance or em box)."""
    text_page = pdfium_page.get_textpage()
    count = text_page.count_chars()
    full = text_page.get_text_range(0, count) if count else ""
    boxes = []
    for index in range(count):
        left, bottom, right, top = text_page.get_charbox(index)
        if right > left and top > bottom:
            start = max(full.rfind("\n", 0, index), full.rfind("\r", 0, index), index - 16) + 1
            ends = [
                i for i in (full.find("\r", index), full.find("\n", index), index + 16) if i >= 0
            ]
            around = " ".join(full[start : min(ends)].split())
            boxes.append(
                Mark(
                    index,
                    "char",
                    left,
                    height - top,
                    right,
                    height - bottom,
                    text=full[index : index + 1],
                    outline_text=around,
                )
            )
    text_page.close()
    return boxes


def _mark(seq: int, obj: dict[str, Any], height: float) -> Mark | None:
    kind = obj["object_type"]
    if kind not in ("char", "rect", "line", "curve", "image"):
        return None
    box = (float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))
    if kind == "char":
        size = float(obj["size"])
        if not obj.get("upright", True):  # rotated: the shorter side of its box, to be safe
            size = min(size, box[2] - box[0])
        return Mark(
            seq,
            kind,
            *box,
            text=str(obj["text"]),
            size=size,
            colour=to_rgb(obj.get("non_stroking_color")),
            baseline=height - float(obj["matrix"][5]),
        )
    if kind == "image":
        return Mark(seq, kind, *box, filled=True)
    half = float(obj.get("linewidth") or 0) / 2 if obj.get("stroke") else 0.0
    outline = tuple((float(x), float(y)) for x, y in obj.get("pts", ())) if kind == "curve" else ()
    return Mark(
        seq,
        kind,
        box[0] - half,
        box[1] - half,
        box[2] + half,
        box[3] + half,
        colour=to_rgb(obj.get("non_stroking_color")),
        filled=bool(obj.get("fill")),
        stroked=bool(obj.get("stroke")),
        outline=outline,
    )


def to_rgb(value: object) -> RGB | None:
    """A PDF fill colour (grey, RGB or CMYK tuple) as RGB; unset means black; patterns None."""
    if value is None:
        return RGB(0, 0, 0)
    channels = value if isinstance(value, (tuple, list)) else (value,)
    if channels in ((None,), ()):
        return RGB(0, 0, 0)
    if not all(isinstance(c, (int, float)) for c in channels):
        return None
    numbers = [float(c) for c in channels]
    if len(numbers) == 1:
        return RGB(numbers[0], numbers[0], numbers[0])
    if len(numbers) == 3:
        return RGB(*numbers)
    if len(numbers) == 4:
        c, m, y, k = numbers
        return RGB((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def _collect_fonts(resources: Any, fonts: dict[str, tuple[bool, bool]]) -> None:
    res = resources.get_object() if hasattr(resources, "get_object") else resources
    if not isinstance(res, dict):
        return
    font_dict = res.get("/Font")
    for ref in font_dict.get_object().values() if font_dict is not None else ():
        font = ref.get_object()
        name = str(font.get("/BaseFont") or font.get("/Name") or "?").lstrip("/")
        if font.get("/Subtype") == "/Type3":  # glyphs are drawn by procedures inside the file
            fonts[name] = (True, True)
            continue
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        d = descriptor.get_object() if descriptor is not None else {}
        embedded = any(key in d for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        fonts[name] = (embedded, len(name) > 7 and name[6] == "+" and name[:6].isupper())
    xobjects = res.get("/XObject")
    for ref in xobjects.get_object().values() if xobjects is not None else ():
        xobj = ref.get_object()
        if "/Resources" in xobj:
            _collect_fonts(xobj["/Resources"], fonts)


def _inside(points: tuple[tuple[float, float], ...], x: float, y: float) -> bool:
    """Even-odd point-in-polygon (a curve's control points bound it closely enough)."""
    inside = False
    j = len(points) - 1
    for i, (xi, yi) in enumerate(points):
        xj, yj = points[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def has_ink(mark: Mark) -> bool:
    """Whether a drawn thing leaves ink on white paper (a white unstroked fill does not)."""
    if mark.kind == "image" or mark.stroked:
        return True
    return mark.filled and mark.colour != WHITE
