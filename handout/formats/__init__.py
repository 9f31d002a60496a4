"""The registry of output formats. Each format is one module with the same small interface.

A format module provides `NAME`, `DESCRIPTION`, `PAPERS` (papers it prints on),
`page_budget(opts) -> int` and `build_story(kit) -> Story`. It may also provide
`CUT_MARK_PAPERS` (papers it can print on a bigger sheet with crop marks) and
`refuses(opts) -> str | None` (why a combination is not offered at all, e.g. an edition that can
never fit). Adding a format means adding a module and one line in `_MODULES`; no other format
changes.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Protocol, cast

from handout.caches import register
from handout.errors import BadInputError

if TYPE_CHECKING:
    from handout.options import Paper, RenderOptions
    from handout.story import Kit, Story

# name -> module; imported lazily so `handout --help` stays fast.
_MODULES: dict[str, str] = {
    "handout": "handout.formats.handout",
    "checklist": "handout.formats.checklist",
    "trifold": "handout.formats.trifold",
}


class Format(Protocol):
    NAME: str
    DESCRIPTION: str
    PAPERS: Sequence[Paper]

    def page_budget(self, opts: RenderOptions) -> int: ...

    def build_story(self, kit: Kit) -> Story: ...


FORMAT_NAMES: tuple[str, ...] = tuple(_MODULES)


@register
@cache
def get_format(name: str) -> Format:
    if name not in _MODULES:
        raise BadInputError(f"unknown format '{name}'; valid formats: {', '.join(FORMAT_NAMES)}")
    module: ModuleType = importlib.import_module(_MODULES[name])
    return cast(Format, module)


def cut_mark_papers(fmt: Format) -> tuple[Paper, ...]:
    """Papers the format can print on the next sheet size up with crop marks (often none)."""
    return tuple(getattr(fmt, "CUT_MARK_PAPERS", ()))


def combination_problems(
    fmt: Format, opts: RenderOptions, paper_given: bool = True
) -> list[tuple[str, str, tuple[str, ...]]]:
    """(field, what is wrong, valid choices) for a paper or cut marks the format does not offer."""
    papers = tuple(p.value for p in fmt.PAPERS)
    if opts.paper not in fmt.PAPERS:
        chosen = opts.paper.value if paper_given else f"{opts.paper.value} (the default)"
        return [("paper", f"format '{fmt.NAME}' does not print on {chosen}; valid papers: {', '.join(papers)}", papers)]
    offered = cut_mark_papers(fmt)
    if opts.cut_marks and opts.paper not in offered:
        if not offered:
            why = "it prints a small checklist on a bigger sheet"
            return [("cut_marks", f"is not offered for the {fmt.NAME} format; {why}", ())]
        return [("cut_marks", f"prints a smaller {fmt.NAME} on a bigger sheet; use it with --paper "
                 + " or ".join(p.value for p in offered), tuple(p.value for p in offered))]
    return []


def refusal(fmt: Format, opts: RenderOptions) -> str | None:
    """Why the format does not offer this combination at all, or None when it does."""
    refuses = getattr(fmt, "refuses", None)
    return refuses(opts) if refuses is not None else None


__all__ = ["FORMAT_NAMES", "Format", "combination_problems", "cut_mark_papers", "get_format", "refusal"]
