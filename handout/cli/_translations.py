"""`handout translations export|import`: a translator's round trip through a PO file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handout.cli._options import ContentOpt
from handout.cli._report import reporting, warn

app = typer.Typer(help="Send an article's strings to a translator (PO file) and take the translation back.",
                  no_args_is_help=True)


@app.command("export")
def export(
    article: Annotated[str, typer.Argument(help="Article id (see `handout list`).", show_default=False)],
    lang: Annotated[str, typer.Option("--lang", help="The language to translate into, e.g. so.", show_default=False)],
    out: Annotated[Path | None, typer.Option(help="The PO file to write (default <article>.<lang>.po).")] = None,
    content: ContentOpt = None,
) -> None:
    """Write every string of the English article, with the current translation if there is one,
    as a PO file that translation tools (Poedit, Weblate, memoQ, Trados) open."""
    with reporting():
        from handout.cli._context import content_library
        from handout.output import write_atomic
        from handout.roundtrip import export_po

        library = content_library(content)
        article = _article(article, library.article_ids)
        target = out or Path(f"{article}.{lang}.po")
        typer.echo(str(write_atomic(target, export_po(library, article, lang))))


@app.command("import")
def import_(
    po_file: Annotated[Path, typer.Argument(help="The translated PO file.", show_default=False, metavar="FILE")],
    status: Annotated[
        str | None, typer.Option(help="professional (a qualified translator) or reviewed (and checked by a second).")
    ] = None,
    translator: Annotated[str, typer.Option(help="Who translated it.")] = "",
    reviewer: Annotated[str, typer.Option(help="Who reviewed it (with --status reviewed).")] = "",
    date: Annotated[str | None, typer.Option(help="Date of the translation, YYYY-MM-DD (default today).")] = None,
    content: ContentOpt = None,
) -> None:
    """Write a translated PO file back into the article's YAML: only the strings that changed,
    and the translation record. Reports strings missing or made from an older English."""
    with reporting():
        from handout.cli._context import content_library
        from handout.roundtrip import import_po, signature

        library = content_library(content)
        report = import_po(library, po_file, signature(status, translator, reviewer, date))
        for key in report.stale:
            warn(f"{po_file}: {key}: the English changed since this file was exported; not imported, export again")
        for key in report.missing:
            warn(f"{po_file}: {key}: not translated (or marked fuzzy); the YAML keeps what it had")
        for key in report.unknown:
            warn(f"{po_file}: {key}: not a string of the article; left out")
        verb = "made" if report.created else "changed" if report.written else "left as it was"
        typer.echo(f"{report.path}: {verb}; {len(report.changed)} strings imported")


def _article(value: str, choices: tuple[str, ...]) -> str:
    from handout.errors import BadInputError
    from handout.ids import choose

    try:
        return choose(value, choices, "article")
    except ValueError as exc:
        raise BadInputError(f"ARTICLE: {exc}") from None
