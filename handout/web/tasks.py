"""What the worker pool runs for the server: a PDF, its preview pages, or a PDF ready to email.

Tasks are module-level functions of picklable items (the runner sends them by name). They return
an `Outcome` rather than raise: an error crosses the process boundary as its lines and kind,
and an unexpected one as its type only, since its text could hold what the patient's name did.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path

from handout import jobs
from handout.build import BuiltPdf, build_pdf
from handout.errors import BadInputError, HandoutError
from handout.options import RenderOptions

INVALID, FAILED, UNEXPECTED = "invalid-request", "cannot-build", "internal"


@dataclass(frozen=True)
class Job:
    root: Path
    article: str
    opts: RenderOptions
    checklist_too: bool = False  # the matching fridge checklist after the document
    password: str = ""  # encrypt with it (email)
    dpi: float = 0  # previews only


@dataclass(frozen=True)
class Outcome:
    pdf: bytes = b""
    filename: str = ""
    pages: int = 0
    pngs: tuple[bytes, ...] = ()
    error: str = ""  # INVALID, FAILED or UNEXPECTED
    lines: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.error


def document(job: Job) -> Outcome:
    """The PDF asked for (with the checklist after it, or encrypted, when asked)."""
    try:
        built = _built(job)
        pdf = built.pdf
        if job.password:
            from handout.delivery.encrypt import encrypt_pdf

            pdf = encrypt_pdf(pdf, job.password)
        return Outcome(pdf=pdf, filename=built.filename, pages=built.pages)
    except Exception as exc:  # noqa: BLE001 - each kind becomes an answer, never a traceback
        return _failure(exc)


def preview(job: Job) -> Outcome:
    """The document's pages as PNG, rendered by PDFium from the PDF built in memory."""
    from handout.delivery.preview import png_pages

    try:
        built = _built(job)
        return Outcome(filename=built.filename, pages=built.pages, pngs=tuple(png_pages(built.pdf, dpi=job.dpi)))
    except Exception as exc:  # noqa: BLE001
        return _failure(exc)


def warm(root: Path) -> bool:
    """Load the library, fonts and layout code in a fresh worker, so the first visitor does not wait."""
    from handout.library import SOURCE_LANG

    library = jobs.library_at(root)
    if library.article_ids:
        build_pdf(library, library.article_ids[0], RenderOptions(lang=SOURCE_LANG))
    return True


def _built(job: Job) -> BuiltPdf:
    library = jobs.library_at(job.root)
    built = build_pdf(library, job.article, job.opts)
    if not job.checklist_too:
        return built
    checklist = build_pdf(library, job.article, replace(job.opts, format="checklist", cut_marks=False))
    return BuiltPdf(_joined(built, checklist), built.filename.replace(".pdf", "_with-checklist.pdf"),
                    built.pages + checklist.pages + built.pages % 2)


def _joined(first: BuiltPdf, second: BuiltPdf) -> bytes:
    """Both PDFs in one file; an odd first part gets a blank page, so that printed double-sided
    the checklist has a sheet of its own (for the fridge)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(io.BytesIO(first.pdf))
    writer = PdfWriter()
    writer.append(reader)
    if first.pages % 2:
        writer.add_blank_page()
    writer.append(io.BytesIO(second.pdf))
    if reader.metadata:
        writer.add_metadata(dict(reader.metadata))
    root = reader.root_object
    for key in ("/Lang", "/ViewerPreferences"):
        if key in root:
            writer.root_object[NameObject(key)] = root[key]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _failure(exc: Exception) -> Outcome:
    if isinstance(exc, HandoutError):
        return Outcome(error=INVALID if isinstance(exc, BadInputError) else FAILED, lines=tuple(exc.lines))
    return Outcome(error=UNEXPECTED, lines=(type(exc).__name__,))
