"""The `handout` program: starts the command line with Python's garbage collector held off
while the modules load.

A cold `handout build` imports about 800 modules (ReportLab, Typer, Babel, PyYAML...). While
they load, the cyclic garbage collector runs again and again over their objects, none of which
is garbage: about a sixth of a one-handout run. So the collector is off while this process
imports what its command needs, then those objects are frozen (`gc.freeze`: never scanned
again, never freed, as modules are not) and it is back on for the documents themselves, which
a batch of a thousand needs.
"""

from __future__ import annotations

import gc
import importlib
import sys

# What a command that lays out documents imports on its way to the first one. Loading it here,
# with the collector off, costs nothing it would not cost later.
_LAYOUT_MODULES = (
    "handout.writers", "handout.formats.handout", "handout.blocks", "handout.footer", "babel.dates",
)
_LAYOUT_COMMANDS = frozenset({"build", "email", "batch", "preview", "check"})


def _command(args: list[str]) -> str | None:
    return next((arg for arg in args if not arg.startswith("-")), None)


def main() -> None:
    gc.disable()
    try:
        from handout.cli import app

        if _command(sys.argv[1:]) in _LAYOUT_COMMANDS:
            for module in _LAYOUT_MODULES:
                importlib.import_module(module)
    finally:
        gc.freeze()
        gc.enable()
    app()
