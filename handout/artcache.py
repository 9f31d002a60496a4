"""Illustrations drawn once per process: their PDF operators are cached and replayed.

A handout carries a body figure and up to seven pictograms; turning each ReportLab Drawing into
PDF operators costs about a millisecond, the same every time. Personalised copies differ only in
text, so the operators are computed once per (illustration, size, palette) and appended as is.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Hashable
from functools import lru_cache

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handout.caches import register

_FACTORIES: dict[Hashable, Callable[[], Drawing]] = register({}, "handout.artcache._FACTORIES")


@register
@lru_cache(maxsize=512)
def _operators(key: Hashable, font: str, color_space: object) -> tuple[tuple[str, ...], float, float]:
    drawing = _FACTORIES[key]()
    drawing.initialFontName = font
    canvas = Canvas(io.BytesIO(), enforceColorSpace=color_space)
    start = len(canvas._code)  # noqa: SLF001 - the operator list is what we cache
    renderPDF.draw(drawing, canvas, 0, 0, showBoundary=False)
    ops = tuple(_shorten(op) for op in canvas._code[start:])  # noqa: SLF001
    return ops, float(drawing.width), float(drawing.height)


# Path operators only: coordinates, never colours, transforms, dashes or text.
_PATH_OPS = frozenset({"n", "m", "l", "c", "v", "y", "re", "h", "f", "f*", "S", "s", "B", "B*",
                       "b", "b*", "W", "W*"})
_LONG_NUMBER = re.compile(r"-?\d*\.\d{3,}")


def _short(match: re.Match[str]) -> str:
    text = f"{float(match.group()):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _shorten(op: str) -> str:
    """A path's coordinates to 1/100 pt (3.5 µm on paper): about a tenth of the PDF, unseen.

    ReportLab writes up to five decimals (`33.33333`), most of them from curve arithmetic.
    """
    if "(" in op or not _LONG_NUMBER.search(op):
        return op
    words = [w for w in op.split() if not w[0].isdigit() and w[0] not in "-."]
    if not words or not _PATH_OPS.issuperset(words):
        return op
    return _LONG_NUMBER.sub(_short, op)


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


@register
@lru_cache(maxsize=512)
def _size(key: Hashable) -> tuple[float, float]:
    drawing = _FACTORIES[key]()
    return float(drawing.width), float(drawing.height)
