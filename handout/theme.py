"""Sizes, spacing and colours as data: one style table, with overlays per edition, paper and format.

Everything the layout needs to look consistent lives here, typed and named, so a format never
invents a size or colour of its own: the type scale and the text styles set in it
(`TEXT_STYLES`), the spaces, paddings and sizes of the blocks (`LENGTHS`, read with
`theme.space(name)`), and the palette. The overlays (large print, density, a format's own
sizes, A5 and half-letter) are applied once, by `theme_for` when the kit is built, so one kind
of document always gets the same theme, the same cached typesetter and the same styles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Literal

from handout.colours import DEFAULT_ACCENT, RGB, WHITE, contrast, reach_contrast

MM = 72 / 25.4
INK = RGB.from_hex("#1B1B1B")  # text: near black
ART_INK = RGB.from_hex("#1D2B33")  # illustration lines: dark slate, softer than black, > 13:1 on white
HIGHLIGHT = RGB.from_hex("#F5B482")  # warm apricot: the only hue besides the brand, for body zones
FIGURE_FILL = RGB.from_hex("#F1F1F0")  # calm skin-neutral fill of the body figure
NON_TEXT_CONTRAST = 3.0  # WCAG 1.4.11: shapes that carry meaning, against what is next to them


@dataclass(frozen=True)
class ArtColours:
    """The few colours an illustration may use; in the greyscale edition every one is neutral."""

    ink: RGB  # strokes and outlines
    accent: RGB  # the clinic's brand colour, as given
    tint: RGB  # light tint of the brand: a pictogram's circle
    highlight: RGB  # the highlighted body zone
    figure: RGB  # the body figure's fill: clearly lighter than the highlight
    prop: RGB  # objects (bed, chair, box): the accent, darkened to 3:1 on the tint if need be
    hatch: RGB  # a zone's hatching and outline: a darker shade of the highlight (reads in grey)
    detail: RGB  # a figure's fine inner lines (the spine): the ink softened towards the figure fill
    grayscale: bool = False


@dataclass(frozen=True)
class Palette:
    """Colours of one output, text and illustrations alike; every text/background pair here
    passes 4.5:1."""

    ink: RGB
    muted: RGB  # secondary text (footer, captions)
    accent: RGB  # headings and rules; the clinic's brand colour, made readable on white
    on_accent: RGB  # text on an accent-filled band
    band: RGB  # fill of the title band
    tint: RGB  # light fill behind the main message and pictograms
    warm: RGB  # the warm second tint, for highlights only
    rule: RGB  # hairlines and ruled note lines
    art: ArtColours  # the illustrations' colours, from the same brand colour
    paper: RGB = WHITE
    grayscale: bool = False


def make_palette(brand_hex: str = DEFAULT_ACCENT, *, grayscale: bool = False) -> Palette:
    """Derive every colour from the brand colour; greyscale keeps each colour's luminance."""
    brand = RGB.from_hex(brand_hex)
    accent = reach_contrast(brand, WHITE)
    tint = brand.mix(WHITE, 0.88)
    band = accent
    on_accent = WHITE if contrast(WHITE, band) >= contrast(INK, band) else INK
    text = {
        "ink": INK,
        "muted": RGB.from_hex("#4D4D4D"),
        "accent": reach_contrast(accent, tint),
        "on_accent": on_accent,
        "band": band,
        "tint": tint,
        "warm": RGB.from_hex("#F6E3C5"),
        "rule": RGB.from_hex("#8A8A8A"),
        "paper": WHITE,
    }
    if grayscale:
        text = {name: colour.to_grey() for name, colour in text.items()}
    return Palette(**text, art=_art_colours(brand, grayscale=grayscale), grayscale=grayscale)


def _art_colours(brand: RGB, *, grayscale: bool) -> ArtColours:
    """The illustrations' colours; those made to contrast are derived from the printed ones
    (the greys, in the greyscale edition), so the contrast holds on paper."""
    base = {"ink": ART_INK, "accent": brand, "tint": brand.mix(WHITE, 0.86), "highlight": HIGHLIGHT,
            "figure": FIGURE_FILL}
    if grayscale:
        base = {name: colour.to_grey() for name, colour in base.items()}
    ink, highlight = base["ink"], base["highlight"]
    # In 5% steps towards the line colour: the 3:1 of shapes, not the 4.5:1 of text.
    prop = reach_contrast(base["accent"], base["tint"], NON_TEXT_CONTRAST, toward=ink, steps=20)
    hatch = reach_contrast(highlight.mix(ink, 0.55), highlight, NON_TEXT_CONTRAST, toward=ink, steps=20)
    return ArtColours(**base, prop=prop, hatch=hatch, detail=ink.mix(base["figure"], 0.35), grayscale=grayscale)


@dataclass(frozen=True)
class Length:
    """A named length: `factor` times a unit of the theme (its block `gap` or its `body` size),
    or plain points; never below `at_least` points. Relative lengths follow the edition and the
    density (a denser layout has a smaller gap, so every space built on it shrinks too)."""

    factor: float
    unit: Literal["pt", "gap", "body"] = "pt"
    at_least: float = 0.0


def gaps(factor: float) -> Length:
    return Length(factor, "gap")


def bodies(factor: float, *, at_least: float = 0.0) -> Length:
    return Length(factor, "body", at_least)


def pt(points: float) -> Length:
    return Length(points)


# The spaces, paddings and sizes of every block, by name. Formats and blocks ask for these
# (`theme.space("heading.after")`); the format overlays below change some for one format.
LENGTHS: dict[str, Length] = {
    # Vertical rhythm.
    "block": gaps(1.0),  # between two blocks of a page
    "block.related": gaps(0.75),  # between blocks that belong together (intro and fact; notes and fine print)
    "row": gaps(0.6),  # between the rows of a list of blocks (remedies)
    "heading.after": gaps(0.5),  # under a section heading
    "region.after": gaps(0.4),  # under a region's title, above its causes
    "group.before": gaps(0.4),  # above the title of a group of remedies, after the last one's row
    "group.after": gaps(0.4),  # under the title of a group of remedies
    "talk.before": gaps(0.5),  # above the when-to-talk box, after the last remedy row
    "logo.after": gaps(0.5),  # under a logo at the head of a panel
    "control.before": gaps(0.5),  # above the document-control lines set in a panel
    "list.item": bodies(0.45),  # between the bullets of a list
    "label.after": pt(3),  # under a bold label line ("Common causes:")
    "caption.before": pt(3),  # between a figure and its caption
    "box.title.after": pt(4),  # under the title inside a box
    "fineprint.line": pt(2),  # between two paragraphs of fine print
    # The title band: clinic name, title and subtitle on the accent colour, and the logo.
    "band.pad": pt(12.0),
    "band.pad.bottom": pt(14.0),  # 2 pt more: room under the last line's descenders
    "band.clinic.after": pt(4),
    "band.subtitle.before": pt(3),
    "band.logo.width": pt(42 * 72 / 25.4),  # 42 mm (42 * MM is one bit off: logos keep their place)
    "band.logo.height": pt(20 * MM),
    # Tinted and bordered boxes (main message, when to talk, notes).
    "box.pad.side": pt(12),
    "box.pad.top": pt(9),
    "box.pad.bottom": pt(11),
    # The notes box: its ruled lines are far enough apart to write on.
    "notes.title.after": pt(6),
    "notes.note.before": pt(8),
    "notes.line": bodies(2.1, at_least=26.0),
    # A label with a line to write on (`Name: ____`).
    "field.label.gap": pt(8),
    "field.pad.bottom": pt(2),
    # Line weights of the blocks' own rules and borders.
    "line.box": pt(1.2),  # a box's border
    "line.bar": pt(4),  # the accent bar on a box's reading side
    "line.notes": pt(0.7),  # a ruled line to write on
    "line.field": pt(0.8),  # the line under a label (`Name: ____`)
    # Rails: a pictogram or the figure beside text, on the reading-start side.
    "rail.gap": pt(10.0),  # between the rail and the text
    "rail.inset": pt(4),  # the art sits this much inside its rail
    # The back panel's logo (tri-fold) and the cover figure's size range.
    "back.logo.width": pt(40 * MM),
    "back.logo.height": pt(18 * MM),
    "cover.figure.max": pt(40 * MM),
    "cover.figure.min": pt(17 * MM),
}


@dataclass(frozen=True)
class TextStyle:
    """One named text style: a size of the type scale, its weight and a colour of the palette."""

    size: str = "body"  # a type size of the Theme: body, title, subtitle, heading, subheading, small
    bold: bool = False
    colour: str = "ink"  # a role of the Palette
    centred: bool = False  # else the language's own alignment
    at_least: float = 0.0  # points: never smaller, whatever the type scale says
    line: float | None = None  # leading as a multiple of the size; None: the theme's `leading`


# Formats ask for text by these names (`ts.paragraph(text, "caption")`).
TEXT_STYLES: dict[str, TextStyle] = {
    "body": TextStyle(),
    "body.bold": TextStyle(bold=True),
    "title": TextStyle("title", bold=True, colour="on_accent", line=1.15),
    "subtitle": TextStyle("subtitle", colour="on_accent"),
    # The clinic over the title: body-size text (T1), however long the name.
    "band.clinic": TextStyle("small", bold=True, colour="on_accent", at_least=12.0),
    "heading": TextStyle("heading", bold=True, colour="accent"),
    "subheading": TextStyle("subheading", bold=True),
    "message": TextStyle("subheading", bold=True),
    "caption": TextStyle("small", colour="muted", centred=True),
    "small": TextStyle("small", colour="muted"),
    "small.bold": TextStyle("small", bold=True),
    # Notices a reader must not miss (a machine translation): never fine print.
    "notice": TextStyle("small", bold=True, at_least=12.0),
}


@dataclass(frozen=True)
class Theme:
    """Type scale, spacing and named lengths in points. Body is at least 12 pt; large print at
    least 18 pt."""

    body: float = 12.5
    leading: float = 1.3
    title: float = 26.0
    subtitle: float = 14.0
    heading: float = 17.0
    subheading: float = 14.0
    small: float = 9.5  # footer and captions (standard edition only)
    margin: float = 14 * MM
    gap: float = 3.5 * MM  # space between blocks: the unit of most named spaces
    pictogram: float = 30.0
    figure_width: float = 32 * MM
    note_lines: int = 3
    indent: float = 1.1  # bullets and indented companion text, in ems of their style
    large_print: bool = False
    density: int = 0  # 0 comfortable; higher levels trade white space for fit, never size minimums
    # 1: the clinic's contact kept short (footer, logos); 2: document control printed once, not
    # in every page's footer too; 3: the contact too, page numbers alone left (see `condense`).
    condensed: int = 0
    lengths: tuple[tuple[str, Length], ...] = tuple(LENGTHS.items())

    def lead(self, size: float) -> float:
        return round(size * self.leading, 2)

    def space(self, name: str) -> float:
        """The named length (`LENGTHS`, with this theme's overlays) in points."""
        length = self._lengths[name]
        value = length.factor if length.unit == "pt" else getattr(self, length.unit) * length.factor
        return max(value, length.at_least) if length.at_least else value

    def size_of(self, style: TextStyle) -> float:
        return max(getattr(self, style.size), style.at_least) if style.at_least else float(getattr(self, style.size))

    def leading_of(self, style: TextStyle) -> float:
        size = self.size_of(style)
        return size * style.line if style.line is not None else self.lead(size)

    def overlay(self, lengths: dict[str, Length], **fields: Any) -> Theme:
        """This theme with some named lengths (and fields) replaced or added: an overlay."""
        merged = {**self._lengths, **lengths}
        return replace(self, lengths=tuple(merged.items()), **fields)

    @cached_property
    def _lengths(self) -> dict[str, Length]:
        return dict(self.lengths)

    def compact(self, level: int) -> Theme:
        """A denser variant for long languages: less space first, then smaller (not below minimum)."""
        if level <= 0:
            return self
        floor = 18.0 if self.large_print else 12.0
        theme = replace(
            self,
            density=level,
            leading=1.25 if self.large_print else 1.22,
            gap=self.gap * (0.7 if level == 1 else 0.5),
            margin=self.margin if level == 1 else 12 * MM,  # the look-and-feel range is 12-15 mm
            note_lines=max(2, self.note_lines - 1),
        )
        if level >= 2:
            # Large-print headings stay at 22 and 20 pt (ACB); only standard ones may shrink.
            shrink = 0.0 if self.large_print else 1.0
            theme = replace(
                theme,
                body=max(floor, self.body - 0.5),
                heading=max(floor, self.heading - 1.5 * shrink),
                subheading=max(floor, self.subheading - 1.0 * shrink),
                title=self.title - 2,
                pictogram=self.pictogram - 4,
                # Large print's wide rail costs its text the most: give it back more.
                figure_width=self.figure_width - (8 if self.large_print else 4) * MM,
            )
        if level >= 3:
            # Reached only where level 2 and every format's last resort do not fit (Nastaliq's
            # tall lines): the least white space the look allows, at the same type sizes, and
            # one ruled line for notes, closer together.
            theme = replace(theme, gap=self.gap * 0.3, note_lines=max(1, self.note_lines - 2),
                            figure_width=theme.figure_width - 4 * MM)
            theme = theme.overlay({"notes.line": bodies(1.5, at_least=26.0)})
        return theme


    def condense(self, level: int) -> Theme:
        """The fine print's and the clinic's share of the page kept small, before the article's
        text gives way: smaller logos (`CONDENSED_LENGTHS`) and a footer with the contact on one
        line (level 1), then without the document control (2), then without the contact (3);
        what a footer leaves out is printed once (`handout.footer`)."""
        if level <= 0:
            return self
        theme = self.overlay(CONDENSED_LENGTHS, condensed=level)
        if level >= 2:
            # The last resort: one ruled line for notes, fine print at its minimum (large print's
            # stays at 18 pt, as every character of it does).
            small = self.small if self.large_print else max(self.small - 0.5, FINE_PRINT_MIN)
            theme = replace(theme, note_lines=1, small=small)

        return theme


FINE_PRINT_MIN = 9.0  # footers and captions, standard edition (the check's text-size gate)

# A condensed layout's logos: about three quarters of the comfortable boxes.
CONDENSED_LENGTHS: dict[str, Length] = {
    "band.logo.width": pt(30 * MM),
    "band.logo.height": pt(15 * MM),
    "back.logo.width": pt(30 * MM),
    "back.logo.height": pt(14 * MM),
}


STANDARD = Theme()
LARGE_PRINT = replace(
    STANDARD,
    body=18.0,
    leading=1.3,
    title=26.0,
    subtitle=20.0,
    heading=22.0,
    subheading=20.0,
    small=18.0,
    pictogram=40.0,
    figure_width=44 * MM,
    note_lines=3,
    large_print=True,
)


DENSITY_LEVELS = 4
# From this level on, formats use their last resorts (a small checklist turned sideways, the
# draft notice left to the footer's status, the tri-fold's flap filled); the next only tightens.
LAST_RESORT_LEVEL = 2


@dataclass(frozen=True)
class Fit:
    """One step of the fit ladder: a density level and a condensed level (`Theme.condense`)."""

    density: int = 0
    condensed: int = 0


def fit_steps(*, with_clinic: bool) -> tuple[Fit, ...]:
    """The layouts a build tries in turn, roomiest first, until its content fits its pages.

    A clinic's long name, address and logo are condensed first, so the article keeps its
    comfortable spacing as long as it can; then density levels trade white space for fit; last,
    at the densest, the document control leaves the footers, then the contact (each printed
    once instead). Without a clinic profile there is no contact to condense: the density
    levels, then the document control printed once.
    """
    densest = DENSITY_LEVELS - 1
    if not with_clinic:
        return (*(Fit(density) for density in range(DENSITY_LEVELS)), Fit(densest, 2))
    return (Fit(0), *(Fit(density, 1) for density in range(DENSITY_LEVELS)), Fit(densest, 2), Fit(densest, 3))


def theme_for(*, large_print: bool, density: int = 0, fmt: str = "handout", small_paper: bool = False,
              condensed: int = 0) -> Theme:
    """The theme of one kind of document: edition, then density (and `condensed`), then its
    format's overlay (for A5 and half-letter, `small_paper`, the format's paper overlay too)."""
    theme = (LARGE_PRINT if large_print else STANDARD).compact(density).condense(condensed)
    overlay = FORMAT_OVERLAYS.get(fmt)
    return overlay(theme, small_paper) if overlay is not None else theme


def _trifold(base: Theme, small_paper: bool) -> Theme:
    """Six narrow panels: related blocks and list items sit closer than on the handout."""
    return base.overlay({"block.related": gaps(0.6), "list.item": bodies(0.4)})


def _checklist(base: Theme, small_paper: bool) -> Theme:
    """The fridge checklist: big row text (`body`, never below 14 pt, 18 in large print), bold
    day names (`subheading`) and a short title (`heading`); footer stays `small`.

    Read from across a kitchen, so it is larger than the handout's body text; A5 and
    half-letter get a step smaller, and narrower margins, so seven rows still fit; at the
    tightest level (reached only by Nastaliq, whose two-line rows are twice as tall) the body
    minimum, 12 pt.
    """
    dense, large = base.density >= 2, base.large_print
    if large:
        row = 18.0 if small_paper or dense else 20.0
        scale: dict[str, Any] = {"body": row, "subheading": 18.0, "heading": 22.0, "leading": 1.25}
    else:
        row = (12.0 if base.density >= 3 else 14.0) if small_paper else (15.0 if dense else 16.0)
        scale = {
            "body": row,
            "subheading": 12.0 if small_paper else 13.0,
            "heading": (16.0 if dense else 20.0) if small_paper else (22.0 if dense else 24.0),
            "leading": 1.22,
        }
    if small_paper:
        scale["margin"] = 11 * MM  # clear of the 10 mm band, descenders included
    lengths = _checklist_lengths(small_paper, large)
    if base.condensed >= 2:
        lengths |= CHECKLIST_TIGHT
    return base.overlay(lengths, **scale)


# The checklist's last resort (condensed level 2): its head set closer, the same sizes.
CHECKLIST_TIGHT: dict[str, Length] = {
    "title.after": gaps(0.8),
    "fields.after": gaps(0.6),
    "hint.after": gaps(0.3),
    "grid.header.pad": pt(1.2 * MM),
}


def _checklist_lengths(small_paper: bool, large: bool) -> dict[str, Length]:
    """The checklist's own spaces and its grid: tick boxes and pictograms by paper and edition;
    each `.compact` length is the one the grid falls back to when the roomy one does not fit."""
    box = (9.0 if large else 8.0) if small_paper else (11.0 if large else 10.0)
    icon = (11.0 if large else 10.0) if small_paper else (15.0 if large else 14.0)
    return {
        "title.after": gaps(1.4),
        "fields.after": gaps(1.2),
        "hint.after": gaps(0.6),
        "fields.gap": pt(6 * MM),  # between the name and week-starting lines, side by side
        "field.min": pt(26 * MM if small_paper else 40 * MM),  # a line short enough to write on
        "field.room": pt(4 * MM),  # past a printed value, on its line
        "grid.box": pt(box * MM),
        "grid.icon": pt(icon * MM),
        "grid.box.shrink": pt(1.5 * MM),  # compact: this much smaller (never below the minimum)
        "grid.icon.shrink": pt(2 * MM),
        "grid.header.pad": pt(2 * MM),  # under the day names
        "grid.day.pad": pt(1.2 * MM),  # beside the widest day name
        "grid.day.slack": pt(0.6 * MM),
        "grid.day.slack.compact": pt(0.1 * MM),
        "grid.icon.pad": pt(2.5 * MM),
        "grid.icon.pad.compact": pt(2.0 * MM),
        "grid.text.pad": pt(4.0 * MM),
        "grid.text.pad.compact": pt(3.0 * MM),
        "grid.row.pad": pt(2.4 * MM),  # above and below a row's tallest item
        "grid.row.pad.compact": pt(0.6 * MM),
        "grid.row.extra": pt(12 * MM),  # spare height shared out to rows, at most this much each
    }


FORMAT_OVERLAYS: dict[str, Callable[[Theme, bool], Theme]] = {
    "trifold": _trifold,
    "checklist": _checklist,
}
