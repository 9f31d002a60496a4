"""Turns CLI choices into RenderOptions and runs one build or the whole rack."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from handout.build import build_pdf
from handout.clinic import load_clinic
from handout.errors import BadInputError, HandoutError
from handout.formats import FORMAT_NAMES
from handout.library import ContentLibrary
from handout.model import ALL_REGIONS
from handout.options import Clinic, Paper, RenderOptions, default_paper, parse_lang_option
from handout.output import ensure_folder, write_atomic
from handout.rack import rack as full_rack


@dataclass(frozen=True)
class Request:
    """What the user typed, before defaults are applied (None means "not given")."""

    article: str | None
    region: str | None
    format: str | None
    lang: str | None
    country: str | None
    paper: str | None
    out: Path
    clinic: Path | None
    patient: str
    note: str
    date: dt.date | None
    large_print: bool
    grayscale: bool
    cut_marks: bool
    content: Path | None


def _library(request: Request) -> ContentLibrary:
    if request.content is not None:
        if not request.content.is_dir():
            raise BadInputError(f"--content {request.content} is not a folder")
        return ContentLibrary(request.content)
    return ContentLibrary()


def _clinic(request: Request) -> Clinic:
    return load_clinic(request.clinic) if request.clinic is not None else Clinic()


def options_for(request: Request) -> RenderOptions:
    lang, companion, country = parse_lang_option(request.lang or "en", request.country)
    fmt = request.format or "handout"
    if fmt not in FORMAT_NAMES:
        raise BadInputError(f"unknown format '{fmt}'; valid formats: {', '.join(FORMAT_NAMES)}")
    paper = Paper.coerce(request.paper) if request.paper else default_paper(country)
    return RenderOptions(
        format=fmt, region=request.region or ALL_REGIONS, lang=lang, companion=companion,
        paper=paper, country=country,
        clinic=_clinic(request), patient=request.patient, note=request.note,
        date=request.date, large_print=request.large_print, grayscale=request.grayscale,
        cut_marks=request.cut_marks,
    )


def build_one(request: Request, *, protect: Callable[[bytes], bytes] | None = None,
              warn: Callable[[str], None] = lambda text: None) -> Path:
    """Build and write one PDF; `protect` (encryption) is applied before anything is written."""
    assert request.article is not None
    opts = options_for(request)
    library = _library(request)
    ensure_folder(request.out)
    built = build_pdf(library, request.article, opts)
    for lang in filter(None, (opts.lang, opts.companion)):
        made_from = library.stale_from(request.article, lang)
        if made_from is not None:
            warn(f"the {lang} translation is stale: made from English {made_from}, English is now "
                 f"{library.load(request.article).document.version}; have it brought up to date")
    pdf = protect(built.pdf) if protect is not None else built.pdf
    return write_atomic(request.out / built.filename, pdf)


def rack(request: Request, library: ContentLibrary) -> Iterator[tuple[str, RenderOptions]]:
    """Every combination, narrowed by whatever options the user did give."""
    base = options_for(replace(request, paper=request.paper or "a4"))
    edition = (request.large_print, request.grayscale)
    return full_rack(
        library, base,
        langs=[(base.lang, base.companion)] if request.lang else None,
        regions=[request.region] if request.region else None,
        formats=[request.format] if request.format else None,
        papers=[Paper.coerce(request.paper)] if request.paper else None,
        editions=[edition] if any(edition) else None,
    )


def build_all(request: Request, *, echo: Callable[[str], None], error: Callable[[str], None]) -> int:
    """Build the whole rack into `request.out` on every core; report each failure and carry on.

    Returns the number of failed outputs.
    """
    import typer

    library = _library(request)
    ensure_folder(request.out)
    jobs = list(rack(request, library))
    failures = 0
    workers = min(os.cpu_count() or 1, max(1, len(jobs) // 8))
    chunks = [jobs[i::workers * 4] for i in range(workers * 4)] if workers > 1 else [jobs]
    with typer.progressbar(length=len(jobs), label="Building", show_pos=True) as progress:
        for problems, done in _run_chunks(chunks, library.root, request.out, workers):
            for line in problems:
                failures += 1
                error(line)
            progress.update(done)
    echo(f"Built {len(jobs) - failures} of {len(jobs)} PDFs into {request.out}/"
         + (f"; {failures} failed" if failures else ""))
    return failures


Job = tuple[str, RenderOptions]


def _run_chunks(chunks: list[list[Job]], root: Path, out: Path, workers: int) -> Iterator[tuple[list[str], int]]:
    if workers <= 1:
        for chunk in chunks:
            yield _build_chunk(chunk, root, out)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_build_chunk, chunk, root, out) for chunk in chunks if chunk]
        for future in as_completed(futures):
            yield future.result()


_WORKER_LIBRARIES: dict[Path, ContentLibrary] = {}


def _build_chunk(chunk: list[Job], root: Path, out: Path) -> tuple[list[str], int]:
    """Build and write some outputs; one error line per failed output (first line of its error)."""
    library = _WORKER_LIBRARIES.setdefault(root, ContentLibrary(root))
    problems: list[str] = []
    for article_id, opts in chunk:
        try:
            built = build_pdf(library, article_id, opts)
            write_atomic(out / built.filename, built.pdf)
        except HandoutError as exc:
            problems.append(exc.lines[0] if len(exc.lines) == 1 else f"{exc.lines[0]} (+{len(exc.lines) - 1} more)")
    return problems, len(chunk)
