"""The library entry point: article + options in, PDF bytes and a safe file name out."""

from __future__ import annotations

from dataclasses import dataclass

from handout.errors import BadInputError, BuildFailedError
from handout.formats import get_format
from handout.library import ContentLibrary
from handout.model import ALL_REGIONS
from handout.options import RenderOptions
from handout.render import Metadata, render_pdf
from handout.story import Kit
from handout.theme import DENSITY_LEVELS


@dataclass(frozen=True)
class BuiltPdf:
    pdf: bytes
    filename: str
    pages: int


def output_name(article_id: str, opts: RenderOptions) -> str:
    """`<article>_<format>_<region>_<lang>_<paper>[_<edition>].pdf`; never a patient's name."""
    parts = [article_id, opts.format, opts.region, opts.lang, opts.paper.value]
    if opts.edition:
        parts.append(opts.edition)
    return "_".join(parts) + ".pdf"


def build_pdf(library: ContentLibrary, article_id: str, opts: RenderOptions) -> BuiltPdf:
    """Build one PDF in memory; raises BadInputError or BuildFailedError with a clear message."""
    fmt = get_format(opts.format)
    article = library.load(article_id, opts.lang)
    valid_regions = (*article.region_ids, ALL_REGIONS)
    if opts.region not in valid_regions:
        raise BadInputError(f"unknown region '{opts.region}' for {article_id}; valid regions: {', '.join(valid_regions)}")
    if opts.paper not in fmt.PAPERS:
        raise BadInputError(
            f"format '{fmt.NAME}' does not print on {opts.paper.value}; "
            f"valid papers: {', '.join(p.value for p in fmt.PAPERS)}"
        )
    # Comfortable spacing first; denser levels only when the content would not fit its budget.
    for density in range(DENSITY_LEVELS):
        kit = Kit(article, opts, density=density)
        story = fmt.build_story(kit)
        meta = Metadata(
            title=article.title,
            author=opts.clinic.name or "handout",
            subject=article.subtitle or article.title,
            lang=kit.language.code,
            keywords=story.keywords,
        )
        pdf, pages = render_pdf(story, meta, invariant=opts.invariant)
        if pages <= story.page_budget:
            return BuiltPdf(pdf, output_name(article_id, opts), pages)
    raise BuildFailedError(
        f"{output_name(article_id, opts)}: {pages} pages even at the densest layout, over the "
        f"{fmt.NAME} budget of {story.page_budget}; shorten the content or choose another paper"
    )
