"""Renders a Story to PDF bytes, with metadata, page X of Y and a reproducible mode."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate
from reportlab.platypus.doctemplate import LayoutError

from handout.errors import BuildFailedError
from handout.story import Decorate, Story


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
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
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


def render_pdf(story: Story, meta: Metadata, *, invariant: bool = False) -> tuple[bytes, int]:
    """The PDF bytes and its page count."""
    from reportlab import rl_config

    rl_config.useA85 = 0  # streams stay binary (Flate only): smaller files, less time encoding
    buffer = io.BytesIO()
    fixed = reproducible(invariant)
    doc = BaseDocTemplate(
        buffer,
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
    try:
        doc.build(list(story.flowables), canvasmaker=_deferred_canvas(story.decorate))
    except LayoutError as exc:
        raise BuildFailedError(f"content does not fit the page: {exc}") from None
    return buffer.getvalue(), doc.page


def _initial_font(story: Story) -> str:
    from reportlab import rl_config

    return str(rl_config.canvas_basefontname)
