"""Turns expected errors into one line each on stderr and the right exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from handout.errors import EXIT_FAILED, HandoutError


def error_line(message: str) -> None:
    typer.echo(f"handout: error: {message}", err=True)


def warn(message: str) -> None:
    typer.echo(f"handout: warning: {message}", err=True)


@contextmanager
def reporting() -> Iterator[None]:
    """Run a command body; map HandoutError (and any surprise) to a clean exit."""
    try:
        yield
    except HandoutError as exc:
        for line in exc.lines:
            error_line(line)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        error_line("interrupted; finished files are complete, nothing half-written was left")
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - last line of defence: never show a traceback
        error_line(f"unexpected {type(exc).__name__}: {exc}; please report this with the command you ran")
        if "--debug" in sys.argv:
            raise
        raise typer.Exit(EXIT_FAILED) from None
