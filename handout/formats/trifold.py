"""The tri-fold leaflet: one landscape sheet, printed on both sides and folded in three.

Page 1 (outside) holds the inside flap, the back panel and the cover; page 2 (inside) three
panels. Cover and back panel are fixed blocks, checked to fit their panel; the article itself
flows flap -> inside-1 -> 2 -> 3 (mirrored for right-to-left languages) through one platypus
Frame per panel, so nothing crosses a fold. Geometry and fold order: see `_panels`.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Frame,
    FrameBreak,
    KeepTogether,
    PageTemplate,
    Spacer,
)

from handout import blocks
from handout.blocks import sources_line
from handout.colours import rl_colour
from handout.errors import DoesNotFitError
from handout.footer import info_paragraphs
from handout.formats._panels import INSIDE, Panel, Sheet
from handout.illustrations import FIGURE_ASPECT
from handout.options import Paper, RenderOptions
from handout.story import Kit, Story
from handout.theme import LAST_RESORT_LEVEL, MM, ArtColours

NAME = "trifold"
DESCRIPTION = "Tri-fold leaflet: one landscape sheet, both sides, folded in three (2 pages)"
PAPERS = (Paper.A4, Paper.LETTER)
PAGE_BUDGET = 2
MAX_NOTE_LINES = 10


def page_budget(opts: RenderOptions) -> int:
    return PAGE_BUDGET


def refuses(opts: RenderOptions) -> str | None:
    """Large print or two languages need about twice the six panels a sheet has: not offered."""
    if opts.large_print:
        return ("a tri-fold has no large-print edition: 18 pt text needs about twice its six "
                "panels; use --format handout --large-print (up to 4 pages) instead")
    if opts.companion:
        return ("a tri-fold has no bilingual edition: two languages need twice its six panels; "
                f"use --format handout or checklist with --lang {opts.lang}+{opts.companion}")
    return None


def build_story(kit: Kit) -> Story:
    portrait_w, portrait_h = kit.opts.paper.size
    sheet = Sheet(portrait_h, portrait_w, rtl=kit.language.rtl)
    outside = [sheet.panel(name) for name in ("cover", "back", "flap")]  # the order they fill
    inside = [sheet.panel(name) for name in INSIDE]
    art = kit.palette.art

    cover, back = _cover(kit, sheet.panel("cover"), art), _back(kit, sheet.panel("back"))
    # Tables (remedy rows, boxes) take the narrowest flowing panel's width; paragraphs fill each.
    flow_width = min(p.text_width for p in [sheet.panel("flap"), *inside])
    flowables = [*cover, FrameBreak(), *back, FrameBreak(), *_flowing(kit, sheet, flow_width, art)]

    mark = rl_colour(kit.palette.rule)
    def marks(side: str) -> Callable[[Canvas, object], None]:
        return lambda canvas, doc: sheet.draw_fold_marks(canvas, side, mark)

    outside_page = PageTemplate(id="outside", frames=[_frame(p) for p in outside],
                                onPage=marks("outside"), autoNextPageTemplate="inside")
    inside_page = PageTemplate(id="inside", frames=[_frame(p) for p in inside],
                               onPage=marks("inside"))
    return Story(
        flowables=flowables,
        page_templates=[outside_page, inside_page],
        page_size=(sheet.width, sheet.height),
        page_budget=PAGE_BUDGET,
        keywords=("patient education", kit.article.id, NAME, *kit.article.region_ids),
    )


def _frame(panel: Panel) -> Frame:
    return Frame(panel.text_x0, panel.text_y0, panel.text_width, panel.text_height, id=panel.name,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)


def _height(flowables: list[Flowable], width: float) -> float:
    """Total height at `width`; a KeepTogether is measured by its content (it needs no canvas)."""
    total = 0.0
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            total += _height(list(flowable._content), width)  # noqa: SLF001
        else:
            total += flowable.wrap(width, 10_000)[1]
    return total


def _check_fits(name: str, flowables: list[Flowable], panel: Panel, what: str) -> None:
    """A fixed panel never spills into the next one: measure it and say so if it would."""
    needed = _height(flowables, panel.text_width)
    if needed > panel.text_height:
        raise DoesNotFitError(f"cannot hold {what} on its {name} panel", detail=(
            f"the {name} panel needs {needed / MM:.0f} mm but has {panel.text_height / MM:.0f} mm"))


def _cover(kit: Kit, panel: Panel, art: ArtColours) -> list[Flowable]:
    """Clinic and title band, main message, the body figure as large as the panel allows.

    A long language first shrinks the figure, then drops the "more inside" line, then the
    subtitle (title, main message and figure always stay); in a condensed layout's last resort,
    the clinic's name too (the back panel holds its whole contact); else it says what is too big.
    """
    ts, lab, space, width = kit.ts, kit.labels, kit.theme.space, panel.text_width
    regions = kit.article.select_regions(kit.opts.region)
    caption = [Spacer(1, space("caption.before")), blocks.figure_caption(kit, regions)] if regions else []
    more = [Spacer(1, space("block")), ts.paragraph(lab("more_inside"), "body.bold")]
    smallest = space("cover.figure.min") if regions else 0.0
    variants = [(True, more, True), (False, more, True), (False, [], True)]
    if kit.theme.condensed >= 2 and kit.opts.clinic.name:
        variants.append((False, [], False))
    for subtitle, extra, clinic in variants:
        top = _cover_top(kit, width, subtitle=subtitle, clinic=clinic)
        room = panel.text_height - _height([*top, *caption, *extra], width)
        figure_w = min(space("cover.figure.max"), room / FIGURE_ASPECT, width)
        if not regions and room >= 0:
            return [*top, *extra]
        if regions and figure_w >= smallest:
            figure = blocks.figure_art(kit, regions, figure_w, art)
            figure.hAlign = "CENTER"
            return [*top, figure, *caption, *extra]
    needed = _height([*top, *caption], width) + smallest * FIGURE_ASPECT
    raise DoesNotFitError("cannot hold its title, main message and figure on the cover", detail=(
        f"the cover panel needs {needed / MM:.0f} mm for the title, main message "
        f"and figure but has {panel.text_height / MM:.0f} mm"))


def _cover_top(kit: Kit, width: float, *, subtitle: bool, clinic: bool = True) -> list[Flowable]:
    ts, lab, gap = kit.ts, kit.labels, kit.theme.space("block")
    # The logo goes on the back panel with the contact: beside the title it would squeeze it.
    band = blocks.title_band(kit, width, subtitle=subtitle, with_logo=False, with_clinic=clinic)
    top: list[Flowable] = [band, Spacer(1, gap)]
    if kit.is_draft:
        top += [blocks.boxed(kit, [ts.paragraph(lab("machine_draft_notice"), "body.bold")], width,
                             fill=rl_colour(kit.palette.warm)), Spacer(1, gap)]
    top += [blocks.boxed(kit, [ts.paragraph(kit.text(kit.article.main_message), "message")], width,
                         fill=rl_colour(kit.palette.tint), bar=True), Spacer(1, gap)]
    return top


def _back(kit: Kit, panel: Panel) -> list[Flowable]:
    """Clinic contact, the notes box (as many ruled lines as the panel has room for), sources
    and disclaimer; document control at the foot of the panel, where a reader looks for it."""
    ts, lab, space, width = kit.ts, kit.labels, kit.theme.space, panel.text_width
    gap, clinic = space("block"), kit.opts.clinic
    head: list[Flowable] = []
    if clinic.logo is not None:
        head += [blocks.logo(kit, max_w=min(width, space("back.logo.width")), max_h=space("back.logo.height")),
                 Spacer(1, space("logo.after"))]
    contact = [ts.paragraph(clinic.name, "subheading")] if clinic.name else []
    if clinic.phone:
        contact.append(ts.paragraph(lab("phone", phone=clinic.phone), "body"))
    contact += [ts.paragraph(line, "body") for line in clinic.address_lines]
    contact += blocks.web_address(kit, clinic.website, width) if clinic.website else []
    if contact:
        head += [*contact, Spacer(1, gap)]
    foot: list[Flowable] = [
        sources_line(kit), Spacer(1, space("fineprint.line")),
        ts.paragraph(lab("disclaimer"), "small"), Spacer(1, space("control.before")),
        *info_paragraphs(kit, contact=False),
    ]
    lines = kit.theme.note_lines
    notes = blocks.notes_box(kit, width)
    _check_fits("back", [*head, notes, Spacer(1, gap), *foot], panel, "the clinic's contact, notes and sources")
    while lines < MAX_NOTE_LINES:
        more = blocks.notes_box(kit, width, lines=lines + 1)
        if _height([*head, more, Spacer(1, gap), *foot], width) > panel.text_height:
            break
        notes, lines = more, lines + 1
    slack = panel.text_height - _height([*head, notes, *foot], width) - 1
    return [*head, notes, Spacer(1, max(gap, slack)), *foot]


def _flowing(kit: Kit, sheet: Sheet, width: float, art: ArtColours) -> list[Flowable]:
    """The inside flap, then the three inside panels.

    The flap is what a reader sees first on opening the cover, beside the inside left panel, so
    it stands on its own: intro, the fact and, when there is room, when to talk to a provider.
    The causes and remedies then start at the top of the inside left panel. At the densest level
    (a long language) everything flows on from the flap, never clipped.
    """
    ts, lab, space, article = kit.ts, kit.labels, kit.theme.space, kit.article
    flap = sheet.panel("flap")
    intro: list[Flowable] = [ts.paragraph(kit.text(article.intro)), Spacer(1, space("block.related")),
                             ts.paragraph(lab("did_you_know"), "body.bold"),
                             ts.paragraph(kit.text(article.fact))]
    talk = [Spacer(1, space("block")), KeepTogether(_talk_box(kit, width))]
    inside = _inside(kit, width, art)
    if kit.theme.density >= LAST_RESORT_LEVEL:
        return [*intro, *talk, *inside]  # densest: every panel filled, the flap included
    if _height([*intro, *talk], flap.text_width) <= flap.text_height:
        return [*intro, *talk, FrameBreak(), *inside]
    if _height(intro, flap.text_width) <= flap.text_height:
        return [*intro, FrameBreak(), *inside, *talk]
    return [*intro, *inside, *talk]


def _talk_box(kit: Kit, width: float) -> Flowable:
    talk = [kit.ts.paragraph(kit.article.when_to_talk.title, "subheading"),
            Spacer(1, kit.theme.space("box.title.after"))]
    talk += [kit.ts.bullet(kit.text(item)) for item in kit.article.when_to_talk.items]
    return blocks.boxed(kit, talk, width, fill=rl_colour(kit.palette.tint),
                        border=rl_colour(kit.palette.accent))


def _inside(kit: Kit, width: float, art: ArtColours) -> list[Flowable]:
    """Causes for the chosen regions, then the remedies with their pictograms."""
    ts, theme, article, space = kit.ts, kit.theme, kit.article, kit.theme.space
    story: list[Flowable] = []
    for index, region in enumerate(article.select_regions(kit.opts.region)):
        causes = [kit.ts.bullet(kit.text(cause.text)) for cause in region.causes]
        head = [*blocks.heading(kit, region.title, space_before=space("block") if index else 0),
                ts.paragraph(kit.text(article.causes_intro), "body.bold"), Spacer(1, space("label.after"))]
        # The heading starts a new panel unless three lines of its first cause fit below it;
        # the causes themselves may continue in the next panel.
        keep = _height(head, width) + 3 * theme.lead(theme.body)
        story += [CondPageBreak(keep), *head, causes[0]]
        for cause in causes[1:]:
            story += [Spacer(1, space("list.item")), cause]
    size = theme.pictogram
    rail = size + space("rail.inset")
    # One remedy is one unit that never breaks across a fold; the heading travels with the first,
    # and a group's title with the first remedy of its group.
    head = blocks.heading(kit, article.remedies_title)
    for index, (group, remedies) in enumerate(article.remedy_sections(kit.opts.region)):
        rows: list[Flowable] = []
        for remedy in remedies:
            icon = blocks.pictogram_art(kit, remedy.pictogram_file, size, art)
            rows.append(blocks.railed(kit, icon, [ts.paragraph(kit.text(remedy.text))], width, rail))
        title: list[Flowable] = [] if group is None else [
            Spacer(1, space("group.before") if index else 0), ts.paragraph(kit.text(group.title), "subheading"),
            Spacer(1, space("group.after"))]
        first = [*(head if index == 0 else [Spacer(1, space("row"))]), *title, rows[0]]
        story.append(KeepTogether(first))
        for row in rows[1:]:
            story.append(KeepTogether([Spacer(1, space("row")), row]))
    return story
