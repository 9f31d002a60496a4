"""The fridge checklist: exactly one page, one row per action, a tick box for each day.

A tool, not a document: the article title, name and week lines, a one-line hint, the action
rows with their pictograms under seven day columns (CLDR names, the reader's first weekday),
and a small footer. On A5 or half-letter, `--cut-marks` centres the page on an A4 or Letter
sheet and marks the trim corners outside it.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, PageTemplate, Spacer

from handout import blocks
from handout.colours import rl_colour
from handout.errors import BuildFailedError, DoesNotFitError
from handout.footer import Footer
from handout.formats._tickgrid import BOX_LINE, MIN_BOX_GAP, GridGeometry, Row, TickGrid
from handout.model import CHECKLIST_ROWS
from handout.options import CUT_SHEETS, Paper, RenderOptions
from handout.story import Kit, Story, pick_remedy
from handout.theme import LAST_RESORT_LEVEL, MM
from handout.weekdays import week_day_names

NAME = "checklist"
DESCRIPTION = "Fridge checklist: one row per action, a tick box for each day (1 page)"
PAPERS = (Paper.A4, Paper.LETTER, Paper.A5, Paper.HALF_LETTER)
CUT_MARK_PAPERS = (Paper.A5, Paper.HALF_LETTER)
PAGE_BUDGET = 1
MIN_ROWS, MAX_ROWS = CHECKLIST_ROWS  # fewer is not worth a chart; more is not a habit list (T9, K3)
MIN_BOX = 7 * MM
MIN_TEXT_COL = 30 * MM
CROP_OFFSET, CROP_LENGTH = 3 * MM, 7 * MM  # crop marks start this far outside the trim


def page_budget(opts: RenderOptions) -> int:
    return PAGE_BUDGET


def refuses(opts: RenderOptions) -> str | None:
    """Large print (18 pt rows, day names and boxes to match) needs the width of A4 or Letter."""
    if opts.companion and opts.paper in CUT_MARK_PAPERS:
        return (f"a bilingual checklist needs A4 or Letter: on {opts.paper.value}, seven day "
                "columns leave too little room for every action in two languages; use --paper a4 or letter")
    if opts.large_print and opts.paper in CUT_MARK_PAPERS:
        return (f"a large-print checklist needs A4 or Letter: on {opts.paper.value}, seven day "
                "columns leave too little room for 18 pt action text; use --paper a4 or letter")
    return None


def build_story(kit: Kit) -> Story:
    small = kit.opts.paper in CUT_MARK_PAPERS
    # Last resorts, from LAST_RESORT_LEVEL on: a small page turned sideways, for languages whose
    # actions need wider rows than portrait A5 or half-letter has; then, for a machine draft,
    # the long notice left to the footer's translation status ("machine draft, not yet checked").
    densest = kit.theme.density >= LAST_RESORT_LEVEL
    attempts = [(False, True)]
    if densest and small:
        attempts.append((True, True))
    if densest and kit.is_draft:
        attempts += [(landscape, False) for landscape, _ in attempts]
    problems: list[str] = []
    plain = ""
    for landscape, notice in attempts:
        try:
            return _layout(kit, landscape=landscape, notice=notice)
        except DoesNotFitError as exc:
            problems.append(("turned sideways, " if landscape else "") + (exc.detail or exc.message))
            plain = exc.message
    raise DoesNotFitError(plain, detail="; ".join(dict.fromkeys(problems)))


def _layout(kit: Kit, *, landscape: bool, notice: bool) -> Story:
    opts = kit.opts
    trim_w, trim_h = opts.paper.size
    sheet_w, sheet_h = CUT_SHEETS[opts.paper].size if opts.cut_marks else (trim_w, trim_h)
    if landscape:
        trim_w, trim_h, sheet_w, sheet_h = trim_h, trim_w, sheet_h, sheet_w
    origin_x, origin_y = (sheet_w - trim_w) / 2, (sheet_h - trim_h) / 2
    margin = kit.theme.margin  # narrower on A5 and half-letter (the theme's paper overlay)
    width = trim_w - 2 * margin
    footer = Footer(kit, width, page_numbers=False)
    frame_bottom = origin_y + margin + footer.height + kit.theme.space("block")
    frame_h = origin_y + trim_h - margin - frame_bottom
    frame = Frame(origin_x + margin, frame_bottom, width, frame_h, id="checklist",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    top = _top(kit, width, notice=notice)
    room = frame_h - sum(f.wrap(width, frame_h)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in top)
    grid = _grid(kit, width, room)
    grid.extra = min(kit.theme.space("grid.row.extra"), (room - grid.natural_height) / len(grid.rows))

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        footer.draw(canvas, page, pages, origin_x + margin, origin_y + margin)
        if opts.cut_marks:
            canvas.setTrimBox((origin_x, origin_y, origin_x + trim_w, origin_y + trim_h))
            _crop_marks(canvas, kit, origin_x, origin_y, trim_w, trim_h)

    return Story(
        flowables=[*top, grid],
        page_templates=[PageTemplate(id="checklist", frames=[frame])],
        page_size=(sheet_w, sheet_h),
        page_budget=PAGE_BUDGET,
        decorate=decorate,
        keywords=("patient education", kit.article.id, NAME, *kit.article.region_ids),
    )


def _top(kit: Kit, width: float, *, notice: bool = True) -> list[Flowable]:
    """Title, the care team's note (`--note`), the name and week-starting lines (side by side
    when both keep a line long enough to write on), the one-line hint."""
    ts, lab, space = kit.ts, kit.label, kit.theme.space
    gap, small = space("block"), kit.opts.paper in CUT_MARK_PAPERS
    week = kit.date(kit.opts.date) if kit.opts.date else ""
    fields = [(lab("patient_name"), kit.opts.patient), (lab("week_starting"), week)]
    labels_w = [blocks.label_width(kit, label) for label, _ in fields]
    blank = (width - space("fields.gap") - sum(labels_w)) / 2
    values_w = max(ts.width_of(value, "body") for _, value in fields)
    if blank >= max(space("field.min"), values_w + space("field.room")):
        widths = [label_w + blank for label_w in labels_w]
        cells = [blocks.write_on_line(kit, label, value, w)
                 for (label, value), w in zip(fields, widths, strict=True)]
        lines: list[Flowable] = [blocks.side_by_side(kit, cells, widths, gap=space("fields.gap"))]
    else:
        lines = [blocks.write_on_line(kit, fields[0][0], fields[0][1], width), Spacer(1, gap),
                 blocks.write_on_line(kit, fields[1][0], fields[1][1], width)]
    # On a small, dense page the hint is set like the day names, so it stays on one line.
    hint_style = "subheading" if small and kit.theme.density >= 2 else "body"
    # A machine translation says so where the reader looks first (PRODUCT: a visible notice).
    draft = [ts.paragraph(kit.labels("machine_draft_notice"), "notice"), Spacer(1, gap)]
    draft = draft if kit.is_draft and notice else []
    hint = ts.paragraph(lab("checklist_hint"), hint_style)
    note: list[Flowable] = []
    if kit.opts.note:
        note = [ts.runs([(lab("clinician_note") + " ", True), (kit.opts.note, False)]), Spacer(1, gap)]
    return [*kit.says(lambda a: a.title, "heading"), Spacer(1, space("title.after")), *note, *draft, *lines,
            Spacer(1, space("fields.after")), hint, Spacer(1, space("hint.after"))]


def _grid(kit: Kit, width: float, room: float) -> TickGrid:
    """The roomiest grid that fits `room`: abbreviated day names and comfortable boxes first,
    then CLDR's short day names, then minimum boxes and padding; else a clear error."""
    remedies = kit.article.checklist_actions(kit.opts.region)
    problem = kit.article.checklist_problem(kit.opts.region)
    if problem:
        raise BuildFailedError(problem)
    art = kit.palette.art
    problem = ""
    for geometry, days in _geometries(kit, width):
        size = geometry.icon
        rows = [
            Row(blocks.pictogram_art(kit, r.pictogram_file, size, art),
                blocks.Stack(kit.says(pick_remedy(r.id, "action"), "body")))
            for r in remedies
        ]
        grid = TickGrid(kit, geometry, rows, days, kit.label("checklist_action"))
        if grid.natural_height <= room:
            return grid
        problem = (f"{len(rows)} action rows need {grid.natural_height / MM:.0f} mm but the "
                   f"{kit.opts.paper.value} checklist has {room / MM:.0f} mm below its title "
                   "and name lines")
    if problem:
        raise DoesNotFitError(f"cannot hold {len(remedies)} rows", detail=problem)
    raise DoesNotFitError("has no room for the actions beside seven day columns", detail=(
        f"seven day columns leave less than {MIN_TEXT_COL / MM:.0f} mm for the action text "
        f"on {kit.opts.paper.value}"))


# Grid candidates from roomy to compact: (CLDR day-name width, staggered header, compact).
_STEPS = (("abbreviated", False, False), ("short", False, False), ("short", True, False),
          ("short", False, True), ("short", True, True))


def _geometries(kit: Kit, width: float) -> Iterator[tuple[GridGeometry, tuple[str, ...]]]:
    """Candidate grids from roomy to compact: seven day columns as wide as their box needs
    (and their name, unless the names are staggered on two lines), the rest for the action
    text, never narrower than MIN_TEXT_COL."""
    space = kit.theme.space
    box, icon = space("grid.box"), space("grid.icon")  # by paper and edition (the theme's overlay)
    locale, country = kit.language.locale, kit.opts.country
    seen: set[GridGeometry] = set()
    for names, stagger, compact in _STEPS:
        step = ".compact" if compact else ""
        days = week_day_names(locale, country, names)
        label = max(kit.ts.width_of(day, "subheading") for day in days) + space("grid.day.pad")
        box_side = max(MIN_BOX, box - space("grid.box.shrink")) if compact else box
        # 2 mm of clear paper between boxes, measured from ink to ink (outlines included).
        narrowest = box_side + MIN_BOX_GAP + BOX_LINE + space(f"grid.day.slack{step}")
        stagger = stagger and label > narrowest  # only when the names are wider than a box
        day_col = max(narrowest, label / 2 if stagger else label)
        icon_side = icon - space("grid.icon.shrink") if compact else icon
        icon_col = icon_side + space(f"grid.icon.pad{step}")
        text_col = width - icon_col - 7 * day_col - space(f"grid.text.pad{step}")
        geometry = GridGeometry(width=width, icon=icon_side, icon_col=icon_col, text_col=text_col,
                                day_col=day_col, box=box_side, pad=space(f"grid.row.pad{step}"),
                                stagger=stagger)
        if text_col >= MIN_TEXT_COL and geometry not in seen:
            seen.add(geometry)
            yield geometry, days


def _crop_marks(canvas: Canvas, kit: Kit, x: float, y: float, w: float, h: float) -> None:
    """Two short hairlines at each trim corner, outside the trim: nothing is left after cutting."""
    canvas.setStrokeColor(rl_colour(kit.palette.ink))
    canvas.setLineWidth(0.5)
    near, far = CROP_OFFSET, CROP_OFFSET + CROP_LENGTH
    for cx, sx in ((x, -1), (x + w, 1)):
        for cy, sy in ((y, -1), (y + h, 1)):
            canvas.line(cx + sx * near, cy, cx + sx * far, cy)
            canvas.line(cx, cy + sy * near, cx, cy + sy * far)
