"""What ink lies right above each ink-spaced paragraph, so that its box need not hold all of
its first line's letters.

Nastaliq's tallest letters climb two ems above their line. A paragraph spaced by its ink
(`BidiParagraph(ink_spacing=True)`) keeps them inside its own box, so nothing it draws can
touch its neighbours; but a box that deep above every paragraph costs an Urdu handout the best
part of a page. So each such paragraph is told what is right above it in its column (a frame's
list or a table cell's, spacers between counted): the last line of an ink-spaced paragraph, the
last lines of a table's cells (a table with a fill or rules counts as its bottom edge), or,
for anything else, the bottom edge of its box. The paragraph then comes up as far as the
letters of the two allow, as lines inside a paragraph do. At the top of a frame, or under
something the previous page ended with, it keeps the full box.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from handout.text.bidi import BidiParagraph
from handout.text.shaping import InkBox

# The ink above a paragraph, x from its left edge and y from its top (y up).
Edge = Callable[[], tuple[InkBox, ...]]


def link_ink_neighbours(flowables: Sequence[object]) -> None:
    """Tell every ink-spaced paragraph in `flowables`, and in the tables among them, what ink
    lies right above it."""
    _link(list(_flattened(flowables)), holder=None)


class _Edge:
    """The top edge of a table cell: nothing above it may be reached."""


_CELL_TOP = _Edge()


def _link(items: list[object], *, holder: Table | None, top: float = 0.0) -> None:
    """Link one column: a frame's list (`holder` None) or a table cell's, `top` below the
    cell's edge (its padding)."""
    above: object | None = _CELL_TOP if holder is not None else None
    space = top
    for item in items:
        if isinstance(item, CondPageBreak):
            continue  # no height, unless it breaks the page: then the next item tops a frame
        if isinstance(item, Spacer) and type(item) is Spacer:
            space += float(item.height)
            continue
        if isinstance(item, Table):
            for r, row in enumerate(item._cellvalues):  # noqa: SLF001 - platypus keeps them there
                for c, cell in enumerate(row):
                    _link(list(cell) if isinstance(cell, (list, tuple)) else [cell], holder=item,
                          top=_cell_origin(item, r, c, top=True)[1])
        if above is not None:  # after the cells: what is above the table beats the cell's edge
            for paragraph, place in _tops(item):
                # In a frame, the item above may have ended the previous page; in a cell it is on
                # the same page, unless the row splits (InkTable relinks the continuation).
                page = paragraph.layout_page if holder is None else _same_page
                paragraph._above = (_edge(above, space, place, page), holder or item)
        above, space = item, 0.0


def _flattened(flowables: Sequence[object]) -> Iterator[object]:
    """The flowables as a frame lays them out: a KeepTogether's content in its place."""
    for item in flowables:
        if isinstance(item, KeepTogether):
            yield from _flattened(item._content)  # noqa: SLF001 - platypus keeps it there
        else:
            yield item


Place = Callable[[], tuple[float, float]]  # a paragraph's left edge and top inside its item


def _tops(item: object) -> list[tuple[BidiParagraph, Place]]:
    """The ink-spaced paragraphs at the top of `item`, each with where it sits in it: for a
    table, each first-row cell's first paragraph, as high as the cell's padding lets it be
    (if the cell centres it lower, that only leaves more room)."""
    if isinstance(item, BidiParagraph):
        return [(item, lambda: (0.0, 0.0))] if item.ink_spacing else []
    found: list[tuple[BidiParagraph, Place]] = []
    if isinstance(item, Table) and item._cellvalues and not _drawn_box(item):  # noqa: SLF001
        for c, cell in enumerate(item._cellvalues[0]):  # noqa: SLF001
            first = (cell[0] if cell else None) if isinstance(cell, (list, tuple)) else cell
            if isinstance(first, BidiParagraph) and first.ink_spacing:
                found.append((first, partial(_cell_origin, item, 0, c, top=True)))
    return found


def _drawn_box(table: Table) -> bool:
    """A table with a fill or rules: its edges are drawn, so no ink may cross them."""
    return bool(table._bkgrndcmds or table._linecmds)  # noqa: SLF001


def _cell_origin(table: Table, r: int, c: int, *, top: bool) -> tuple[float, float]:
    """The left edge of a cell's content, and the padding above (or below) it."""
    style = table._cellStyles[r][c]  # noqa: SLF001
    left = sum(float(w) for w in table._argW[:c]) + float(style.leftPadding)  # noqa: SLF001
    return left, float(style.topPadding if top else style.bottomPadding)


def _cell_width(table: Table, r: int, c: int) -> float:
    style = table._cellStyles[r][c]  # noqa: SLF001
    return float(table._argW[c]) - float(style.leftPadding) - float(style.rightPadding)  # noqa: SLF001


# What cannot be read (a drawing, another language's paragraph, a cell's edge): its box's
# bottom edge, as wide as anything can be.
_FLOOR: tuple[InkBox, ...] = ((-1e9, 1e9, 0.0, 0.0),)


def _bottom_ink(item: object) -> tuple[InkBox, ...]:
    """The ink at the bottom of `item` as last wrapped, x from its left edge and y from its
    bottom edge: a paragraph's last line, a table's last-row cells' last items."""
    if isinstance(item, BidiParagraph) and item.ink_spacing:
        return item.bottom_ink()
    if not isinstance(item, Table) or not item._cellvalues or _drawn_box(item):  # noqa: SLF001
        return _FLOOR
    r = len(item._cellvalues) - 1  # noqa: SLF001
    boxes: list[InkBox] = []
    for c, cell in enumerate(item._cellvalues[r]):  # noqa: SLF001
        cells = list(cell) if isinstance(cell, (list, tuple)) else [cell]
        last = next((f for f in reversed(cells) if not (type(f) is Spacer or f in ("", None))), None)
        if last is None:
            continue  # an empty cell draws nothing
        # As low as the cell's padding lets it be: a cell holding it higher leaves more room.
        left, pad = _cell_origin(item, r, c, top=False)
        ink = _bottom_ink(last)
        if ink is _FLOOR:  # a drawing (a pictogram): its bottom, across its cell
            ink = ((0.0, _cell_width(item, r, c), 0.0, 0.0),)
        boxes += [(x0 + left, x1 + left, y0 + pad, y1 + pad) for x0, x1, y0, y1 in ink]
    return tuple(boxes)


def _same_page() -> int:
    return 0


class InkTable(Table):
    """A Table whose rows, when they split across pages, start afresh: the continuation's
    first paragraphs have nothing above them but their cell's edge, and its rows are measured
    again, since those paragraphs' boxes then hold all their ink."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts: list[Flowable] = super().split(availWidth, availHeight)
        for part in parts[1:]:
            if isinstance(part, Table) and _relink_cells(part):
                part._argH = [None] * len(part._argH)  # noqa: SLF001 - measured on wrap
        return parts


def _relink_cells(table: Table) -> bool:
    """Link a table part's cells afresh; True if it holds any ink-spaced paragraph."""
    found = False
    for r, row in enumerate(table._cellvalues):  # noqa: SLF001
        for c, cell in enumerate(row):
            column = list(cell) if isinstance(cell, (list, tuple)) else [cell]
            tops = _tops(column[0]) if column else []
            for paragraph, _place in tops:
                paragraph._above = None
            found = found or bool(tops) or any(
                isinstance(f, BidiParagraph) and f.ink_spacing for f in column)
            _link(column, holder=table, top=_cell_origin(table, r, c, top=True)[1])
    return found


def _drawn_earlier(above: object, page: int) -> bool:
    """True if `above` was drawn on a page before `page` (the page being laid out)."""
    if not page:
        return False
    if isinstance(above, BidiParagraph):
        return 0 < above.drawn_page < page
    if isinstance(above, Table) and above._cellvalues:  # noqa: SLF001
        pages = [p.drawn_page for cell in above._cellvalues[-1]  # noqa: SLF001
                 for p in (cell if isinstance(cell, (list, tuple)) else [cell])
                 if isinstance(p, BidiParagraph) and p.drawn_page]
        return bool(pages) and max(pages) < page
    return False


def _edge(above: object, space: float, place: Place, below: Callable[[], int]) -> Edge:
    """The ink of `above` seen from a paragraph `space` points below it, at `place`; `below`
    tells the page that paragraph is being laid out on."""

    memo: list[object] = [None, ()]

    def ink() -> tuple[InkBox, ...]:
        boxes = _FLOOR if isinstance(above, _Edge) else _bottom_ink(above)
        left, top = place()
        if _drawn_earlier(above, below()):  # it ended a page: nothing of it is above any more
            boxes, top = _FLOOR, -space
        key = (boxes, left, top)
        if memo[0] != key:
            drop = space + top
            memo[:] = [key, tuple((x0 - left, x1 - left, y0 + drop, y1 + drop) for x0, x1, y0, y1 in boxes)]
        return memo[1]  # type: ignore[return-value]

    return ink


__all__ = ["InkTable", "link_ink_neighbours"]
