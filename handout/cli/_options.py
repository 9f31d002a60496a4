"""Command-line options that several commands share, declared once so their names, types and
help read the same in every command's --help.

Choices in the help come from the registries (formats, papers, the bundled articles' regions),
filled in when the help is shown (`RegistryHelp`), so `handout build` does not pay for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

ARTICLE_HELP = "Article id, e.g. {article} (see `handout list`)."

ArticleArg = Annotated[str | None, typer.Argument(help=ARTICLE_HELP, show_default=False)]
RegionOpt = Annotated[str | None, typer.Option(help="{regions} (default both).")]
FormatOpt = Annotated[str | None, typer.Option("--format", help="{formats} (default handout).")]
LangOpt = Annotated[
    str | None,
    typer.Option(help="Language, e.g. es; a locale such as es-US; es+en for a bilingual edition (default en)."),
]
CountryOpt = Annotated[
    str | None, typer.Option(help="ISO 3166 country code (US, GB, ...): sets paper, units and dates.")
]
PaperOpt = Annotated[str | None, typer.Option(help="{papers} (default A4; Letter in {letter_countries}).")]
ClinicOpt = Annotated[
    Path | None, typer.Option(help="Clinic profile YAML (name, phone, address, website, logo, brand_color, smtp).")
]
PatientOpt = Annotated[str, typer.Option(help="Patient name, printed on the name line (never in the file name).")]
NoteOpt = Annotated[str, typer.Option(help="A short note from the care team, printed in the notes box.")]
DateOpt = Annotated[
    str | None, typer.Option(help="Date printed on the document (the checklist: week starting), YYYY-MM-DD.")
]
LargePrintOpt = Annotated[bool, typer.Option("--large-print", help="Large-print edition: every text at least 18 pt.")]
GrayscaleOpt = Annotated[bool, typer.Option("--grayscale", help="Greyscale edition for mono printers.")]
EncryptOpt = Annotated[
    bool, typer.Option("--encrypt", help="Protect the PDF with AES-256 (password: HANDOUT_PDF_PASSWORD or a prompt).")
]
ContentOpt = Annotated[Path | None, typer.Option(help="Content folder (default: the bundled articles).")]
ShardOpt = Annotated[
    str | None,
    typer.Option(help="Do only shard K of N (K from 0), e.g. 0/4 or \"$JOB_COMPLETION_INDEX/4\" in a job array."),
]
WorkersOpt = Annotated[int | None, typer.Option(min=1, help="Parallel builds (default: one per CPU core).")]


def registry_choices() -> dict[str, str]:
    """The values the help placeholders stand for, read from the registries and bundled content."""
    from handout.delivery.rows import COLUMNS
    from handout.formats import FORMAT_NAMES
    from handout.library import ContentLibrary
    from handout.model import ALL_REGIONS
    from handout.options import LETTER_COUNTRIES, Paper

    library = ContentLibrary()
    regions = dict.fromkeys(r for a in library.article_ids for r in library.load(a).region_ids)
    return {
        "article": library.article_ids[0] if library.article_ids else "my-article",
        "regions": "A region of the article: " + ", ".join([*regions, ALL_REGIONS]),
        "formats": "One of: " + ", ".join(FORMAT_NAMES),
        "papers": "One of: " + ", ".join(p.value for p in Paper),
        "letter_countries": ", ".join(sorted(LETTER_COUNTRIES)),
        "columns": ", ".join(COLUMNS),
    }


class RegistryHelp(TyperCommand):
    """A command whose option help names the registries' current choices."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        choices = registry_choices()
        for param in self.params:
            text = getattr(param, "help", None)
            if text and "{" in text:
                param.help = text.format(**choices)  # type: ignore[attr-defined]
        super().format_help(ctx, formatter)
