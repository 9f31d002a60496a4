"""The registry of output formats. Each format is one module with the same small interface.

A format module provides `NAME`, `DESCRIPTION`, `PAPERS` (papers it prints on),
`page_budget(opts) -> int` and `build_story(kit) -> Story`. Adding a format means adding a
module and one line in `_MODULES`; no other format changes.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Protocol, cast

from handout.errors import BadInputError

if TYPE_CHECKING:
    from handout.options import Paper, RenderOptions
    from handout.story import Kit, Story

# name -> module; imported lazily so `handout --help` stays fast.
_MODULES: dict[str, str] = {
    "handout": "handout.formats.handout",
}


class Format(Protocol):
    NAME: str
    DESCRIPTION: str
    PAPERS: Sequence[Paper]

    def page_budget(self, opts: RenderOptions) -> int: ...

    def build_story(self, kit: Kit) -> Story: ...


FORMAT_NAMES: tuple[str, ...] = tuple(_MODULES)


@cache
def get_format(name: str) -> Format:
    if name not in _MODULES:
        raise BadInputError(f"unknown format '{name}'; valid formats: {', '.join(FORMAT_NAMES)}")
    module: ModuleType = importlib.import_module(_MODULES[name])
    return cast(Format, module)


__all__ = ["FORMAT_NAMES", "Format", "get_format"]
