"""One PDF read back, for the output gates and for the tests: the one place that reads our PDFs.

`read_document` (pypdf) gives what needs no layout: page boxes, fonts, metadata, extracted text
and the colours set. `read_facts` adds what each page draws, in drawing order: pdfplumber gives
every character (size, fill colour), rect, line, curve and image with its place in the content
stream, so "the fill behind this character" is the last one drawn before it; pypdfium2 gives each
character's ink box (hanging punctuation is judged by its dot, not its cell). Tests read PDFs
through this module too, so a reading rule (what "embedded" means, where the language is) is
written once and `handout check` and the tests cannot disagree about it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from handout.colours import RGB, WHITE

FONT_FILES = ("FontFile", "FontFile2", "FontFile3")  # Type 1, TrueType, CFF/OpenType programs


@dataclass(frozen=True)
class Font:
    """One font dictionary of the PDF, and how (whether) its program travels with the file."""

    name: str  # BaseFont without its slash, e.g. "AAAAAA+NotoSans-Regular"
    file: str  # FontFile, FontFile2 or FontFile3; "Type3" (drawn by procedures); "" if not embedded
    stream: Any = field(default=None, compare=False, repr=False)  # the font program's stream

    @property
    def embedded(self) -> bool:
        return bool(self.file)

    @property
    def subset(self) -> bool:
        """A subset's name carries a six-letter tag (AAAAAA+); Type 3 glyphs are only those used."""
        return self.file == "Type3" or re.match(r"[A-Z]{6}\+", self.name) is not None

    @property
    def base_name(self) -> str:
        """The name without its subset tag: the same font whatever glyphs a build used."""
        return self.name[7:] if self.subset and self.file != "Type3" else self.name

    def program(self) -> bytes:
        """The embedded font program (b"" if none)."""
        return bytes(self.stream.get_object().get_data()) if self.stream is not None else b""


@dataclass
class Document:
    """What a PDF says without laying its pages out (pypdf): boxes, fonts, metadata, text."""

    sizes: list[tuple[float, float]]  # each page's MediaBox width and height, in points
    trim_boxes: list[tuple[float, float, float, float]]  # each page's TrimBox: left, bottom, right, top
    fonts: dict[str, Font]  # by name, over every page and form XObject
    info: dict[str, str]  # Title, Author, Subject, Keywords, ... (no slash)
    lang: str  # the catalogue's /Lang, "" if none
    display_doc_title: bool
    reader: Any = field(compare=False, repr=False)

    @property
    def page_count(self) -> int:
        return len(self.sizes)

    @cached_property
    def text(self) -> str:
        """The text of every page as pypdf extracts it, pages joined by a line break."""
        return "\n".join(page.extract_text() or "" for page in self.reader.pages)


def read_document(data: bytes, *, password: str | None = None) -> Document:
    """The document-level facts of one PDF (opened with `password` if it is encrypted); text is
    extracted only when asked for."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), password=password)
    fonts: dict[str, Font] = {}
    for pdf_page in reader.pages:
        _collect_fonts(pdf_page.get("/Resources"), fonts)
    root: Any = reader.root_object
    prefs = root.get("/ViewerPreferences")
    display = (
        bool(prefs.get_object().get("/DisplayDocTitle", False)) if prefs is not None else False
    )
    return Document(
        sizes=[(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages],
        trim_boxes=[
            (float(p.trimbox.left), float(p.trimbox.bottom), float(p.trimbox.right), float(p.trimbox.top))
            for p in reader.pages
        ],
        fonts=fonts,
        info={str(k).lstrip("/"): str(v) for k, v in (reader.metadata or {}).items()},
        lang=str(root.get("/Lang") or ""),
        display_doc_title=display,
        reader=reader,
    )


def squash(text: str) -> str:
    """Whitespace-insensitive form of extracted text, so the layout's line breaks and soft
    hyphens do not matter when it is compared with the source."""
    return re.sub(r"\s+", "", text).replace("\u00ad", "")


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
    document: Document

    @property
    def fonts(self) -> dict[str, Font]:
        return self.document.fonts

    @property
    def info(self) -> dict[str, str]:
        return self.document.info

    @property
    def lang(self) -> str:
        return self.document.lang

    @property
    def display_doc_title(self) -> bool:
        return self.document.display_doc_title


# -- reading -----------------------------------------------------------------------------------
def read_facts(data: bytes) -> PdfFacts:
    """Everything the gates need from one PDF, parsed once."""
    import pdfplumber
    import pypdfium2

    document = read_document(data)
    pages: list[Page] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for plumber_page in pdf.pages:
            layout = plumber_page.iter_layout_objects(list(plumber_page.layout))
            size = (float(plumber_page.width), float(plumber_page.height))
            marks = [_mark(seq, obj, size[1]) for seq, obj in enumerate(layout)]
            pages.append(Page(plumber_page.page_number, *size, [m for m in marks if m]))
            plumber_page.close()
    pdfium = pypdfium2.PdfDocument(data)
    try:
        for page, pdfium_page in zip(pages, pdfium, strict=True):
            page.glyphs = _ink_boxes(pdfium_page, page.height)
    finally:
        pdfium.close()
    return PdfFacts(pages, document)


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


def _collect_fonts(resources: Any, fonts: dict[str, Font]) -> None:
    """Every font of a resource dictionary and of the form XObjects it uses."""
    res = resources.get_object() if hasattr(resources, "get_object") else resources
    if not isinstance(res, dict):
        return
    font_dict = res.get("/Font")
    for ref in font_dict.get_object().values() if font_dict is not None else ():
        font = ref.get_object()
        name = str(font.get("/BaseFont") or font.get("/Name") or "?").lstrip("/")
        if font.get("/Subtype") == "/Type3":  # glyphs are drawn by procedures inside the file
            fonts[name] = Font(name, "Type3")
            continue
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        d = descriptor.get_object() if descriptor is not None else {}
        key = next((key for key in FONT_FILES if f"/{key}" in d), "")
        fonts[name] = Font(name, key, d[f"/{key}"] if key else None)
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


# -- text blocks -------------------------------------------------------------------------------
@dataclass(frozen=True)
class TextBlock:
    """A run of text drawn in one go on one baseline (a line of a paragraph, a table cell, a
    label), in top-down points; characters in drawing order, which for our right-to-left
    lines is visual order."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def text_blocks(page: Page) -> list[TextBlock]:
    """The page's text as blocks, in drawing order: a block ends where the baseline changes,
    the pen moves back, or a gap wider than the type size opens (the next cell or column)."""
    runs: list[list[Mark]] = []
    texts: list[str] = []
    previous: Mark | None = None
    for char in (m for m in page.marks if m.kind == "char"):
        gap = char.x0 - previous.x1 if previous is not None else 0.0
        if (
            previous is None
            or abs(char.baseline - previous.baseline) > 0.5
            or char.x0 < previous.x0 - 1
            or gap > max(char.size, previous.size)
        ):
            runs.append([])
            texts.append("")
        elif gap > previous.size * 0.15:  # a space not drawn as a character (the next cell)
            texts[-1] += " "
        runs[-1].append(char)
        texts[-1] += char.text
        previous = char
    blocks = []
    for run, drawn in zip(runs, texts, strict=True):
        text = " ".join(drawn.split())
        if text:
            inked = [c for c in run if not c.text.isspace()]
            blocks.append(
                TextBlock(
                    text,
                    min(c.x0 for c in inked),
                    min(c.top for c in inked),
                    max(c.x1 for c in inked),
                    max(c.bottom for c in inked),
                )
            )
    return blocks


# -- colours -----------------------------------------------------------------------------------
COLOUR_OPERATORS = {b"rg", b"RG", b"k", b"K", b"sc", b"SC", b"scn", b"SCN", b"g", b"G"}
ColourUse = tuple[str, tuple[float, ...]]  # (operator or "image:<colour space>", components)


def colour_uses(data: bytes) -> list[ColourUse]:
    """Every colour set in the PDF's content streams (pages and form XObjects), plus the
    colour space of every image, in the order they appear."""
    from pypdf.generic import ContentStream

    reader = read_document(data).reader
    uses: list[ColourUse] = []

    def walk(stream: Any, resources: Any) -> None:
        for operands, operator in ContentStream(stream, reader).operations:
            if operator in COLOUR_OPERATORS:
                numbers = tuple(
                    float(x) for x in operands if isinstance(x, (int, float)) or hasattr(x, "as_numeric")
                )
                uses.append((operator.decode(), numbers))
        res = resources.get_object() if hasattr(resources, "get_object") else resources
        xobjects = (res or {}).get("/XObject")
        for ref in xobjects.get_object().values() if xobjects is not None else ():
            xobj = ref.get_object()
            if xobj.get("/Subtype") == "/Image":
                space = xobj.get("/ColorSpace")
                space = space.get_object() if hasattr(space, "get_object") else space
                uses.append((f"image:{space}", ()))
            elif xobj.get("/Subtype") == "/Form":
                walk(xobj, xobj.get("/Resources") or {})

    for page in reader.pages:
        walk(page.get_contents(), page.get("/Resources") or {})
    return uses


def is_grey(use: ColourUse) -> bool:
    """A colour with no hue: one component (g/G), equal RGB, or CMYK with C = M = Y = 0."""
    operator, numbers = use
    if operator.startswith("image:"):
        return operator == "image:/DeviceGray"
    if operator in ("g", "G") or len(numbers) == 1:
        return True
    if len(numbers) == 3:
        return max(numbers) - min(numbers) < 1e-3
    if len(numbers) == 4:
        return max(numbers[:3]) < 1e-3
    return False
