"""Writes what was asked for: one document, or a selection of the rack, into a folder.

The only module below the CLI that writes PDFs; the build itself stays in memory (`build.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from handout import jobs
from handout.build import build_pdf
from handout.errors import HandoutError
from handout.library import ContentLibrary
from handout.options import RenderOptions
from handout.output import ensure_folder, write_atomic
from handout.rack import rack
from handout.request import DocumentRequest, Selection


def first_line(exc: HandoutError) -> str:
    """One line for a report of many outputs: the first problem, and how many more there are."""
    return exc.lines[0] if len(exc.lines) == 1 else f"{exc.lines[0]} (+{len(exc.lines) - 1} more)"


def stale_warnings(library: ContentLibrary, article_id: str, opts: RenderOptions) -> Iterator[str]:
    """A line for each language of the document whose translation was made from an older English."""
    for lang in filter(None, (opts.lang, opts.companion)):
        made_from = library.stale_from(article_id, lang)
        if made_from is not None:
            yield (f"the {lang} translation is stale: made from English {made_from}, English is now "
                   f"{library.load(article_id).document.version}; have it brought up to date")


def write_document(
    library: ContentLibrary, request: DocumentRequest, out: Path,
    protect: Callable[[bytes], bytes] | None = None,
) -> Path:
    """Build one PDF and write it into `out`; `protect` (encryption) runs before anything is written."""
    ensure_folder(out)
    built = build_pdf(library, request.article, request.opts)
    pdf = protect(built.pdf) if protect is not None else built.pdf
    return write_atomic(out / built.filename, pdf)


Job = tuple[str, RenderOptions]


def rack_jobs(library: ContentLibrary, selection: Selection, shard: jobs.Shard | None = None) -> list[Job]:
    """Every combination the selection allows, narrowed by the fields the user gave; one shard of it."""
    opts = selection.opts
    edition = (opts.large_print, opts.grayscale)
    narrowed = selection.narrows
    chosen = rack(
        library, replace(opts, large_print=False, grayscale=False),
        article_ids=[selection.article] if selection.article else None,
        langs=[(opts.lang, opts.companion)] if narrowed("lang") else None,
        regions=[opts.region] if narrowed("region") else None,
        formats=[opts.format] if narrowed("format") else None,
        papers=[opts.paper] if narrowed("paper") else None,
        editions=[edition] if any(edition) else None,
    )
    return (shard or jobs.Shard()).take(list(chosen))


@dataclass(frozen=True)
class _RackItem:
    root: Path
    out: Path
    article: str
    opts: RenderOptions


def _build_and_write(item: _RackItem) -> str:
    """Build and write one output; its one-line problem, or "" when it was written."""
    try:
        built = build_pdf(jobs.library_at(item.root), item.article, item.opts)
        write_atomic(item.out / built.filename, built.pdf)
    except HandoutError as exc:
        return first_line(exc)
    return ""


def write_rack(
    library: ContentLibrary, chosen: list[Job], out: Path, *,
    workers: int | None = None, on_done: Callable[[], None] | None = None,
) -> list[str]:
    """Build and write every job on every core; the failures' lines, in rack order."""
    ensure_folder(out)
    items = [_RackItem(library.root, out, article, opts) for article, opts in chosen]
    results = jobs.run(_build_and_write, items, workers=workers,
                       on_result=(lambda _i, _r: on_done()) if on_done else None)
    return [line for line in results if line]
