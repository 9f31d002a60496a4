"""`handout build`: one PDF, or with `--all` every combination of the bundled content."""

from __future__ import annotations

import datetime as dt
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
from handout.cli._report import error_line, reporting
from handout.errors import BadInputError


def build(
    article: ArticleArg = None,
    all_: Annotated[
        bool,
        typer.Option("--all", help="Build every article × language × region × format × paper × edition."),
    ] = False,
    region: RegionOpt = None,
    format_: FormatOpt = None,
    lang: Annotated[
        str | None,
        typer.Option(help="Language, e.g. es; a locale such as es-US; es+en for a bilingual edition (default en)."),
    ] = None,
    country: CountryOpt = None,
    paper: PaperOpt = None,
    out: Annotated[Path, typer.Option(help="Folder to write the PDF(s) to.")] = Path("out"),
    clinic: Annotated[
        Path | None,
        typer.Option(help="Clinic profile YAML (name, phone, address, website, logo, brand_color)."),
    ] = None,
    patient: Annotated[str, typer.Option(help="Patient name, printed on the name line (never in the file name).")] = "",
    note: NoteOpt = "",
    date: Annotated[
        str | None,
        typer.Option(help="Date printed on the handout (the checklist: week starting), YYYY-MM-DD."),
    ] = None,
    large_print: LargePrintOpt = False,
    grayscale: GrayscaleOpt = False,
    cut_marks: Annotated[
        bool,
        typer.Option("--cut-marks", help="Checklist: print A5/half-letter on A4/Letter with crop marks."),
    ] = False,
    content: ContentOpt = None,
    encrypt: EncryptOpt = False,
) -> None:
    """Build handout PDFs into --out (default out/), one per request or the whole rack.

    \b
    Examples:
      handout build back-spasms-pregnancy --region lower --paper letter
      handout build back-spasms-pregnancy --lang es-US --patient "Ana Lima" --encrypt
      handout build back-spasms-pregnancy --lang es+en          (bilingual)
      handout build back-spasms-pregnancy --format checklist --paper a5 --cut-marks
      handout build --all
    """
    with reporting():
        from handout.cli import _jobs

        if all_ == bool(article):
            raise BadInputError("give one ARTICLE, or --all to build every combination")
        request = _jobs.Request(
            article=article, region=region, format=format_, lang=lang, country=country,
            paper=paper, out=out, clinic=clinic, patient=patient, note=note,
            date=_parse_date(date), large_print=large_print, grayscale=grayscale,
            cut_marks=cut_marks, content=content,
        )
        if all_:
            if encrypt:
                raise BadInputError("--encrypt protects one patient's copy; it is not for --all")
            failed = _jobs.build_all(request, echo=typer.echo, error=error_line)
            if failed:
                raise typer.Exit(1)
        else:
            protect = None
            if encrypt:
                from handout.cli._email import ask_password
                from handout.delivery.encrypt import encrypt_pdf

                password = ask_password()
                protect = lambda pdf: encrypt_pdf(pdf, password)  # noqa: E731
            path = _jobs.build_one(request, protect=protect, warn=_warn)
            typer.echo(str(path))


def _warn(text: str) -> None:
    typer.echo(f"handout: warning: {text}", err=True)


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadInputError(f"--date '{text}' is not a date; write it as YYYY-MM-DD") from None
