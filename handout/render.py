"""Renders a Story to PDF bytes, with metadata, page X of Y and a reproducible mode."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

from reportlab.lib.colors import Color, toColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable
from reportlab.platypus.doctemplate import LayoutError

from handout.colours import RGB
from handout.errors import DoesNotFitError
from handout.story import Decorate, Story
from handout.text.inkstack import link_ink_neighbours


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    lang: str
    keywords: tuple[str, ...] = ()


def reproducible(invariant: bool) -> bool:
    """Byte-identical output when asked, or when the build sets SOURCE_DATE_EPOCH."""
    return invariant or bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip())


def _deferred_canvas(decorate: Decorate | None) -> type[Canvas]:
    """A canvas that holds pages back until the end, so footers can say "page X of Y"."""

    class DeferredCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type,unused-ignore]
            self._held_pages: list[dict[str, object]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                if decorate is not None:
                    decorate(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return DeferredCanvas


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    overflow: str  # what ran past the page budget, e.g. "'When to talk...' (page 3)"; "" if none


def to_grey(colour: object) -> Color:
    """Every colour the canvas sets, as the grey of the same luminance (the greyscale edition).

    A module-level function on purpose: cached illustrations key their operators on it.
    """
    c = toColor(colour)
    alpha = getattr(c, "alpha", None)
    grey = RGB(*c.rgb()).to_grey()
    return Color(grey.r, grey.r, grey.r, alpha=1 if alpha is None else alpha)


class _PastBudget(Exception):
    """Layout stopped a page past the budget: the build fails whatever the rest would do."""


class _BudgetDoc(BaseDocTemplate):
    """Notes the first flowable laid out past the page budget, so a failure can name it."""

    def __init__(self, *args: object, budget: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type,unused-ignore]
        self.budget, self.overflow = budget, ""

    def handle_pageBegin(self) -> None:  # noqa: N802 - ReportLab's name
        super().handle_pageBegin()
        if self.page > self.budget + 1:  # over budget already: laying out the rest only costs time
            raise _PastBudget

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's name
        # Only content names a place: spacers, breaks and template actions carry no text.
        if not self.overflow and self.page > self.budget and _first_text(flowable):
            self.overflow = f"{describe(flowable)} (page {self.page})"


def describe(flowable: object, limit: int = 48) -> str:
    """A short human name for a flowable: the start of its first text, else its kind."""
    text = _first_text(flowable)
    if not text:
        return type(flowable).__name__
    return f"'{text[:limit].rstrip()}…'" if len(text) > limit else f"'{text}'"


def _first_text(item: object) -> str:
    """The first text in a paragraph, or in a table, KeepTogether or list of them."""
    if hasattr(item, "getPlainText"):
        return " ".join(str(item.getPlainText()).split())
    if isinstance(item, (list, tuple)):
        children: list[object] = list(item)
    else:
        children = next((list(v) for v in (getattr(item, a, None) for a in ("_content", "_cellvalues"))
                         if isinstance(v, (list, tuple))), [])
    for child in children:
        found = _first_text(child)
        if found:
            return found
    return ""


def render_pdf(story: Story, meta: Metadata, *, invariant: bool = False,
               grayscale: bool = False) -> Rendered:
    """The PDF bytes, its page count and what overflowed the page budget, if anything.

    `grayscale` turns every colour operator into a grey of the same luminance, a safety net
    under the grey palette (colours that a drawing or table brings with it included).
    """
    from reportlab import rl_config

    rl_config.useA85 = 0  # streams stay binary (Flate only): smaller files, less time encoding
    buffer = io.BytesIO()
    fixed = reproducible(invariant)
    doc = _BudgetDoc(
        buffer,
        budget=story.page_budget,
        enforceColorSpace=to_grey if grayscale else None,
        pagesize=story.page_size,
        pageTemplates=story.page_templates,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        keywords=list(meta.keywords or story.keywords),
        creator="handout",
        producer="handout (ReportLab)",
        lang=meta.lang,
        displayDocTitle=True,
        invariant=1 if fixed else 0,
        initialFontName=_initial_font(story),
        leftMargin=0, rightMargin=0, topMargin=0, bottomMargin=0,
    )
    link_ink_neighbours(story.flowables)
    try:
        doc.build(list(story.flowables), canvasmaker=_deferred_canvas(story.decorate))
    except LayoutError as exc:
        raise DoesNotFitError(f"content does not fit the page: {exc}") from None
    except _PastBudget:
        return Rendered(b"", doc.page, doc.overflow)
    return Rendered(buffer.getvalue(), doc.page, doc.overflow)


def _initial_font(story: Story) -> str:
    from reportlab import rl_config

    return str(rl_config.canvas_basefontname)
