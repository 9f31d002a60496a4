"""Command-line options that several commands share, declared once so their names, types and
help read the same in every command's --help."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handout.formats import FORMAT_NAMES

ARTICLE_HELP = "Article id, e.g. back-spasms-pregnancy (see `handout list`)."

ArticleArg = Annotated[str | None, typer.Argument(help=ARTICLE_HELP, show_default=False)]
RegionOpt = Annotated[str | None, typer.Option(help="lower, upper or both (default both).")]
FormatOpt = Annotated[
    str | None, typer.Option("--format", help=f"One of: {', '.join(FORMAT_NAMES)} (default handout).")
]
CountryOpt = Annotated[str | None, typer.Option(help="Country code (US, GB, ...): sets paper, units and dates.")]
PaperOpt = Annotated[
    str | None, typer.Option(help="a4, letter, a5 or half-letter (default A4; Letter in US, CA, MX, PH, ...).")
]
NoteOpt = Annotated[str, typer.Option(help="A short note from the care team, printed in the notes box.")]
LargePrintOpt = Annotated[bool, typer.Option("--large-print", help="Large-print edition: every text at least 18 pt.")]
GrayscaleOpt = Annotated[bool, typer.Option("--grayscale", help="Greyscale edition for mono printers.")]
EncryptOpt = Annotated[
    bool, typer.Option("--encrypt", help="Protect the PDF with AES-256 (password: HANDOUT_PDF_PASSWORD or a prompt).")
]
ContentOpt = Annotated[Path | None, typer.Option(help="Content folder (default: the bundled articles).")]
