"""`handout preview`: PNGs of finished PDFs, page by page or as one contact sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handout.cli._report import reporting


def preview(
    paths: Annotated[
        list[Path], typer.Argument(help="PDF files, or folders of PDFs.", show_default=False)
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            help="Folder for the PNGs (default: next to each PDF); with --sheet, a folder or .png."
        ),
    ] = None,
    sheet: Annotated[
        bool,
        typer.Option(
            "--sheet",
            help="One contact sheet: the first page of every PDF, its file name underneath.",
        ),
    ] = False,
    dpi: Annotated[
        float,
        typer.Option(
            min=10, max=600, help="Resolution of page PNGs (a 72 dpi A4 page is 596 × 842 pixels)."
        ),
    ] = 100,
    thumb: Annotated[
        int,
        typer.Option(
            min=60, max=1200, help="Width of each thumbnail on the contact sheet, in pixels."
        ),
    ] = 240,
) -> None:
    """Render PDFs to PNG so a release can be checked by eye.

    Examples: `handout preview out/back-spasms-pregnancy_handout_both_en_a4.pdf`;
    `handout preview --sheet out/` (writes out/contact-sheet.png). Encrypted PDFs open with
    HANDOUT_PDF_PASSWORD.
    """
    with reporting():
        from handout.delivery import preview as previews

        pdfs = previews.pdf_files(paths)
        if sheet:
            target = out or (paths[0] if paths[0].is_dir() else pdfs[0].parent)
            typer.echo(str(previews.contact_sheet(pdfs, target, thumb=thumb).path))
            return
        for pdf in pdfs:
            for png in previews.page_images(pdf, out, dpi=dpi):
                typer.echo(str(png))
