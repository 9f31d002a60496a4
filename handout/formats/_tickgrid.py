"""The checklist's grid: a header of day names, then one row per action with seven tick boxes.

Measured before it is placed (`natural_height`), so the checklist can tell exactly what does
not fit and can share spare height out between the rows instead of leaving a blank half page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from handout.colours import rl_colour
from handout.story import Kit
from handout.theme import MM

BOX_LINE = 1.3  # tick-box outline, points: dark and thick enough to find at a glance
MIN_BOX_GAP = 2 * MM  # clear paper between two boxes, across and down, from ink to ink


@dataclass(frozen=True)
class GridGeometry:
    """Column widths and sizes in points, left to right as read in a left-to-right language."""

    width: float
    icon: float  # pictogram side
    icon_col: float
    text_col: float
    day_col: float
    box: float  # tick-box side
    pad: float  # space above and below a row's tallest item
    stagger: bool = False  # day names alternate between two header lines (long names)

    @property
    def days_x(self) -> float:
        """Where the day columns start: the rest of the width after the text, right-aligned."""
        return self.width - 7 * self.day_col

    @property
    def box_gap(self) -> float:
        """Clear space between two neighbouring boxes."""
        return self.day_col - self.box


@dataclass
class Row:
    icon: Flowable
    text: Flowable


class TickGrid(Flowable):
    """Day-name header and action rows; mirrored for right-to-left languages."""

    def __init__(self, kit: Kit, geometry: GridGeometry, rows: Sequence[Row], days: Sequence[str],
                 header: str) -> None:
        super().__init__()
        self.kit, self.g, self.header = kit, geometry, header
        self.rows, self.days = list(rows), list(days)
        self.text_heights = [row.text.wrap(geometry.text_col, 10_000)[1] for row in self.rows]
        lines = 2 if geometry.stagger else 1
        self.header_pad = kit.theme.space("grid.header.pad")  # under the day names
        self.header_h = lines * kit.ts.style("subheading").leading + self.header_pad
        self.extra = 0.0  # added to every row when the page has height to spare
        # A box and the space it needs so the boxes above and below stay MIN_BOX_GAP away.
        self.box_room = geometry.box + max(0.0, MIN_BOX_GAP + BOX_LINE - 2 * geometry.pad)

    def row_height(self, index: int) -> float:
        g = self.g
        return float(max(g.icon, self.text_heights[index], self.box_room) + 2 * g.pad + self.extra)

    @property
    def natural_height(self) -> float:
        g = self.g
        rows = sum(max(g.icon, h, self.box_room) + 2 * g.pad for h in self.text_heights)
        return float(self.header_h + rows)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = self.g.width
        self.height = self.header_h + sum(self.row_height(i) for i in range(len(self.rows)))
        return self.width, self.height

    def _x(self, x: float, w: float = 0.0) -> float:
        """A left edge in reading order, mirrored for right-to-left languages."""
        return self.g.width - x - w if self.kit.language.rtl else x

    def draw(self) -> None:
        canvas, g, kit = self.canv, self.g, self.kit
        palette = kit.palette
        top = self.height
        style = kit.ts.style("subheading")
        baseline = top - self.header_h + self.header_pad + style.fontSize * 0.3
        header_x = self._x(g.icon_col, g.text_col)
        header_anchor_x = header_x + g.text_col if kit.language.rtl else header_x
        kit.ts.draw_line(canvas, header_anchor_x, baseline, self.header, "subheading")
        for index, day in enumerate(self.days):
            # A long name (Swahili's "Jumapili") centred on the outermost column would reach
            # past the grid into the page margin: it stops at the grid's edge instead.
            half = kit.ts.width_of(day, "subheading") / 2
            centre = min(max(self._x(g.days_x + (index + 0.5) * g.day_col), half), g.width - half)
            raised = style.leading if g.stagger and index % 2 == 0 else 0.0
            kit.ts.draw_line(canvas, centre, baseline + raised, day, "subheading", anchor="middle")
        y = top - self.header_h
        canvas.setStrokeColor(rl_colour(palette.accent))
        canvas.setLineWidth(1.2)
        canvas.line(0, y, g.width, y)
        for index, row in enumerate(self.rows):
            height = self.row_height(index)
            y -= height
            if index % 2 == 1:  # banded rows keep the eye on one row across the week
                canvas.setFillColor(rl_colour(palette.tint))
                canvas.rect(0, y, g.width, height, stroke=0, fill=1)
            self._draw_row(row, index, y, height)

    def _draw_row(self, row: Row, index: int, y: float, height: float) -> None:
        canvas, g = self.canv, self.g
        middle = y + height / 2
        row.icon.drawOn(canvas, self._x((g.icon_col - g.icon) / 2, g.icon), middle - g.icon / 2)
        text_x = self._x(g.icon_col, g.text_col)
        row.text.drawOn(canvas, text_x, middle - self.text_heights[index] / 2)
        ink: Color = rl_colour(self.kit.palette.ink)
        white: Color = rl_colour(self.kit.palette.paper)
        canvas.setLineWidth(BOX_LINE)
        canvas.setStrokeColor(ink)
        canvas.setFillColor(white)
        for day in range(len(self.days)):
            centre = self._x(g.days_x + (day + 0.5) * g.day_col)
            canvas.rect(centre - g.box / 2, middle - g.box / 2, g.box, g.box, stroke=1, fill=1)
