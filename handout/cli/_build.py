"""`handout build`: one PDF, or with `--all` every combination of the bundled content."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    ShardOpt,
    WorkersOpt,
)
from handout.cli._report import error_line, reporting, warn
from handout.errors import BadInputError

if TYPE_CHECKING:
    from handout.library import ContentLibrary
    from handout.request import Selection


def build(
    article: ArticleArg = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Build every article × language × region × format × paper × edition.")
    ] = False,
    region: RegionOpt = None,
    format_: FormatOpt = None,
    lang: LangOpt = None,
    country: CountryOpt = None,
    paper: PaperOpt = None,
    out: Annotated[Path, typer.Option(help="Folder to write the PDF(s) to.")] = Path("out"),
    clinic: ClinicOpt = None,
    patient: PatientOpt = "",
    note: NoteOpt = "",
    date: DateOpt = None,
    large_print: LargePrintOpt = False,
    grayscale: GrayscaleOpt = False,
    cut_marks: Annotated[
        bool, typer.Option("--cut-marks", help="Checklist: print A5/half-letter on A4/Letter with crop marks.")
    ] = False,
    content: ContentOpt = None,
    encrypt: EncryptOpt = False,
    shard: ShardOpt = None,
    workers: WorkersOpt = None,
) -> None:
    """Build handout PDFs into --out (default out/), one per request or the whole rack.

    \b
    Examples:
      handout build back-spasms-pregnancy --region lower --paper letter
      handout build back-spasms-pregnancy --lang es-US --patient "Ana Lima" --encrypt
      handout build back-spasms-pregnancy --lang es+en          (bilingual)
      handout build back-spasms-pregnancy --format checklist --paper a5 --cut-marks
      handout build --all
      handout build --all --shard 0/4                          (the first of four machines)
    """
    with reporting():
        from handout import writers
        from handout.cli._context import clinic_profile, content_library, request_fields
        from handout.request import cli_names, parse_request, parse_selection

        if all_ == bool(article):
            raise BadInputError("give one ARTICLE, or --all to build every combination")
        if not all_ and (shard or workers):
            raise BadInputError("--shard and --workers go with --all")
        if all_ and encrypt:
            raise BadInputError("--encrypt protects one patient's copy; it is not for --all")
        library = content_library(content)
        fields = request_fields(
            article=article, region=region, format=format_, lang=lang, country=country, paper=paper,
            patient=patient, note=note, date=date, large_print=large_print, grayscale=grayscale,
            cut_marks=cut_marks, encrypt=encrypt,
        )
        profile = clinic_profile(clinic)
        if all_:
            _build_all(library, parse_selection(fields, library, clinic=profile, names=cli_names()), out, shard,
                       workers)
            return
        request = parse_request(fields, library, clinic=profile, names=cli_names())
        for line in writers.stale_warnings(library, request.article, request.opts):
            warn(line)
        protect = None
        if request.encrypt:
            from handout.cli._password import ask_password
            from handout.delivery.encrypt import encrypt_pdf

            password = ask_password()
            protect = lambda pdf: encrypt_pdf(pdf, password)  # noqa: E731
        typer.echo(str(writers.write_document(library, request, out, protect)))


def _build_all(library: ContentLibrary, selection: Selection, out: Path, shard: str | None,
               workers: int | None) -> None:
    from handout import writers
    from handout.cli._progress import progress
    from handout.jobs import Shard

    chosen = writers.rack_jobs(library, selection, Shard.parse(shard))
    with progress("Building", len(chosen)) as advance:
        failures = writers.write_rack(library, chosen, out, workers=workers, on_done=advance)
    for line in failures:
        error_line(line)
    typer.echo(f"Built {len(chosen) - len(failures)} of {len(chosen)} PDFs into {out}/"
               + (f"; {len(failures)} failed" if failures else ""))
    if failures:
        raise typer.Exit(1)

