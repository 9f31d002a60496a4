"""The one progress bar of every long command, on stderr (so stdout stays for results)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Bar:
    """`bar(n)` counts n steps done; `bar.expect(total)` once the total is known."""

    def __init__(self, progress: Any, task: Any) -> None:
        self._progress, self._task = progress, task

    def __call__(self, steps: int = 1) -> None:
        self._progress.advance(self._task, steps)

    def expect(self, total: int) -> None:
        self._progress.update(self._task, total=total)


@contextmanager
def progress(label: str, total: int | None = None) -> Iterator[Bar]:
    """A bar for `total` steps (or a total given later). Shown only when stderr is a terminal."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    )
    with bar:
        yield Bar(bar, bar.add_task(label, total=total))
