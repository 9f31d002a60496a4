"""The one job runner: `build --all`, `check`, `batch` and the web server run their work here.

Work is a picklable function applied to each item of a list, in worker processes on every
core (or in this process for one worker). What every caller gets, written once:
- workers ignore Ctrl-C (the parent handles it) and die with the parent (a killed
  `build --all` leaves no worker writing);
- each result is handed to `on_result` as soon as it is back (progress, a manifest that grows),
  and the whole list comes back in the items' order, so reports never change between runs;
- on Ctrl-C nothing more starts, what is running finishes and is handed over, and
  `Interrupted` says how much was done;
- `Shard` picks every N-th item from K, so one job can run as a job array across machines.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from handout.caches import register
from handout.errors import BadInputError, BuildFailedError, HandoutError

if TYPE_CHECKING:
    from concurrent.futures import Future

    from handout.library import ContentLibrary

T = TypeVar("T")
R = TypeVar("R")

EXIT_INTERRUPTED = 130


class Interrupted(HandoutError):
    """Ctrl-C: the work that finished is complete and recorded; the rest was not started."""

    exit_code = EXIT_INTERRUPTED

    def __init__(self, done: int, total: int) -> None:
        super().__init__(
            f"interrupted; {done} of {total} finished; every file written is complete and nothing "
            "half-written was left; run the same command again to do the rest"
        )
        self.done, self.total = done, total


@dataclass(frozen=True)
class Shard:
    """Shard K of N (K counts from 0, as a Kubernetes Indexed Job's JOB_COMPLETION_INDEX does)."""

    index: int = 0
    count: int = 1

    @classmethod
    def parse(cls, text: str | None, option: str = "--shard") -> Shard:
        if not text:
            return cls()
        k, sep, n = text.partition("/")
        if not (sep and k.strip().isdigit() and n.strip().isdigit()) or not 0 <= int(k) < int(n):
            raise BadInputError(f"{option} '{text}' is not K/N with 0 <= K < N, e.g. 0/4 (the first of four shards)")
        return cls(int(k), int(n))

    def owns(self, position: int) -> bool:
        """Whether the item at `position` (from 0) is this shard's."""
        return position % self.count == self.index

    def take(self, items: Sequence[T]) -> list[T]:
        """Every N-th item, from the K-th: N shards together take every item exactly once."""
        return list(items[self.index :: self.count])

    @property
    def suffix(self) -> str:
        """A name part for this shard's own files (`-shard-1-of-4`), empty when unsharded."""
        return f"-shard-{self.index}-of-{self.count}" if self.count > 1 else ""


def default_workers(items: int, requested: int | None = None) -> int:
    """One worker per core (or as asked), never more than there are items."""
    return max(1, min(requested or os.cpu_count() or 1, items))


@dataclass(frozen=True)
class _Chunk(Generic[T]):
    start: int
    items: list[T]


def _chunks(items: Sequence[T], workers: int, size: int | None) -> list[_Chunk[T]]:
    """Consecutive runs of about `size` items (default: enough for four per worker, at most 8),
    so few round trips carry the work and every worker finishes at about the same time."""
    if size is None:
        size = max(1, min(8, len(items) // (workers * 4)))
    return [_Chunk(i, list(items[i : i + size])) for i in range(0, len(items), size)]


def _run_chunk(task: Callable[[T], R], chunk: _Chunk[T]) -> tuple[int, list[R]]:
    return chunk.start, [task(item) for item in chunk.items]


def run(
    task: Callable[[T], R],
    items: Sequence[T],
    *,
    workers: int | None = None,
    chunk_size: int | None = None,
    on_result: Callable[[int, R], None] | None = None,
) -> list[R]:
    """`task` on every item; results in the items' order. `task` must be a module-level function
    (workers receive it by name) and handle its own expected errors (return them as results)."""
    count = default_workers(len(items), workers)
    results: dict[int, R] = {}

    def take(index: int, result: R) -> None:
        results[index] = result
        if on_result is not None:
            on_result(index, result)

    if count == 1 or len(items) <= 1:
        try:
            for index, item in enumerate(items):
                take(index, task(item))
        except KeyboardInterrupt:
            raise Interrupted(len(results), len(items)) from None
        return [results[i] for i in range(len(items))]
    _pooled(task, _chunks(items, count, chunk_size), count, take, len(items))
    return [results[i] for i in range(len(items))]


def _pooled(
    task: Callable[[T], R], chunks: list[_Chunk[T]], workers: int, take: Callable[[int, R], None], total: int
) -> None:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(os.getpid(),))
    pending: set[Future[tuple[int, list[R]]]] = {pool.submit(_run_chunk, task, chunk) for chunk in chunks}
    done_items = 0

    def collect(futures: set[Future[tuple[int, list[R]]]]) -> None:
        nonlocal done_items
        for future in futures:
            if future.cancelled():
                continue
            if isinstance(future.exception(), BrokenProcessPool):
                raise BuildFailedError(
                    "a worker process died (out of memory?); run the same command again to finish the rest"
                )
            start, found = future.result()  # an unexpected error in a task is raised here
            for offset, result in enumerate(found):
                take(start + offset, result)
            done_items += len(found)

    try:
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            collect(finished)
    except KeyboardInterrupt:
        # Nothing new starts; what a worker is doing finishes (workers ignore Ctrl-C) and is kept.
        pool.shutdown(wait=True, cancel_futures=True)
        collect({f for f in pending if f.done()})
        raise Interrupted(done_items, total) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class Pool:
    """Workers that live as long as a server does (`handout serve`), started as `run`'s are:
    they ignore Ctrl-C and die with the server. `submit` returns a concurrent Future, which
    asyncio can await with `asyncio.wrap_future`."""

    def __init__(self, workers: int | None = None) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.workers = max(1, workers or os.cpu_count() or 1)
        self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_init_worker, initargs=(os.getpid(),))
        # Start every worker now, from this thread: the kernel's "die with the parent" watches the
        # thread that forked a worker, and a server may later submit from short-lived threads.
        for started in [self._pool.submit(os.getpid) for _ in range(self.workers)]:
            started.result()

    def submit(self, task: Callable[[T], R], item: T) -> Future[R]:
        return self._pool.submit(task, item)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _init_worker(parent: int) -> None:
    """Once per worker: ignore Ctrl-C (the parent decides), and die with the parent, whose pid
    was taken before the fork: a parent killed before this runs is noticed too."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the request took hold
        os._exit(1)


# --- what workers keep between items ----------------------------------------------------------

_LIBRARIES: dict[Path, ContentLibrary] = register({}, "handout.jobs._LIBRARIES")


def library_at(root: Path) -> ContentLibrary:
    """The content library of `root`, loaded once per process (workers build many documents)."""
    from handout.library import ContentLibrary

    if root not in _LIBRARIES:
        _LIBRARIES[root] = ContentLibrary(root)
    return _LIBRARIES[root]

