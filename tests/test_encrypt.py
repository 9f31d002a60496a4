"""AES-256 (PDF security handler R6): the file opens with its password and not without it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import ImageChops
from pypdf import PasswordType, PdfReader
from typer.testing import CliRunner

from handout.cli import app
from handout.delivery.encrypt import encrypt_pdf, is_encrypted, password_from_env
from handout.errors import BadInputError
from handout.quality.pdf_facts import read_document, squash

from .conftest import ARTICLE
from .test_email import CLINIC_YAML, plain_body

PASSWORD = "correct horse battery"
runner = CliRunner()


def assert_aes256(pdf: bytes, password: str) -> PdfReader:
    """R6 AES-256 that refuses a wrong password and opens with the right one (decrypted reader)."""
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted
    encrypt: Any = reader.trailer["/Encrypt"].get_object()  # a PDF dictionary: values of any type
    assert (encrypt["/Filter"], encrypt["/V"], encrypt["/R"]) == ("/Standard", 5, 6)
    assert encrypt["/CF"]["/StdCF"]["/CFM"] == "/AESV3"
    assert reader.decrypt("wrong password") == PasswordType.NOT_DECRYPTED
    assert reader.decrypt(password) == PasswordType.USER_PASSWORD
    return reader


def test_encrypted_pdf_opens_only_with_its_password(build: Any) -> None:
    built = build(patient="Ana Lima", region="lower")
    sealed = encrypt_pdf(built.pdf, PASSWORD)
    reader = assert_aes256(sealed, PASSWORD)
    plain = read_document(built.pdf)
    assert len(reader.pages) == plain.page_count
    assert squash(reader.pages[0].extract_text()) in squash(plain.text)
    assert reader.metadata is not None and reader.metadata.title == plain.info["Title"]
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(sealed)  # a second, independent reader agrees: no password, no page
    opened = pdfium.PdfDocument(sealed, password=PASSWORD)
    assert len(opened) == plain.page_count
    for page in range(plain.page_count):  # and it looks exactly like the unencrypted file
        mine = opened[page].render(scale=0.5).to_pil()
        original = pdfium.PdfDocument(built.pdf)[page].render(scale=0.5).to_pil()
        assert ImageChops.difference(mine, original).getbbox() is None
    assert len(sealed) < 200_000  # still small enough to email (PRODUCT.md)
    assert is_encrypted(sealed)
    assert not is_encrypted(built.pdf)


def test_short_or_empty_passwords_are_refused(build: Any) -> None:
    with pytest.raises(BadInputError, match="at least 8 characters"):
        encrypt_pdf(build().pdf, "1234")
    with pytest.raises(BadInputError, match="at least 8 characters"):
        password_from_env({"HANDOUT_PDF_PASSWORD": ""})
    assert password_from_env({}) is None


@pytest.fixture
def eml_args(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.delenv("HANDOUT_PDF_PASSWORD", raising=False)
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(CLINIC_YAML, encoding="utf-8")
    return [
        "email",
        ARTICLE,
        "--to",
        "ana@example.org",
        "--clinic",
        str(clinic),
        "--patient",
        "Ana Lima",
        "--eml",
        str(tmp_path / "m.eml"),
        "--encrypt",
    ]


def _attachment(eml: Path) -> tuple[bytes, str]:
    from email import policy
    from email.parser import BytesParser

    msg = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    (part,) = list(msg.iter_attachments())
    return part.get_content(), plain_body(msg)


def test_email_encrypts_with_the_password_from_the_environment(
    eml_args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDOUT_PDF_PASSWORD", PASSWORD)
    result = runner.invoke(app, eml_args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # encrypted: no warning about the name
    pdf, body = _attachment(tmp_path / "m.eml")
    assert_aes256(pdf, PASSWORD)
    assert "protected with a password" in body
    assert PASSWORD not in body


def test_email_asks_for_the_password_hidden_and_twice(eml_args: list[str], tmp_path: Path) -> None:
    result = runner.invoke(app, eml_args, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.stderr
    assert PASSWORD not in result.stdout + result.stderr  # hidden input is not echoed
    assert_aes256(_attachment(tmp_path / "m.eml")[0], PASSWORD)


def test_no_password_means_no_message(eml_args: list[str], tmp_path: Path) -> None:
    result = runner.invoke(app, eml_args, input="")
    assert result.exit_code == 2
    assert "set HANDOUT_PDF_PASSWORD or type one when asked" in result.stderr
    assert not (tmp_path / "m.eml").exists()


def test_there_is_no_password_option() -> None:
    for command in ("email", "batch"):
        assert "--password" not in runner.invoke(app, [command, "--help"]).stdout
