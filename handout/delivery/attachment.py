"""The PDF that goes into one email: built from a request, or a file the user already has."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from handout.build import build_pdf
from handout.delivery.encrypt import encrypt_pdf, is_encrypted
from handout.errors import BadInputError
from handout.library import ContentLibrary
from handout.request import DocumentRequest


@dataclass(frozen=True)
class Attachment:
    pdf: bytes
    filename: str
    title: str
    lang: str  # the language the message is written in

    @property
    def encrypted(self) -> bool:
        return is_encrypted(self.pdf)

    def protected(self, password: Callable[[], str]) -> Attachment:
        """Encrypted with the password `password()` gives, unless it already is."""
        if self.encrypted:
            return self
        return Attachment(encrypt_pdf(self.pdf, password()), self.filename, self.title, self.lang)


def built(library: ContentLibrary, request: DocumentRequest) -> Attachment:
    made = build_pdf(library, request.article, request.opts)
    title = library.load(request.article, request.opts.lang).title
    return Attachment(made.pdf, made.filename, title, request.opts.lang)


def existing(path: Path, lang: str | None, patient: str) -> Attachment:
    """A PDF given with --pdf: its title and language from its metadata unless it is encrypted.

    A file named after the patient is refused: the name would travel in the attachment's name."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInputError(f"cannot read --pdf {path}: {exc.strerror}") from None
    if not data.startswith(b"%PDF-"):
        raise BadInputError(f"--pdf {path} is not a PDF file")
    words = set(re.split(r"[\W_]+", path.stem.lower()))
    if patient and any(part in words for part in re.split(r"[\W_]+", patient.lower()) if part):
        raise BadInputError(f"--pdf {path}: the file name seems to carry the patient's name; rename the file first")
    title, pdf_lang = path.stem, "en"
    if not is_encrypted(data):  # an encrypted PDF's metadata is encrypted too
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        title = str(reader.metadata.title if reader.metadata and reader.metadata.title else title)
        pdf_lang = str(reader.root_object.get("/Lang") or pdf_lang)
    return Attachment(data, path.name, title, lang or pdf_lang)
