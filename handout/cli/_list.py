"""`handout list`: what can be built (articles, regions, formats, papers, languages)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from handout.cli._options import ContentOpt
from handout.cli._report import reporting

if TYPE_CHECKING:
    from handout.library import ContentLibrary


def list_command(
    content: ContentOpt = None,
) -> None:
    """List articles with their regions and languages (with translation status), formats and papers."""
    with reporting():
        from handout.formats import FORMAT_NAMES, get_format
        from handout.library import ContentLibrary
        from handout.model import ALL_REGIONS
        from handout.options import MM, Paper

        library = ContentLibrary(content) if content else ContentLibrary()
        typer.echo("Articles:")
        for article_id in library.article_ids:
            source = library.load(article_id)
            typer.echo(f"  {article_id}: {source.title}")
            typer.echo(f"    regions: {', '.join((*source.region_ids, ALL_REGIONS))}")
            typer.echo("    languages:")
            for lang in library.languages(article_id):
                typer.echo(f"      {_language_line(library, article_id, lang)}")
        typer.echo("Formats:")
        for name in FORMAT_NAMES:
            fmt = get_format(name)
            typer.echo(f"  {name}: {fmt.DESCRIPTION}; papers: {', '.join(p.value for p in fmt.PAPERS)}")
        typer.echo("Papers: " + ", ".join(f"{p.value} ({p.size[0] / MM:.0f} × {p.size[1] / MM:.0f} mm)" for p in Paper))
        typer.echo("Editions: standard, --large-print, --grayscale")


def _language_line(library: ContentLibrary, article_id: str, lang: str) -> str:
    """`es  Spanish  machine-draft` plus direction and a stale warning when they apply."""
    from handout.i18n import LANGUAGES

    article = library.load(article_id, lang)
    known = LANGUAGES.get(lang)
    shown = "(no language settings)" if known is None else known.name if known.own_name == known.name \
        else f"{known.own_name} ({known.name})"
    parts = [f"{lang:8}", f"{shown:32}", article.translation.status.value]
    if known and known.rtl:
        parts.append("right-to-left")
    made_from = library.stale_from(article_id, lang)
    if made_from is not None:
        current = library.load(article_id).document.version
        parts.append(f"STALE: made from English {made_from}, English is now {current}")
    return "  ".join(parts).rstrip()
