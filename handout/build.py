"""The library entry point: article + options in, PDF bytes and a safe file name out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from handout.errors import BadInputError, DoesNotFitError
from handout.formats import Format, combination_problems, cut_mark_papers, get_format, refusal
from handout.glyphs import check_glyphs
from handout.i18n import language
from handout.ids import check_id
from handout.library import SOURCE_LANG, ContentLibrary
from handout.limits import check_user_text, text_room, too_long_error
from handout.model import Article
from handout.options import CUT_SHEETS, Clinic, Paper, RenderOptions
from handout.parity import require_same_items
from handout.render import Metadata, render_pdf
from handout.story import Kit
from handout.theme import fit_steps

PAPER_NAMES = {Paper.A4: "A4", Paper.LETTER: "Letter", Paper.A5: "A5", Paper.HALF_LETTER: "half-letter"}


@dataclass(frozen=True)
class BuiltPdf:
    pdf: bytes
    filename: str
    pages: int


def output_name(article_id: str, opts: RenderOptions) -> str:
    """`<article>_<format>_<region>_<lang>_<paper>[_<edition>].pdf`; never a patient's name.

    Every part is an id (handout.ids), so the name never leaves the output folder.
    """
    for kind, value in (("article", article_id), ("format", opts.format), ("region", opts.region),
                        ("language", opts.lang), ("language", opts.companion or SOURCE_LANG)):
        check_id(kind, value)
    paper = opts.paper.value
    if opts.cut_marks and opts.paper in CUT_SHEETS:
        paper += f"-on-{CUT_SHEETS[opts.paper].value}"
    parts = [article_id, opts.format, opts.region, opts.lang_tag, paper]
    if opts.edition:
        parts.append(opts.edition)
    return "_".join(parts) + ".pdf"


def build_pdf(library: ContentLibrary, article_id: str, opts: RenderOptions) -> BuiltPdf:
    """Build one PDF in memory; raises BadInputError or BuildFailedError with a clear message."""
    check_user_text(opts)
    try:
        return _build(library, article_id, opts)
    except DoesNotFitError as exc:
        fits = partial(_fits, library, article_id)
        found = text_room(opts, fits)  # the user's note or name is why
        if found is not None and found[2] == 0:  # not a word of it fits: no room for it at all
            field = found[0]
            raise DoesNotFitError(f"{output_name(article_id, opts)}: {described(opts)} has no room for a {field}; "
                                  f"{_advice(opts, fits, without=f'without the {field}')}",
                                  detail=exc.detail) from None
        if found is not None:
            raise too_long_error(opts, *found) from None
        if isinstance(exc, _Unfit):
            raise DoesNotFitError(f"{exc.name}: {described(opts)} {exc.message}; {_advice(opts, fits)}",
                                  detail=exc.detail) from None
        raise


class _Unfit(DoesNotFitError):
    """Every layout of the fit ladder tried, none fits: what (plainly) and the measurements."""

    def __init__(self, name: str, message: str, detail: str) -> None:
        super().__init__(message, detail)
        self.name = name


def described(opts: RenderOptions) -> str:
    """The output in words: `the Portuguese half-letter checklist`, `the Tagalog large-print
    Letter handout`, `the Spanish and English A4 handout`."""
    names = [language(opts.lang).name] + ([language(opts.companion).name] if opts.companion else [])
    edition = "large-print " if opts.large_print else ""
    return f"the {' and '.join(names)} {edition}{PAPER_NAMES[opts.paper]} {opts.format}"


def _advice(opts: RenderOptions, fits: Callable[[RenderOptions], bool], without: str = "") -> str:
    """One thing to do instead: the nearest papers it fits (its own family first: Letter for
    half-letter), else `without` (what to leave out), a shorter clinic profile, shorter content."""
    fmt = get_format(opts.format)
    others = sorted((p for p in fmt.PAPERS if p != opts.paper),
                    key=lambda p: (p != CUT_SHEETS.get(opts.paper), abs(_area(p) - _area(opts.paper))))
    fitting: list[Paper] = []
    for paper in others:
        if len(fitting) < 2 and fits(replace(opts, paper=paper, cut_marks=opts.cut_marks and paper in
                                             cut_mark_papers(fmt))):
            fitting.append(paper)
    if fitting:
        return f"print it on {' or '.join(PAPER_NAMES[p] for p in fitting)} instead"
    if without:
        return f"print it {without}"
    if opts.clinic != Clinic(brand_color=opts.clinic.brand_color) and fits(
            replace(opts, clinic=Clinic(brand_color=opts.clinic.brand_color))):
        return "shorten the clinic's name, address or website in the profile"
    return "shorten the article"


def _area(paper: Paper) -> float:
    width, height = paper.size
    return width * height


def _fits(library: ContentLibrary, article_id: str, opts: RenderOptions) -> bool:
    try:
        _build(library, article_id, opts)
    except DoesNotFitError:
        return False
    return True


def _build(library: ContentLibrary, article_id: str, opts: RenderOptions) -> BuiltPdf:
    fmt = get_format(opts.format)
    article = library.load(article_id, opts.lang)
    require_same_items(library, article)
    region = article.region_choice(opts.region)
    if region is None:
        valid = ", ".join(article.region_choices) or f"none to choose ({article_id} is built once)"
        raise BadInputError(f"unknown region '{opts.region}' for {article_id}; valid regions: {valid}")
    opts = replace(opts, region=region)
    _check_request(fmt, opts)
    check_glyphs(article, opts)
    companion = _companion(library, article, opts)
    name = output_name(article_id, opts)
    reason = refusal(fmt, opts)
    if reason:
        raise DoesNotFitError(f"{name}: {reason}")
    # Comfortable first; a condensed clinic contact, then denser levels, only when the content
    # would not fit its budget (`fit_steps`).
    problem, details = "", []
    clinic = opts.clinic
    for step in fit_steps(with_clinic=bool(clinic.name or clinic.contact_line or clinic.logo)):
        kit = Kit(article, opts, density=step.density, condensed=step.condensed, companion_article=companion)
        try:
            story = fmt.build_story(kit)
            meta = Metadata(
                title=article.title,
                author=opts.clinic.name or "handout",
                subject=article.subtitle or article.title,
                lang=kit.language.code,
                keywords=story.keywords,
            )
            rendered = render_pdf(story, meta, invariant=opts.invariant, grayscale=opts.grayscale)
        except DoesNotFitError as exc:
            # A format says what plainly and keeps the measurements; ReportLab's own words stay details.
            problem = exc.message if exc.detail else "does not fit its page"
            details.append(exc.detail or exc.message)
            continue
        if rendered.pages <= story.page_budget:
            return BuiltPdf(rendered.pdf, name, rendered.pages)
        problem = f"does not fit on {story.page_budget} page{'s' if story.page_budget > 1 else ''}"
        details.append(f"{rendered.pages} pages, over the {fmt.NAME} budget of {story.page_budget}; "
                       f"the content from {rendered.overflow or 'the end'} on does not fit")
    raise _Unfit(name, problem, f"at the densest layout: {details[-1]}")


def _companion(library: ContentLibrary, article: Article, opts: RenderOptions) -> Article | None:
    """The second language of a bilingual edition, checked to hold the same items."""
    if not opts.companion:
        return None
    other = library.load(article.id, opts.companion)
    require_same_items(library, other)
    check_glyphs(other, opts)
    return other


def _check_request(fmt: Format, opts: RenderOptions) -> None:
    """Paper and cut marks the format offers; bad choices are the user's to fix (exit 2)."""
    for name, message, _ in combination_problems(fmt, opts):
        raise BadInputError(f"--cut-marks {message}" if name == "cut_marks" else message)
