"""Layout blocks shared by the formats: title band, callouts, railed rows, notes, footer.

Each block takes the Kit and returns platypus flowables; none of them knows about a page size
beyond the width it is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from functools import partial
from pathlib import Path

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Image, Spacer, Table, TableStyle

from handout.colours import rl_colour
from handout.footer import SEPARATOR, contact_parts
from handout.illustrations import body_figure, pictogram
from handout.model import Region
from handout.story import Kit
from handout.text.inkstack import InkTable, link_ink_neighbours
from handout.text.isolation import isolate, without_controls
from handout.theme import ArtColours

# Where a reader expects a web address to break: after `//`, before `/ . - ? # _ ~ % = &`.
_URL_BREAK = re.compile(r"(?<=//)|(?<![:/])(?=[/.\-?#_~%=&])")


def _table(rows: list[list[object]], widths: Sequence[float], style: list[tuple[object, ...]],
           kit: Kit) -> Table:
    """A Table whose fallback font is ours, so no PDF references a non-embedded font."""
    table = InkTable(rows, colWidths=list(widths), hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), kit.ts.font), *style]))
    return table


def drawing(kit: Kit, art: Drawing) -> Drawing:
    """An illustration whose initial font is ours, so it does not pull in Helvetica."""
    art.initialFontName = kit.ts.font
    return art


def illustration(kit: Kit, key: Hashable, make: Callable[[], Drawing]) -> Flowable:
    """An illustration drawn once per process and replayed (see artcache); `key` names it fully."""
    from handout.artcache import CachedArt

    return CachedArt(key, make, kit.ts.font)


def pictogram_art(kit: Kit, file: Path, size: float, art: ArtColours) -> Flowable:
    """A remedy's pictogram (its SVG file) at `size` points, drawn once per process."""
    return illustration(kit, ("pictogram", file, size, art), partial(pictogram, file, size, art))


def figure_art(kit: Kit, regions: Sequence[Region], width: float, art: ArtColours) -> Flowable:
    """The regions' figure shading their zones, `width` points wide, drawn once per process."""
    file, zones = regions[0].figure_file, tuple(region.zone for region in regions)
    return illustration(kit, ("figure", file, zones, width, art), partial(body_figure, file, zones, width, art))


def figure_caption(kit: Kit, regions: Sequence[Region]) -> Flowable:
    """The article's caption under the figure, naming the shaded zones in its own words."""
    names = kit.labels("zone_join").join(region.zone_name for region in regions)
    return kit.ts.paragraph(kit.text(kit.article.figure_caption.replace("{zones}", names)), "caption")


def title_band(kit: Kit, width: float, *, subtitle: bool = True, with_logo: bool = True,
               with_clinic: bool = True) -> Flowable:
    """Clinic name (and logo), title and subtitle on the accent colour, inside the margins.

    `with_logo=False` and `subtitle=False` are for a narrow cover, where a logo would squeeze
    the title to a word a line and the subtitle may not fit; `with_clinic=False` for one whose
    clinic is named elsewhere on the sheet (the tri-fold's back panel).
    """
    clinic, space = kit.opts.clinic, kit.theme.space
    cells: list[Flowable] = []
    if clinic.name and with_clinic:
        cells.append(kit.ts.paragraph(clinic.name, "band.clinic"))
        cells.append(Spacer(1, space("band.clinic.after")))
    cells += kit.says(lambda a: a.title, "title")
    if kit.article.subtitle and subtitle:
        cells.append(Spacer(1, space("band.subtitle.before")))
        cells.append(kit.ts.paragraph(kit.article.subtitle, "subtitle"))
    pad = space("band.pad")
    row: list[object] = [cells]
    widths: list[float] = [width]
    if clinic.logo is not None and with_logo:
        image = logo(kit, max_w=space("band.logo.width"), max_h=space("band.logo.height"))
        row = [cells, image] if not kit.language.rtl else [image, cells]
        widths = [width - image.drawWidth - 3 * pad, image.drawWidth + 3 * pad]
        if kit.language.rtl:
            widths.reverse()
    return _table(
        [row], widths,
        [
            ("BACKGROUND", (0, 0), (-1, -1), rl_colour(kit.palette.band)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), space("band.pad.bottom")),
        ],
        kit,
    )


def logo(kit: Kit, *, max_w: float, max_h: float) -> Image:
    """The clinic's logo scaled to fit, at print resolution (handout.logo); grey in greyscale."""
    from reportlab.lib.utils import ImageReader

    from handout.logo import logo_source

    assert kit.opts.clinic.logo is not None
    path, grey, box = kit.opts.clinic.logo, kit.opts.grayscale, (max_w, max_h)
    w, h = ImageReader(logo_source(path, grayscale=grey, box=box)).getSize()
    scale = min(max_w / w, max_h / h)
    return Image(logo_source(path, grayscale=grey, box=box), width=w * scale, height=h * scale)


def boxed(kit: Kit, content: list[Flowable], width: float, *, fill: object, border: object | None = None,
          bar: bool = False) -> Table:
    """A tinted box (main message, when-to-talk); `bar` adds an accent bar on the reading side."""
    space = kit.theme.space
    style: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, -1), fill),
        ("LEFTPADDING", (0, 0), (-1, -1), space("box.pad.side")),
        ("RIGHTPADDING", (0, 0), (-1, -1), space("box.pad.side")),
        ("TOPPADDING", (0, 0), (-1, -1), space("box.pad.top")),
        ("BOTTOMPADDING", (0, 0), (-1, -1), space("box.pad.bottom")),
    ]
    if border is not None:
        style.append(("BOX", (0, 0), (-1, -1), space("line.box"), border))
    if bar:
        edge = "LINEAFTER" if kit.language.rtl else "LINEBEFORE"
        style.append((edge, (0, 0), (-1, -1), space("line.bar"), rl_colour(kit.palette.accent)))
    return _table([[content]], [width], style, kit)


def railed(kit: Kit, rail: Flowable | list[Flowable] | None, body: list[Flowable], width: float,
           rail_width: float, *, valign: str = "TOP", rail_align: str = "CENTER") -> Table:
    """A rail (pictogram or figure) beside text; the rail sits on the reading-start side.

    When the row splits across pages, a rail given as a list (a figure with its caption) may
    move on to the continuation, so the text is never held back and a page never left half
    empty for it; a single flowable (a pictogram) stays with the start of its text.
    """
    if isinstance(rail, list):
        # ReportLab splits a cell after its first flowable only: an empty first one lets the
        # figure move to the second part when it does not fit the first.
        rail = [Spacer(1, 0), *rail]
    cells: list[object] = [rail or "", body]
    widths = [rail_width, width - rail_width]
    if kit.language.rtl:
        cells.reverse()
        widths.reverse()
    text_col = 0 if kit.language.rtl else 1
    pad_edge = "RIGHTPADDING" if kit.language.rtl else "LEFTPADDING"
    return _table(
        [cells], widths,
        [
            ("VALIGN", (0, 0), (-1, -1), valign),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            (pad_edge, (text_col, 0), (text_col, 0), kit.theme.space("rail.gap")),
            ("ALIGN", (1 - text_col, 0), (1 - text_col, 0), rail_align),
        ],
        kit,
    )


def side_by_side(kit: Kit, cells: list[Flowable], widths: list[float], *, gap: float) -> Table:
    """Flowables in one row, `gap` apart, in reading order (the first on the right in RTL)."""
    row: list[object] = []
    col_widths: list[float] = []
    for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        if index:
            row.append("")
            col_widths.append(gap)
        row.append(cell)
        col_widths.append(width)
    if kit.language.rtl:
        row.reverse()
        col_widths.reverse()
    return _table([row], col_widths, [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ], kit)


def heading(kit: Kit, text: str, *, space_before: float | None = None) -> list[Flowable]:
    before = kit.theme.space("block") if space_before is None else space_before
    return [Spacer(1, before), kit.ts.paragraph(text, "heading"), Spacer(1, kit.theme.space("heading.after"))]


def sources_line(kit: Kit, *more: str) -> Flowable:
    """`Source: title, publisher` with the language's own comma and spacing (、/، /, ); `more`
    runs on after it (the disclaimer, the document control: fine print set as one block)."""
    comma = kit.language.comma
    titles = comma.join(comma.join(p for p in (s.title, s.publisher) if p) for s in kit.article.sources)
    runs = [(kit.labels("sources") + kit.language.space, True), (titles, False)]
    return kit.ts.runs([*runs, *((SEPARATOR + text, False) for text in more if text)], "small")


def web_address(kit: Kit, url: str, width: float, style: str = "body") -> list[Flowable]:
    """A web address as lines no wider than `width`, broken where a reader expects it to break
    (`example.org` / `/maternity`), never inside a word as a paragraph would (`partner` / `ship`)."""
    lines, line = [], ""
    for piece in _URL_BREAK.split(without_controls(url)):
        if line and kit.ts.width_of(line + piece, style) > width:
            lines.append(line)
            line = piece
        else:
            line += piece
    return [kit.ts.paragraph(isolate(text), style) for text in [*lines, line] if text]


def clinic_contact(kit: Kit, width: float) -> list[Flowable]:
    """The clinic's whole contact as one block of fine print: the name in bold, phone and
    address run on after it, then the web address on lines of its own."""
    found = contact_parts(kit.opts.clinic)
    rest = "  ·  ".join(found[field] for field in ("phone", "address") if field in found)
    runs = [(found.get("name", ""), True), (f"  ·  {rest}" if rest and "name" in found else rest, False)]
    parts = [kit.ts.runs(runs, "small")] if any(text for text, _ in runs) else []
    return parts + (web_address(kit, found["website"], width, "small") if "website" in found else [])


def notes_box(kit: Kit, width: float, *, lines: int | None = None) -> Flowable:
    """Ruled lines for the patient's own notes, with the name line and the clinician's note."""
    ts, lab, theme = kit.ts, kit.label, kit.theme
    inner = width - 2 * theme.space("box.pad.side")
    parts: list[Flowable] = [ts.paragraph(lab("notes"), "subheading"), Spacer(1, theme.space("notes.title.after"))]
    parts.append(write_on_line(kit, lab("patient_name"), kit.opts.patient, inner))
    if kit.opts.note:
        parts += [Spacer(1, theme.space("notes.note.before")),
                  ts.runs([(lab("clinician_note") + " ", True), (kit.opts.note, False)])]
    line_gap = theme.space("notes.line")
    for _ in range(theme.note_lines if lines is None else lines):
        parts.append(_Rule(inner, line_gap, theme.space("line.notes"), rl_colour(kit.palette.rule)))
    return boxed(kit, parts, width, fill=rl_colour(kit.palette.paper), border=rl_colour(kit.palette.rule))


def write_on_line(kit: Kit, label: str, value: str, width: float) -> Flowable:
    """`Name: ______` with the value (if any) printed on the line."""
    label_w = label_width(kit, label)
    cells: list[object] = [kit.ts.paragraph(label, "body.bold"), kit.ts.paragraph(value, "body") if value else ""]
    widths = [label_w, width - label_w]
    if kit.language.rtl:
        cells.reverse()
        widths.reverse()
    line_col = 0 if kit.language.rtl else 1
    return _table(
        [cells], widths,
        [
            ("LINEBELOW", (line_col, 0), (line_col, 0), kit.theme.space("line.field"), rl_colour(kit.palette.rule)),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), kit.theme.space("field.pad.bottom")),
        ],
        kit,
    )


def label_width(kit: Kit, label: str) -> float:
    """The width a write-on line's label takes, with the gap before its line."""
    return kit.ts.width_of(label, "body.bold") + kit.theme.space("field.label.gap")


class _Rule(Flowable):
    """One ruled writing line, `gap` below the previous one."""

    def __init__(self, width: float, gap: float, weight: float, colour: object) -> None:
        super().__init__()
        self.width, self.height, self.weight, self.colour = width, gap, weight, colour

    def draw(self) -> None:
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(self.weight)
        self.canv.line(0, 0, self.width, 0)


class Stack(Flowable):
    """Flowables one above the other as a single unbreakable block (e.g. a row's text in two
    languages), for places that take exactly one flowable."""

    def __init__(self, parts: Sequence[Flowable]) -> None:
        super().__init__()
        self.parts = list(parts)
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._sizes = [part.wrap(avail_width, avail_height) for part in self.parts]
        self.width = max((w for w, _ in self._sizes), default=0.0)
        self.height = sum(h for _, h in self._sizes)
        return self.width, self.height

    def draw(self) -> None:
        top = self.height
        for part, (_, h) in zip(self.parts, self._sizes, strict=True):
            top -= h
            part.drawOn(self.canv, 0, top)


class Closing(Flowable):
    """The notes box and the fine print under it, kept on one page, with as many ruled lines
    as the page has room for (between `fewest` and `most`).

    So the last page never holds fine print alone, and the notes box fills the space the
    content leaves instead of leaving it blank.
    """

    def __init__(self, make: Callable[[int], list[Flowable]], fewest: int, most: int) -> None:
        super().__init__()
        self.make, self.fewest, self.most = make, fewest, most
        self.parts: list[Flowable] = []
        self._sizes: list[tuple[float, float]] = []

    def _layout(self, lines: int, avail_width: float) -> float:
        self.parts = self.make(lines)
        link_ink_neighbours(self.parts)  # made here, after the story's parts were linked
        self._sizes = [part.wrap(avail_width, 10_000) for part in self.parts]
        return float(sum(h + part.getSpaceBefore() + part.getSpaceAfter()
                         for part, (_, h) in zip(self.parts, self._sizes, strict=True)))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        for lines in range(self.most, self.fewest - 1, -1):
            self.height = self._layout(lines, avail_width)
            if self.height <= avail_height:
                break
        self.width = avail_width
        return self.width, self.height

    def draw(self) -> None:
        top = self.height
        for part, (_, h) in zip(self.parts, self._sizes, strict=True):
            top -= part.getSpaceBefore() + h
            part.drawOn(self.canv, 0, top)
            top -= part.getSpaceAfter()
