"""`handout list`: what can be built (articles, regions, formats, papers, languages)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handout.cli._report import reporting


def list_command(
    content: Annotated[Path | None, typer.Option(help="Content folder (default: the bundled articles).")] = None,
) -> None:
    """List articles with their regions and languages (with translation status), formats and papers."""
    with reporting():
        from handout.formats import FORMAT_NAMES, get_format
        from handout.library import ContentLibrary
        from handout.model import ALL_REGIONS

        library = ContentLibrary(content) if content else ContentLibrary()
        typer.echo("Articles:")
        for article_id in library.article_ids:
            source = library.load(article_id)
            typer.echo(f"  {article_id}: {source.title}")
            typer.echo(f"    regions: {', '.join((*source.region_ids, ALL_REGIONS))}")
            langs = []
            for lang in library.languages(article_id):
                status = library.load(article_id, lang).translation.status.value
                langs.append(f"{lang} ({status})")
            typer.echo(f"    languages: {', '.join(langs)}")
        typer.echo("Formats:")
        for name in FORMAT_NAMES:
            fmt = get_format(name)
            typer.echo(f"  {name}: {fmt.DESCRIPTION}; papers: {', '.join(p.value for p in fmt.PAPERS)}")
