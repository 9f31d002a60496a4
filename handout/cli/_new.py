"""`handout new ARTICLE`: start an article from a commented skeleton (a thin adapter)."""

from __future__ import annotations

from typing import Annotated

import typer

from handout.cli._options import ContentOpt
from handout.cli._report import reporting


def new(
    article: Annotated[str, typer.Argument(help="The new article's id, e.g. calf-cramps (lower-case, hyphens).",
                                           show_default=False)],
    content: ContentOpt = None,
) -> None:
    """Start a new article: a commented skeleton en.yaml and a pictograms folder, in the content
    folder `handout build` reads. Fill it in, then run `handout check ARTICLE` for what is missing.
    """
    with reporting():
        from handout.cli._context import content_library
        from handout.skeleton import new_article

        library = content_library(content)
        for path in new_article(library, article):
            typer.echo(str(path))
        typer.echo(f"Next: fill in {article}/en.yaml (docs/authoring.md), then run `handout check {article}`.")
