"""Reading our PDFs back for the tests: text, pages, sizes, fonts and metadata (pypdf)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader

MM = 72 / 25.4


@dataclass
class PdfFacts:
    pages: int
    sizes: list[tuple[float, float]]
    text: str
    fonts: dict[str, bool]  # BaseFont -> embedded
    metadata: dict[str, str]
    lang: str | None


def squash(text: str) -> str:
    """Whitespace-insensitive form, so line breaks in the PDF do not matter."""
    return re.sub(r"\s+", "", text).replace("\u00ad", "")


def read_pdf(data: bytes) -> PdfFacts:
    reader = PdfReader(io.BytesIO(data))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        _collect_fonts(resources, fonts)
    meta = {k.lstrip("/"): str(v) for k, v in (reader.metadata or {}).items()}
    lang = reader.trailer["/Root"].get("/Lang")
    return PdfFacts(len(reader.pages), sizes, text, fonts, meta, str(lang) if lang else None)


def _collect_fonts(resources: object, fonts: dict[str, bool]) -> None:
    res = resources.get_object() if hasattr(resources, "get_object") else resources
    if not isinstance(res, dict):
        return
    font_dict = res.get("/Font")
    if font_dict is not None:
        for ref in font_dict.get_object().values():
            font = ref.get_object()
            name = str(font.get("/BaseFont"))
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            embedded = False
            if descriptor is not None:
                d = descriptor.get_object()
                embedded = any(key in d for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[name] = embedded
    xobjects = res.get("/XObject")
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            xobj = ref.get_object()
            if "/Resources" in xobj:
                _collect_fonts(xobj["/Resources"], fonts)


COLOUR_OPERATORS = {b"rg", b"RG", b"k", b"K", b"sc", b"SC", b"scn", b"SCN", b"g", b"G"}


def colour_uses(data: bytes) -> list[tuple[str, tuple[float, ...]]]:
    """Every colour set in the PDF's content streams (pages and form XObjects), plus the
    colour space of every image, as (operator or "image:<space>", components)."""
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(data))
    uses: list[tuple[str, tuple[float, ...]]] = []

    def walk(stream: object, resources: object) -> None:
        for operands, operator in ContentStream(stream, reader).operations:
            if operator in COLOUR_OPERATORS:
                numbers = tuple(float(x) for x in operands if isinstance(x, (int, float)) or hasattr(x, "as_numeric"))
                uses.append((operator.decode(), numbers))
        res = resources.get_object() if hasattr(resources, "get_object") else resources
        xobjects = (res or {}).get("/XObject")
        for ref in (xobjects.get_object().values() if xobjects is not None else []):
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


def is_grey(use: tuple[str, tuple[float, ...]]) -> bool:
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
