"""PNG previews of finished PDFs, so a coordinator can check a release by eye before printing.

Pages are rendered with PDFium (pypdfium2), the engine in Chrome, so what you see is close to
what a patient's viewer shows; the contact sheet is plain Pillow.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handout.delivery.encrypt import PASSWORD_ENV
from handout.errors import BadInputError, BuildFailedError
from handout.output import write_atomic

if TYPE_CHECKING:
    import pypdfium2 as pdfium
    from PIL import Image, ImageFont

SHEET_NAME = "contact-sheet.png"
_BACKGROUND = (255, 255, 255)
_INK = (33, 33, 33)


def pdf_files(paths: Iterable[Path]) -> list[Path]:
    """The PDFs named, with each folder standing for the PDFs directly inside it (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.iterdir() if p.suffix.lower() == ".pdf" and p.is_file())
            )
        elif path.is_file():
            found.append(path)
        else:
            raise BadInputError(f"{path}: no such file or folder")
    if not found:
        raise BadInputError("no PDF files to preview; name PDFs or a folder that holds some")
    return found


@contextmanager
def _document(path: Path) -> Iterator[pdfium.PdfDocument]:
    """The open PDF, closed afterwards; an encrypted one opens with HANDOUT_PDF_PASSWORD."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(path, password=os.environ.get(PASSWORD_ENV))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise BadInputError(
                f"{path}: the PDF is encrypted; set {PASSWORD_ENV} to preview it"
            ) from None
        raise BadInputError(f"{path}: not a readable PDF ({exc})") from None
    try:
        yield doc
    finally:
        doc.close()


def _render(doc: pdfium.PdfDocument, index: int, dpi: float) -> Image.Image:
    image: Image.Image = doc[index].render(scale=dpi / 72).to_pil()
    return image.convert("RGB")


def render_page(path: Path, page: int = 0, *, dpi: float = 100) -> Image.Image:
    """One page as an RGB image; at `dpi`, a page of W points is ceil(W * dpi / 72) pixels wide."""
    with _document(path) as doc:
        return _render(doc, page, dpi)


def png_pages(pdf: bytes, *, dpi: float = 100) -> list[bytes]:
    """Every page of a PDF held in memory, as PNG bytes (the web page's live preview: no file)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [_png(_render(doc, n, dpi), fast=True) for n in range(len(doc))]
    finally:
        doc.close()


def page_images(path: Path, out: Path | None = None, *, dpi: float = 100) -> list[Path]:
    """Write `<stem>-p<N>.png` for every page of `path`, next to it or into `out`."""
    folder = out or path.parent
    with _document(path) as doc:
        return [
            write_atomic(folder / f"{path.stem}-p{n + 1}.png", _png(_render(doc, n, dpi)))
            for n in range(len(doc))
        ]


@dataclass(frozen=True)
class Cell:
    """Where one PDF's thumbnail sits on the sheet (pixels), for tests and for people."""

    source: Path
    box: tuple[int, int, int, int]  # left, top, right, bottom of the thumbnail itself


@dataclass(frozen=True)
class Sheet:
    path: Path
    size: tuple[int, int]
    cells: tuple[Cell, ...]


def contact_sheet(
    pdfs: list[Path], out: Path, *, thumb: int = 240, columns: int | None = None
) -> Sheet:
    """One PNG with the first page of every PDF, `thumb` pixels wide, its file name underneath."""
    from PIL import Image, ImageDraw

    if not pdfs:
        raise BadInputError("no PDF files for the contact sheet")
    columns = columns or min(len(pdfs), 5)
    font = _font(max(11, thumb // 18))
    gap, line_height = thumb // 12, round(font.size) + 4
    thumbs = [_thumbnail(path, thumb) for path in pdfs]
    labels = [_wrap(path.name, font, thumb) for path in pdfs]
    label_height = line_height * max(len(lines) for lines in labels)
    row_height = max(image.height for image in thumbs) + gap // 2 + label_height + gap
    rows = -(-len(pdfs) // columns)
    size = (gap + columns * (thumb + gap), gap + rows * row_height)
    sheet = Image.new("RGB", size, _BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    cells = []
    for index, (path, image, lines) in enumerate(zip(pdfs, thumbs, labels, strict=True)):
        left = gap + (index % columns) * (thumb + gap)
        top = gap + (index // columns) * row_height
        sheet.paste(image, (left, top))
        draw.rectangle(
            (left - 1, top - 1, left + image.width, top + image.height), outline=(190, 190, 190)
        )
        for n, line in enumerate(lines):
            draw.text(
                (left, top + image.height + gap // 2 + n * line_height), line, fill=_INK, font=font
            )
        cells.append(Cell(path, (left, top, left + image.width, top + image.height)))
    target = out / SHEET_NAME if out.suffix.lower() != ".png" else out
    write_atomic(target, _png(sheet))
    return Sheet(target, size, tuple(cells))


def _thumbnail(path: Path, width: int) -> Image.Image:
    """Page 1 rendered at twice the size and scaled down: sharper text than rendering small."""
    from PIL import Image

    with _document(path) as doc:
        page_width = doc[0].get_size()[0]
        page = _render(doc, 0, dpi=72 * 2 * width / page_width)
    height = round(page.height * width / page.width)
    return page.resize((width, height), Image.Resampling.LANCZOS)


def _font(size: int) -> ImageFont.FreeTypeFont:
    """The vendored Noto Sans, so names read the same on every machine."""
    from PIL import ImageFont

    from handout.fonts import DEFAULT_FAMILY, FAMILIES, fonts_dir

    try:
        return ImageFont.truetype(str(fonts_dir() / FAMILIES[DEFAULT_FAMILY].regular_file), size)
    except OSError as exc:
        raise BuildFailedError(f"cannot load the label font: {exc}") from None


def _wrap(name: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break a file name after `_`, `-` or `.` so every line fits under its thumbnail."""
    lines, line = [], ""
    for char in name:
        line += char
        if font.getlength(line) > width:
            cut = max(line.rfind(sep, 0, -1) for sep in "_-.")
            cut = cut + 1 if cut > 0 else len(line) - 1
            lines.append(line[:cut])
            line = line[cut:]
    return [*lines, line] if line else lines


def _png(image: Image.Image, *, fast: bool = False) -> bytes:
    """Smallest PNG for files; `fast` for a preview that is shown once and thrown away."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", **({"compress_level": 1} if fast else {"optimize": True}))
    return buffer.getvalue()
