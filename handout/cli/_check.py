"""`handout check`: every quality gate on the content and on every PDF of the rack."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handout.cli._options import ClinicOpt, ContentOpt
from handout.cli._report import reporting

ARTICLE_HELP = "Article id to check (default: every article)."


def check(
    article: Annotated[str | None, typer.Argument(help=ARTICLE_HELP, show_default=False)] = None,
    lang: Annotated[
        list[str] | None,
        typer.Option("--lang", metavar="LANG", help="Only this language; repeat for more (default all)."),
    ] = None,
    format_: Annotated[
        list[str] | None,
        typer.Option("--format", metavar="FORMAT", help="Only this format ({formats}); repeat for more (default all)."),
    ] = None,
    clinic: ClinicOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings (overdue review, machine drafts, ...) fail too.")
    ] = False,
    json_: Annotated[Path | None, typer.Option("--json", help="Also write every result to this JSON file.")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Parallel checks (default: one per CPU core).")] = None,
    content: ContentOpt = None,
) -> None:
    """Run the print and health-literacy quality gates; exit 1 if any gate fails.

    Checks the content of every article and language (schema, ids, UI labels, stale and
    machine-draft translations, missing glyphs, review date, list lengths, reading level), then
    builds every region × format × paper × edition in memory and reads each PDF back (page budget,
    text size, contrast, 10 mm margins, embedded fonts, metadata).
    Examples: `handout check`; `handout check back-spasms-pregnancy --lang es --format checklist`.
    """
    with reporting():
        import time

        from handout.cli._context import clinic_profile, content_library
        from handout.cli._progress import progress
        from handout.output import write_atomic
        from handout.quality import report
        from handout.quality.runner import Selection, run_check

        library = content_library(content)
        selection = Selection(articles=(article,) if article else None, langs=tuple(lang) if lang else None,
                              formats=tuple(format_) if format_ else None, clinic=clinic_profile(clinic))
        started = time.monotonic()
        with progress("Checking PDFs") as bar:
            run = run_check(library, selection, strict=strict, workers=workers, on_jobs=bar.expect, progress=bar)
        seconds = time.monotonic() - started
        for line in report.report_lines(run.results, articles=len(run.articles), langs=len(run.langs), pdfs=run.pdfs,
                                        seconds=seconds):
            typer.echo(line)
        if json_ is not None:
            write_atomic(json_, report.to_json(run.results, articles=run.articles, langs=run.langs, pdfs=run.pdfs,
                                               seconds=seconds, strict=strict))
            typer.echo(f"Every result: {json_}")
        if report.counts(run.results)["fail"]:
            raise typer.Exit(1)
