"""`handout email`: build (or take) one handout and email it to a patient, or save it as .eml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handout.cli._options import (
    ArticleArg,
    ContentOpt,
    CountryOpt,
    EncryptOpt,
    FormatOpt,
    GrayscaleOpt,
    LargePrintOpt,
    NoteOpt,
    PaperOpt,
    RegionOpt,
)
from handout.cli._report import reporting
from handout.errors import BadInputError

WARN_UNENCRYPTED = (
    "handout: warning: this PDF carries the patient's name and is not encrypted; "
    "consider --encrypt (AES-256) and give the password separately"
)


def email(
    article: ArticleArg = None,
    to: Annotated[
        str, typer.Option("--to", help="The patient's email address.", show_default=False)
    ] = "",
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="Send this PDF instead of building one.")
    ] = None,
    eml: Annotated[
        Path | None,
        typer.Option(
            "--eml",
            help="Save the message as this .eml file for your own mail program; do not send.",
        ),
    ] = None,
    encrypt: EncryptOpt = False,
    region: RegionOpt = None,
    format_: FormatOpt = None,
    lang: Annotated[
        str | None,
        typer.Option(
            help="Language of the handout and the message, e.g. es or es-US (default en)."
        ),
    ] = None,
    country: CountryOpt = None,
    paper: PaperOpt = None,
    clinic: Annotated[
        Path | None,
        typer.Option(
            help="Clinic profile YAML; its name signs the message and its smtp: settings send it."
        ),
    ] = None,
    patient: Annotated[
        str,
        typer.Option(
            help="Patient name, for the handout and the greeting (never in the file name)."
        ),
    ] = "",
    note: NoteOpt = "",
    date: Annotated[
        str | None, typer.Option(help="Date printed on the handout, YYYY-MM-DD (default today).")
    ] = None,
    large_print: LargePrintOpt = False,
    grayscale: GrayscaleOpt = False,
    content: ContentOpt = None,
) -> None:
    """Email a handout to a patient, in the patient's language.

    SMTP settings come from the clinic profile (smtp:) or HANDOUT_SMTP_HOST, _PORT, _SECURITY,
    _USER, _SENDER; the password only from HANDOUT_SMTP_PASSWORD. Examples:
    `handout email back-spasms-pregnancy --to ana@example.org --clinic clinic.yaml --encrypt`;
    `handout email --pdf out/handout.pdf --to ana@example.org --eml message.eml`.
    """
    with reporting():
        from handout.cli import _jobs
        from handout.cli._build import _parse_date
        from handout.delivery import mail
        from handout.output import write_atomic

        if (article is None) == (pdf is None):
            raise BadInputError("give one ARTICLE to build, or --pdf FILE to send an existing PDF")
        if not to:
            raise BadInputError("give the patient's address with --to")
        if not mail.valid_address(to):
            raise BadInputError(f"'{to}' is not an email address such as name@example.org")
        request = _jobs.Request(
            article=article,
            region=region,
            format=format_,
            lang=lang,
            country=country,
            paper=paper,
            out=Path("."),
            clinic=clinic,
            patient=patient,
            note=note,
            date=_parse_date(date),
            large_print=large_print,
            grayscale=grayscale,
            cut_marks=False,
            content=content,
        )
        opts = _jobs.options_for(request)
        settings = mail.smtp_settings(opts.clinic)
        if eml is None:
            settings.require_server()
        if pdf is not None:
            data, filename, title, msg_lang = _existing(pdf, opts.lang if lang else None, patient)
        else:
            from handout.build import build_pdf

            assert article is not None
            library = _jobs._library(request)
            built = build_pdf(library, article, opts)
            data, filename = built.pdf, built.filename
            title, msg_lang = library.load(article, opts.lang).title, opts.lang
        already = _is_encrypted(data)
        if encrypt and not already:
            from handout.delivery.encrypt import encrypt_pdf

            data = encrypt_pdf(data, ask_password())
        elif patient and not already:
            typer.echo(WARN_UNENCRYPTED, err=True)
        letter = mail.Letter(
            to.strip(), msg_lang, title, data, filename, opts.clinic, patient, encrypt or already
        )
        msg = mail.compose(letter, settings.sender, draft=eml is not None)
        if eml is not None:
            from email import policy

            write_atomic(eml, msg.as_bytes(policy=policy.SMTP))
            typer.echo(str(eml))
        else:
            mail.send_one(msg, settings)
            typer.echo(f"Sent {filename} to {letter.to}")


def _existing(path: Path, lang: str | None, patient: str) -> tuple[bytes, str, str, str]:
    """Bytes, attachment name, title and message language of a PDF given with --pdf."""
    import re

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInputError(f"cannot read --pdf {path}: {exc.strerror}") from None
    if not data.startswith(b"%PDF-"):
        raise BadInputError(f"--pdf {path} is not a PDF file")
    words = set(re.split(r"[\W_]+", path.stem.lower()))
    if patient and any(part in words for part in re.split(r"[\W_]+", patient.lower()) if part):
        raise BadInputError(
            f"--pdf {path}: the file name seems to carry the patient's name; rename the file first"
        )
    title, pdf_lang = path.stem, "en"
    if not _is_encrypted(data):  # an encrypted PDF's metadata is encrypted too
        import io

        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        title = str(reader.metadata.title if reader.metadata and reader.metadata.title else title)
        pdf_lang = str(reader.root_object.get("/Lang") or pdf_lang)
    return data, path.name, title, lang or pdf_lang


def _is_encrypted(data: bytes) -> bool:
    from handout.delivery.encrypt import is_encrypted

    return is_encrypted(data)


def ask_password() -> str:
    """HANDOUT_PDF_PASSWORD, else a hidden, confirmed prompt; never a command-line argument."""
    from handout.delivery.encrypt import check_password, password_from_env

    password = password_from_env()
    if password is not None:
        return password
    try:
        typed = typer.prompt("PDF password", hide_input=True, confirmation_prompt=True, err=True)
    except typer.Abort:
        raise BadInputError(
            "no PDF password: set HANDOUT_PDF_PASSWORD or type one when asked"
        ) from None
    return check_password(str(typed))
