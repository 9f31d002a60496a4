"""`handout check`: every quality gate on the content and on every PDF of the rack."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from handout.cli._options import ContentOpt
from handout.cli._report import reporting

if TYPE_CHECKING:
    from handout.quality import Result

ARTICLE_HELP = "Article id to check (default: every article)."


def check(
    article: Annotated[str | None, typer.Argument(help=ARTICLE_HELP, show_default=False)] = None,
    lang: Annotated[
        list[str] | None,
        typer.Option(
            "--lang", metavar="LANG", help="Only this language; repeat for more (default all)."
        ),
    ] = None,
    format_: Annotated[
        list[str] | None,
        typer.Option(
            "--format", metavar="FORMAT", help="Only this format; repeat for more (default all)."
        ),
    ] = None,
    clinic: Annotated[
        Path | None,
        typer.Option(help="Clinic profile YAML: its brand colour and text are checked too."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Warnings (overdue review, machine drafts, ...) fail too."),
    ] = False,
    json_: Annotated[
        Path | None, typer.Option("--json", help="Also write every result to this JSON file.")
    ] = None,
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

        from handout.clinic import load_clinic
        from handout.errors import BadInputError
        from handout.library import ContentLibrary
        from handout.options import Clinic
        from handout.output import write_atomic
        from handout.quality import report
        from handout.quality.runner import Selection, run_check

        if content is not None and not content.is_dir():
            raise BadInputError(f"--content {content} is not a folder")
        library = ContentLibrary(content) if content is not None else ContentLibrary()
        selection = Selection(
            articles=(article,) if article else None,
            langs=tuple(lang) if lang else None,
            formats=tuple(format_) if format_ else None,
            clinic=load_clinic(clinic) if clinic is not None else Clinic(),
        )
        started = time.monotonic()
        with ExitStack() as stack:
            bar: Any = None

            def on_jobs(total: int) -> None:
                nonlocal bar
                if total:
                    bar = stack.enter_context(
                        typer.progressbar(
                            length=total, label="Checking PDFs", show_pos=True, file=sys.stderr
                        )
                    )

            def progress(done: int) -> None:
                if bar is not None:
                    bar.update(done)

            run = run_check(library, selection, strict=strict, on_jobs=on_jobs, progress=progress)
        seconds = time.monotonic() - started
        _print(run.results)
        for line in report.summary_lines(
            run.results,
            articles=len(run.articles),
            langs=len(run.langs),
            pdfs=run.pdfs,
            seconds=seconds,
        ):
            typer.echo(line)
        if json_ is not None:
            write_atomic(
                json_,
                report.to_json(
                    run.results,
                    articles=run.articles,
                    langs=run.langs,
                    pdfs=run.pdfs,
                    seconds=seconds,
                    strict=strict,
                ),
            )
            typer.echo(f"Every result: {json_}")
        if report.counts(run.results)["fail"]:
            raise typer.Exit(1)


def _print(results: list[Result]) -> None:
    from handout.quality import report

    typer.echo("Content and reading level (per article × language)")
    for line in report.content_table(results):
        typer.echo(f"  {line}")
    table = report.output_table(results)
    if len(table) > 1:
        typer.echo("")
        typer.echo(
            "PDFs read back (per article × language × format × paper;"
            " worst over regions and editions)"
        )
        for line in table:
            typer.echo(f"  {line}")
    problems = report.problem_lines(results)
    typer.echo("")
    if problems:
        typer.echo(
            "Failures and warnings (each once; +N more: other outputs with the same problem):"
        )
        for line in problems:
            typer.echo(f"  {line}")
        typer.echo("")
