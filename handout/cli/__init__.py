"""The `handout` command line: a thin Typer layer over the library, with fixed exit codes.

Exit codes: 0 done; 2 bad input (usage, content, profile, CSV); 1 a valid request that could
not be done. Errors are one line each on stderr; no traceback reaches the user.
"""

from __future__ import annotations

from typing import Annotated

import typer

from handout import __version__
from handout.cli import _batch, _build, _check, _email, _list, _preview, _serve, _translations
from handout.cli._options import RegistryHelp

app = typer.Typer(
    name="handout",
    help=(
        "Turn trusted patient-education articles into printable, illustrated PDFs.\n\n"
        "Examples:\n\n"
        "  handout build back-spasms-pregnancy --region lower --paper letter\n\n"
        "  handout build back-spasms-pregnancy --clinic clinic.yaml --patient 'Ana Lima'\n\n"
        "  handout build --all\n\n"
        "  handout list"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"handout {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Turn trusted patient-education articles into printable, illustrated PDFs."""


app.command("build", no_args_is_help=True, cls=RegistryHelp)(_build.build)
app.command("list")(_list.list_command)
app.command("email", no_args_is_help=True, cls=RegistryHelp)(_email.email)
app.command("batch", no_args_is_help=True, cls=RegistryHelp)(_batch.batch)
app.command("preview", no_args_is_help=True)(_preview.preview)
app.command("check", cls=RegistryHelp)(_check.check)
app.command("serve")(_serve.serve)
app.add_typer(_translations.app, name="translations")


def main() -> None:
    app()
