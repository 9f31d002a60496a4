"""The library entry point: article + options in, PDF bytes and a safe file name out."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from handout.errors import BadInputError, DoesNotFitError
from handout.formats import Format, combination_problems, get_format, refusal
from handout.glyphs import check_glyphs
from handout.ids import check_id
from handout.library import SOURCE_LANG, ContentLibrary
from handout.limits import check_user_text, too_long_to_print
from handout.model import ALL_REGIONS, Article
from handout.options import CUT_SHEETS, RenderOptions
from handout.parity import require_same_items
from handout.render import Metadata, render_pdf
from handout.story import Kit
from handout.theme import DENSITY_LEVELS


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
    except DoesNotFitError:
        too_long = too_long_to_print(opts, partial(_fits, library, article_id))
        if too_long is not None:
            raise too_long from None
        raise


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
    valid_regions = (*article.region_ids, ALL_REGIONS)
    if opts.region not in valid_regions:
        raise BadInputError(
            f"unknown region '{opts.region}' for {article_id}; valid regions: {', '.join(valid_regions)}"
        )
    _check_request(fmt, opts)
    check_glyphs(article, opts)
    companion = _companion(library, article, opts)
    name = output_name(article_id, opts)
    reason = refusal(fmt, opts)
    if reason:
        raise DoesNotFitError(f"{name}: {reason}")
    # Comfortable spacing first; denser levels only when the content would not fit its budget.
    problem = ""
    for density in range(DENSITY_LEVELS):
        kit = Kit(article, opts, density=density, companion_article=companion)
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
            problem = exc.message
            continue
        if rendered.pages <= story.page_budget:
            return BuiltPdf(rendered.pdf, name, rendered.pages)
        problem = (f"{rendered.pages} pages, over the {fmt.NAME} budget of {story.page_budget}; "
                   f"the content from {rendered.overflow or 'the end'} on does not fit")
    raise DoesNotFitError(
        f"{name}: does not fit even at the densest layout: {problem}; "
        "shorten the content or choose another paper or edition"
    )


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
