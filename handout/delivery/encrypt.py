"""AES-256 protection for PDFs that carry a patient's name (PDF security handler revision 6).

The password never comes from a command-line argument (it would sit in shell history and in
`ps`): only from HANDOUT_PDF_PASSWORD or from a hidden prompt in the CLI.
"""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import Mapping

from handout.errors import BadInputError, BuildFailedError

PASSWORD_ENV = "HANDOUT_PDF_PASSWORD"
MIN_PASSWORD = 8  # R6 hashes are slow to test, but a 4-digit password still falls in minutes


def check_password(password: str) -> str:
    """The password itself, or BadInputError if it is too short to protect anything."""
    if len(password) < MIN_PASSWORD:
        raise BadInputError(
            f"the PDF password must have at least {MIN_PASSWORD} characters; "
            "choose a longer one and give it to the patient separately"
        )
    return password


def password_from_env(env: Mapping[str, str] | None = None) -> str | None:
    """HANDOUT_PDF_PASSWORD if it is set (and long enough), else None: the CLI then asks."""
    value = (os.environ if env is None else env).get(PASSWORD_ENV)
    return None if value is None else check_password(value)


def encrypt_pdf(pdf: bytes, password: str) -> bytes:
    """`pdf` protected with AES-256 (/V 5 /R 6): it opens only with `password`.

    The owner password is random and thrown away, so nobody can lift the protection without
    the user password; printing and copying stay allowed for the patient.
    """
    from pypdf import PdfReader, PdfWriter

    check_password(password)
    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        writer.encrypt(
            user_password=password, owner_password=secrets.token_urlsafe(32), algorithm="AES-256"
        )
        buffer = io.BytesIO()
        writer.write(buffer)
    except ImportError as exc:  # pypdf needs `cryptography` for AES
        raise BuildFailedError(
            f"cannot encrypt: {exc}; reinstall handout with its dependencies"
        ) from None
    return buffer.getvalue()


def is_encrypted(pdf: bytes) -> bool:
    """Whether `pdf` already needs a password (so we neither warn nor encrypt it twice)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return bool(PdfReader(io.BytesIO(pdf)).is_encrypted)
    except PdfReadError as exc:
        raise BadInputError(f"not a readable PDF: {exc}") from None
