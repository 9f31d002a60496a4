"""The full illustrated handout: at most two pages at standard size, on A4 or Letter."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepTogether, PageTemplate, Spacer

from handout import blocks
from handout.colours import rl_colour
from handout.options import Paper, RenderOptions
from handout.story import Kit, Story, pick_cause, pick_region_title, pick_remedy, pick_talk_item
from handout.theme import ArtColours

NAME = "handout"
DESCRIPTION = "Illustrated handout: causes for the chosen region, remedies, notes (2 pages)"
PAPERS = (Paper.A4, Paper.LETTER)
STANDARD_BUDGET = 2
LARGE_PRINT_BUDGET = 4
BILINGUAL_FACTOR = 2  # a bilingual edition prints every text twice


def page_budget(opts: RenderOptions) -> int:
    budget = LARGE_PRINT_BUDGET if opts.large_print else STANDARD_BUDGET
    return budget * BILINGUAL_FACTOR if opts.companion else budget


def build_story(kit: Kit) -> Story:
    from handout.footer import Footer

    page_w, page_h = kit.opts.paper.size
    margin, theme = kit.theme.margin, kit.theme
    width = page_w - 2 * margin
    footer = Footer(kit, width)
    frame_bottom = margin + footer.height + theme.space("block")
    frame = Frame(margin, frame_bottom, width, page_h - margin - frame_bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        footer.draw(canvas, page, pages, margin, margin)

    return Story(
        flowables=_content(kit, width),
        page_templates=[PageTemplate(id="page", frames=[frame])],
        page_size=(page_w, page_h),
        page_budget=page_budget(kit.opts),
        decorate=decorate,
        keywords=("patient education", kit.article.id, NAME, *kit.article.region_ids),
    )


def _content(kit: Kit, width: float) -> list[Flowable]:
    ts, lab, article, space = kit.ts, kit.label, kit.article, kit.theme.space
    rail = kit.theme.figure_width
    art = kit.palette.art
    story: list[Flowable] = [blocks.title_band(kit, width), Spacer(1, space("block"))]
    if kit.is_draft:
        story += [blocks.boxed(kit, [ts.paragraph(kit.labels("machine_draft_notice"), "body.bold")], width,
                               fill=rl_colour(kit.palette.warm)), Spacer(1, space("block"))]
    story.append(blocks.boxed(kit, kit.says(lambda a: a.main_message, "message"), width,
                              fill=rl_colour(kit.palette.tint), bar=True))
    story.append(Spacer(1, space("block")))
    story.append(blocks.railed(kit, None, kit.says(lambda a: a.intro), width, rail))
    story.append(Spacer(1, space("block.related")))
    fact = [ts.paragraph(lab("did_you_know"), "body.bold"), *kit.says(lambda a: a.fact)]
    story.append(blocks.railed(kit, None, fact, width, rail))

    story += _regions(kit, width, rail, art)

    remedies = article.remedies_for(kit.opts.region)
    rows: list[Flowable] = []
    for remedy in remedies:
        icon = blocks.pictogram_art(kit, remedy.pictogram, kit.theme.pictogram, art)
        rows.append(blocks.railed(kit, icon, kit.says(pick_remedy(remedy.id)), width, rail,
                                  rail_align="LEFT" if kit.language.rtl else "RIGHT"))
        rows.append(Spacer(1, space("row")))
    # The heading never ends a page on its own: it travels with the first remedy.
    heading = [Spacer(1, space("block")), *kit.says(lambda a: a.remedies_title, "heading"),
               Spacer(1, space("heading.after"))]
    story.append(KeepTogether([*heading, *rows[:2]]))
    story += rows[2:]

    talk = [*kit.says(lambda a: a.when_to_talk.title, "subheading"), Spacer(1, space("box.title.after"))]
    for index in range(len(article.when_to_talk.items)):
        talk += kit.says(pick_talk_item(index), bullet=True)
    story += [Spacer(1, space("talk.before")),
              KeepTogether(blocks.boxed(kit, talk, width, fill=rl_colour(kit.palette.tint),
                                        border=rl_colour(kit.palette.accent)))]
    def closing(lines: int) -> list[Flowable]:
        parts = [blocks.notes_box(kit, width, lines=lines), Spacer(1, space("block.related")), blocks.sources_line(kit),
                 ts.paragraph(kit.labels("disclaimer"), "small")]
        if kit.companion is not None:
            parts.append(kit.companion.ts.companion(kit.companion.labels("disclaimer"), "small"))
        return parts

    lines = kit.theme.note_lines
    story += [Spacer(1, space("block")), blocks.Closing(closing, fewest=lines, most=lines + 4)]
    return story


def _regions(kit: Kit, width: float, rail: float, art: ArtColours) -> list[Flowable]:
    """The chosen regions beside one figure that shades each of them."""
    ts, lab, space = kit.ts, kit.label, kit.theme.space
    regions = kit.article.select_regions(kit.opts.region)
    zones = [region.zone for region in regions]
    zone_names = kit.labels("zone_join").join(kit.labels(f"zone.{zone}") for zone in zones)
    figure: list[Flowable] = [
        blocks.figure_art(kit, zones, rail - space("rail.inset"), art),
        Spacer(1, space("caption.before")),
        ts.paragraph(kit.labels("figure_caption", zones=zone_names), "caption"),
    ]
    column: list[Flowable] = []
    for index, region in enumerate(regions):
        if index:
            column.append(Spacer(1, space("block")))
        column += [*kit.says(pick_region_title(region.id), "heading"), Spacer(1, space("region.after")),
                   ts.paragraph(lab("causes_intro"), "body.bold"), Spacer(1, space("label.after"))]
        for cause in region.causes:
            column += [*kit.says(pick_cause(region.id, cause.id), bullet=True),
                       Spacer(1, space("list.item"))]
    return [Spacer(1, space("block")), blocks.railed(kit, figure, column, width, rail)]
