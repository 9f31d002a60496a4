"""Panel geometry of a letter-fold (C-fold) leaflet on a landscape sheet, and its fold marks.

The sheet is folded in three; the panel that folds in first (the inside flap) must be a little
narrower than the other two or it buckles against the fold:

    outside page, left to right: inside flap (narrow) | back panel | cover
    inside page,  left to right: inside-1 | inside-2 | inside-3 (narrow)

Each inside panel backs the outside panel opposite it when the sheet is turned over left to
right, so inside-3 is the other face of the flap. With FLAP_NARROWER = 2.5 mm: A4 (297 mm)
gives panels of 99.8 + 99.8 + 97.3 mm, Letter (279.4 mm) 94.0 + 94.0 + 91.5 mm. A
right-to-left leaflet is the mirror image: cover on the left, inside-1 on the right.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from handout.theme import MM

FLAP_NARROWER = 2.5 * MM
EDGE = 12 * MM  # text and drawings from the sheet's left and right edges
FOLD_GUTTER = 7 * MM  # text and drawings from each fold: a hand fold wanders a few mm
TOP, BOTTOM = 16 * MM, 14 * MM  # from the top and bottom edges; the fold ticks sit in between
TICK_NEAR, TICK_FAR = 13 * MM, 10.5 * MM  # fold ticks: from the text area out to 10.5 mm
OUTSIDE = ("flap", "back", "cover")
INSIDE = ("inside-1", "inside-2", "inside-3")  # in reading order


@dataclass(frozen=True)
class Panel:
    """One panel: its place between folds (or edges) and the text area inside it."""

    name: str
    x0: float
    x1: float
    text_x0: float
    text_x1: float
    text_y0: float
    text_y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def text_width(self) -> float:
        return self.text_x1 - self.text_x0

    @property
    def text_height(self) -> float:
        return self.text_y1 - self.text_y0


@dataclass(frozen=True)
class Sheet:
    """A landscape sheet with its two pages of three panels and the fold positions of each."""

    width: float
    height: float
    rtl: bool = False

    @property
    def full_panel(self) -> float:
        return (self.width + FLAP_NARROWER) / 3

    @property
    def flap_panel(self) -> float:
        return self.full_panel - FLAP_NARROWER

    def folds(self, page: str) -> tuple[float, float]:
        """x of the two folds on the `outside` or `inside` page."""
        full, flap = self.full_panel, self.flap_panel
        folds = (flap, flap + full) if page == "outside" else (full, 2 * full)
        return (self.width - folds[1], self.width - folds[0]) if self.rtl else folds

    def panels(self, page: str) -> tuple[Panel, ...]:
        """The page's panels by name order (flap, back, cover; inside-1 to 3), placed left to
        right, or mirrored for a right-to-left leaflet."""
        full, flap = self.full_panel, self.flap_panel
        widths = (flap, full, full) if page == "outside" else (full, full, flap)
        names = OUTSIDE if page == "outside" else INSIDE
        result, x0 = [], 0.0
        for index, (name, width) in enumerate(zip(names, widths, strict=True)):
            left = EDGE if index == 0 else FOLD_GUTTER
            right = EDGE if index == 2 else FOLD_GUTTER
            panel = Panel(name, x0, x0 + width, x0 + left, x0 + width - right,
                          BOTTOM, self.height - TOP)
            result.append(self._mirror(panel) if self.rtl else panel)
            x0 += width
        return tuple(result)

    def _mirror(self, panel: Panel) -> Panel:
        w = self.width
        return Panel(panel.name, w - panel.x1, w - panel.x0, w - panel.text_x1, w - panel.text_x0,
                     panel.text_y0, panel.text_y1)

    def panel(self, name: str) -> Panel:
        page = "outside" if name in OUTSIDE else "inside"
        return next(p for p in self.panels(page) if p.name == name)

    def draw_fold_marks(self, canvas: Canvas, page: str, colour: object) -> None:
        """Short ticks on each fold, in the top and bottom margins, clear of text and the edge."""
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(0.5)
        for x in self.folds(page):
            canvas.line(x, self.height - TICK_FAR, x, self.height - TICK_NEAR)
            canvas.line(x, TICK_FAR, x, TICK_NEAR)
