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
