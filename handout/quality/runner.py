"""Runs every gate over a selection of the rack: content per article × language, then each PDF.

PDFs are built in memory (never written) and checked in worker processes, one chunk of jobs
at a time, so the whole rack (660 PDFs for the bundled article) takes a few minutes on two cores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from handout.errors import BadInputError, HandoutError
from handout.i18n import LOCALES_DIR
from handout.library import SOURCE_LANG, ContentLibrary
from handout.model import Article
from handout.options import Clinic, RenderOptions
from handout.quality import Result, failed, passed
from handout.quality import content_gates as cg
from handout.quality.readability import reading_gate

Job = tuple[str, RenderOptions]


@dataclass(frozen=True)
class Selection:
    """What to check: articles, languages and formats (None means all), and how."""

    articles: tuple[str, ...] | None = None
    langs: tuple[str, ...] | None = None
    formats: tuple[str, ...] | None = None
    clinic: Clinic = field(default_factory=Clinic)
    today: dt.date = field(default_factory=dt.date.today)
    locales_dir: Path = LOCALES_DIR
    outputs: bool = True  # False: content and reading level only (no PDFs)


@dataclass(frozen=True)
class CheckRun:
    results: list[Result]
    articles: tuple[str, ...]
    langs: tuple[str, ...]
    pdfs: int


def normalised(library: ContentLibrary, selection: Selection) -> Selection:
    """The selection with each name spelled as the registries spell it (`Checklist`, `ES`), or
    BadInputError (exit 2) naming the valid choices, as every other way in does."""
    from handout.formats import FORMAT_NAMES
    from handout.ids import choose
    from handout.request import parse_locale

    try:
        articles = tuple(choose(a, library.article_ids, "article") for a in selection.articles or ())
        known = list(dict.fromkeys(lang for a in articles or library.article_ids for lang in library.languages(a)))
        langs = tuple(parse_locale(lang, known).lang for lang in selection.langs or ())
        formats = tuple(choose(name, FORMAT_NAMES, "format") for name in selection.formats or ())
    except ValueError as exc:
        raise BadInputError(str(exc)) from None
    return replace(selection, articles=articles or None, langs=langs or None, formats=formats or None)


def resolve(library: ContentLibrary, selection: Selection) -> dict[str, tuple[str, ...]]:
    """Article id -> languages to check."""
    articles = selection.articles or library.article_ids
    if not articles:
        raise BadInputError(f"no articles found in {library.root}")
    chosen = {article_id: library.languages(article_id) for article_id in articles}
    if selection.langs:
        chosen = {a: tuple(lang for lang in langs if lang in selection.langs) for a, langs in chosen.items()}
    return chosen


def check_content(
    library: ContentLibrary, article_id: str, langs: Sequence[str], selection: Selection
) -> tuple[list[Result], list[str]]:
    """Content and reading gates of one article; also the languages that loaded (to build)."""
    source, results = cg.schema_gate(library, article_id, SOURCE_LANG)
    out: list[Result] = []
    loaded: list[str] = []
    if source is None:  # nothing else can be compared; still validate each translation alone
        out += [r.at(article=article_id, lang=SOURCE_LANG) for r in results]
        for lang in langs:
            if lang != SOURCE_LANG:
                path = library.root / article_id / f"{lang}.yaml"
                alone = cg.standalone_schema_gate(path, article_id)
                out += [r.at(article=article_id, lang=lang) for r in alone]
        return out, loaded
    for lang in langs:
        article, found = (
            (source, results) if lang == SOURCE_LANG else cg.schema_gate(library, article_id, lang)
        )
        if article is not None:
            loaded.append(lang)
            found = [
                *found,
                *cg.id_parity_gate(source, article),
                *cg.stale_gate(source, article),
                *cg.draft_gate(article),
                *_glyphs(article, selection),
                *cg.review_gate(article, selection.today),
                *cg.list_gate(article),
                *reading_gate(article),
            ]
        out += [r.at(article=article_id, lang=lang) for r in found]
    return out, loaded


def _glyphs(article: Article, selection: Selection) -> list[Result]:
    path = selection.locales_dir / f"{article.lang}.yaml"
    try:
        labels = cg.read_catalogue(path) if path.is_file() else {}
    except HandoutError:
        labels = {}  # the ui-keys gate reports a broken catalogue
    return cg.glyph_gate(article, labels, selection.clinic)


def check_catalogues(langs: Sequence[str], locales_dir: Path) -> list[Result]:
    """UI-label catalogue parity, once per language (article is left empty: it is shared)."""
    return [r.at(lang=lang) for lang in langs for r in cg.catalogue_gate(locales_dir, lang)]


def output_jobs(
    library: ContentLibrary, article_id: str, langs: Sequence[str], selection: Selection
) -> Iterator[Job]:
    """Every region × format × paper × edition the rack builds (as `handout build --all`),
    bilingual copies of the chosen translations included."""
    from handout.rack import rack

    chosen: list[tuple[str, str | None]] = [(lang, None) for lang in langs]
    chosen += [(lang, SOURCE_LANG) for lang in langs if lang != SOURCE_LANG]
    return rack(library, RenderOptions(clinic=selection.clinic), article_ids=[article_id],
                langs=chosen, formats=selection.formats or None)


def check_output(library: ContentLibrary, article_id: str, opts: RenderOptions) -> list[Result]:
    """Build one PDF in memory and run every output gate on it."""
    from handout.build import build_pdf, output_name
    from handout.formats import get_format
    from handout.quality.pdf_gates import Expect, check_pdf

    place = {
        "article": article_id,
        "lang": opts.lang_tag,
        "format": opts.format,
        "paper": opts.paper.value,
        "region": opts.region,
        "edition": opts.edition or "standard",
        "file": output_name(article_id, opts),
    }
    try:
        built = build_pdf(library, article_id, opts)
    except HandoutError as exc:
        more = f" (+{len(exc.lines) - 1} more)" if len(exc.lines) > 1 else ""
        return [failed("build", exc.lines[0] + more).at(**place)]
    expect = Expect(
        page_budget=get_format(opts.format).page_budget(opts),
        paper=opts.paper.size,
        large_print=opts.large_print,
        lang=opts.lang,
        brand=opts.clinic.brand_color,
    )
    results = [
        passed("build", f"{built.pages} page(s), {len(built.pdf) // 1024} KB"),
        *check_pdf(built.pdf, expect),
    ]
    return [r.at(**place) for r in results]


@dataclass(frozen=True)
class _OutputJob:
    root: Path
    article: str
    opts: RenderOptions


def _check_job(job: _OutputJob) -> list[Result]:
    from handout.jobs import library_at

    return check_output(library_at(job.root), job.article, job.opts)


def check_outputs(
    root: Path,
    jobs: list[Job],
    *,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Result]:
    """Output gates on every job, on `workers` processes (default: every core); results come
    back in rack order, so two runs print the same tables."""
    from handout import jobs as runner

    found = runner.run(_check_job, [_OutputJob(root, a, o) for a, o in jobs], workers=workers,
                       on_result=(lambda _i, _r: progress(1)) if progress else None)
    return [result for results in found for result in results]


def run_check(
    library: ContentLibrary,
    selection: Selection,
    *,
    strict: bool = False,
    workers: int | None = None,
    on_jobs: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> CheckRun:
    """Every gate on the selection. `on_jobs` hears how many PDFs will be checked, `progress`
    how many are done; with `strict`, warnings count as failures."""
    selection = normalised(library, selection)
    chosen = resolve(library, selection)
    results: list[Result] = []
    jobs: list[Job] = []
    for article_id, langs in chosen.items():
        found, loaded = check_content(library, article_id, langs, selection)
        results += found
        if selection.outputs and loaded:
            jobs += output_jobs(library, article_id, loaded, selection)
    all_langs = tuple(dict.fromkeys(lang for langs in chosen.values() for lang in langs))
    catalogue_langs = (
        all_langs
        if selection.langs or selection.articles
        else _catalogue_langs(selection, all_langs)
    )
    results += check_catalogues(catalogue_langs, selection.locales_dir)
    if on_jobs:
        on_jobs(len(jobs))
    if jobs:
        results += check_outputs(library.root, jobs, workers=workers, progress=progress)
    if strict:
        results = [r.strict() for r in results]
    return CheckRun(results, tuple(chosen), all_langs, len(jobs))


def _catalogue_langs(selection: Selection, content_langs: tuple[str, ...]) -> tuple[str, ...]:
    """With nothing narrowed, every catalogue in the folder, and every language with content."""
    files = sorted(p.stem for p in selection.locales_dir.glob("*.yaml"))
    return tuple(dict.fromkeys([SOURCE_LANG, *content_langs, *files]))
