"""`handout email`: build (or take) one handout and email it to a patient, or save it as .eml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handout.cli._options import (
    ArticleArg,
    ClinicOpt,
    ContentOpt,
    CountryOpt,
    DateOpt,
    EncryptOpt,
    FormatOpt,
    GrayscaleOpt,
    LangOpt,
    LargePrintOpt,
    NoteOpt,
    PaperOpt,
    PatientOpt,
    RegionOpt,
)
from handout.cli._report import reporting, warn
from handout.errors import BadInputError

WARN_UNENCRYPTED = (
    "this PDF carries the patient's name and is not encrypted; "
    "consider --encrypt (AES-256) and give the password separately"
)
WARN_GIVEN_PDF = (
    "this PDF is not encrypted: if it carries a patient's name, send it with --encrypt "
    "(AES-256) and give the password separately"
)


def email(
    article: ArticleArg = None,
    to: Annotated[str, typer.Option("--to", help="The patient's email address.", show_default=False)] = "",
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Send this PDF instead of building one.")] = None,
    eml: Annotated[
        Path | None, typer.Option("--eml", help="Save the message as this .eml file for your own mail program.")
    ] = None,
    encrypt: EncryptOpt = False,
    region: RegionOpt = None,
    format_: FormatOpt = None,
    lang: LangOpt = None,
    country: CountryOpt = None,
    paper: PaperOpt = None,
    clinic: ClinicOpt = None,
    patient: PatientOpt = "",
    note: NoteOpt = "",
    date: DateOpt = None,
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
        from handout.cli._context import clinic_profile, content_library, request_fields
        from handout.cli._password import ask_password
        from handout.delivery import attachment, mail
        from handout.output import write_atomic
        from handout.request import cli_names, parse_request

        if (article is None) == (pdf is None):
            raise BadInputError("give one ARTICLE to build, or --pdf FILE to send an existing PDF")
        if not mail.valid_address(to):
            raise BadInputError(f"--to: '{to}' is not an email address such as name@example.org" if to else
                                "give the patient's address with --to")
        profile = clinic_profile(clinic)
        settings = mail.smtp_settings(profile)
        if eml is None:
            settings.require_server()
        if pdf is not None:
            doc = attachment.existing(pdf, lang, patient)
        else:
            library = content_library(content)
            fields = request_fields(
                article=article, region=region, format=format_, lang=lang, country=country, paper=paper,
                patient=patient, note=note, date=date, large_print=large_print, grayscale=grayscale,
            )
            doc = attachment.built(library, parse_request(fields, library, clinic=profile, names=cli_names()))
        if encrypt:
            doc = doc.protected(ask_password)
        elif patient and not doc.encrypted:
            warn(WARN_UNENCRYPTED)
        elif pdf is not None and not doc.encrypted:
            warn(WARN_GIVEN_PDF)
        letter = mail.Letter(to.strip(), doc.lang, doc.title, doc.pdf, doc.filename, profile, patient, doc.encrypted)
        msg = mail.compose(letter, settings.sender, draft=eml is not None)
        if eml is not None:
            from email import policy

            typer.echo(str(write_atomic(eml, msg.as_bytes(policy=policy.SMTP))))
        else:
            mail.send_one(msg, settings)
            typer.echo(f"Sent {doc.filename} to {letter.to}")
