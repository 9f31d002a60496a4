"""Illustrations drawn once per process: their PDF operators are cached and replayed.

A handout carries a body figure and up to seven pictograms; turning each ReportLab Drawing into
PDF operators costs about a millisecond, the same every time. Personalised copies differ only in
text, so the operators are computed once per (illustration, size, palette) and appended as is.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Hashable
from functools import lru_cache

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

_FACTORIES: dict[Hashable, Callable[[], Drawing]] = {}


@lru_cache(maxsize=512)
def _operators(key: Hashable, font: str, color_space: object) -> tuple[tuple[str, ...], float, float]:
    drawing = _FACTORIES[key]()
    drawing.initialFontName = font
    canvas = Canvas(io.BytesIO(), enforceColorSpace=color_space)
    start = len(canvas._code)  # noqa: SLF001 - the operator list is what we cache
    renderPDF.draw(drawing, canvas, 0, 0, showBoundary=False)
    return tuple(canvas._code[start:]), float(drawing.width), float(drawing.height)  # noqa: SLF001


class CachedArt(Flowable):
    """A Drawing as a flowable whose operators are computed once per process."""

    def __init__(self, key: Hashable, make: Callable[[], Drawing], font: str) -> None:
        super().__init__()
        _FACTORIES.setdefault(key, make)
        self.key, self.font = key, font
        drawing_w, drawing_h = _size(key)
        self.width, self.height = drawing_w, drawing_h

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        # The same colour-space rule as the page (e.g. a greyscale edition), cached per rule.
        space = getattr(self.canv, "_enforceColorSpace", None)
        ops, _, _ = _operators(self.key, self.font, space)
        self.canv._code.extend(ops)  # noqa: SLF001 - replay the cached operators


@lru_cache(maxsize=512)
def _size(key: Hashable) -> tuple[float, float]:
    drawing = _FACTORIES[key]()
    return float(drawing.width), float(drawing.height)
