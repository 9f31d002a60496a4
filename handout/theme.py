"""Sizes, spacing and colours as data: one base theme with overlays per edition.

Everything the layout needs to look consistent lives here, typed, so a format never invents a
size or colour of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from handout.colours import INK, RGB, WHITE, contrast, darken_until_readable

MM = 72 / 25.4
DEFAULT_ACCENT = "#00695C"  # deep teal


@dataclass(frozen=True)
class Palette:
    """Colours of one output; every text/background pair here passes 4.5:1."""

    ink: RGB
    muted: RGB  # secondary text (footer, captions)
    accent: RGB  # headings and rules; the clinic's brand colour, made readable on white
    on_accent: RGB  # text on an accent-filled band
    band: RGB  # fill of the title band
    tint: RGB  # light fill behind the main message and pictograms
    warm: RGB  # the warm second tint, for highlights only
    rule: RGB  # hairlines and ruled note lines
    paper: RGB = WHITE
    grayscale: bool = False


def make_palette(brand_hex: str = DEFAULT_ACCENT, *, grayscale: bool = False) -> Palette:
    """Derive every colour from the brand colour; greyscale keeps each colour's luminance."""
    brand = RGB.from_hex(brand_hex)
    accent = darken_until_readable(brand, WHITE)
    tint = brand.mix(WHITE, 0.88)
    band = accent
    on_accent = WHITE if contrast(WHITE, band) >= contrast(INK, band) else INK
    palette = Palette(
        ink=INK,
        muted=RGB.from_hex("#4D4D4D"),
        accent=darken_until_readable(accent, tint),
        on_accent=on_accent,
        band=band,
        tint=tint,
        warm=RGB.from_hex("#F6E3C5"),
        rule=RGB.from_hex("#8A8A8A"),
    )
    if grayscale:
        palette = Palette(
            **{name: getattr(palette, name).to_grey() for name in
               ("ink", "muted", "accent", "on_accent", "band", "tint", "warm", "rule", "paper")},
            grayscale=True,
        )
    return palette


@dataclass(frozen=True)
class Theme:
    """Type scale and spacing in points. Body is at least 12 pt; large print at least 18 pt."""

    body: float = 12.5
    leading: float = 1.3
    title: float = 26.0
    subtitle: float = 14.0
    heading: float = 17.0
    subheading: float = 14.0
    small: float = 9.5  # footer and captions (standard edition only)
    margin: float = 14 * MM
    gap: float = 3.5 * MM  # space between blocks
    pictogram: float = 30.0
    figure_width: float = 32 * MM
    note_lines: int = 3
    write_gap: float = 2.1  # ruled lines to write on, apart by this many times the body size
    large_print: bool = False
    density: int = 0  # 0 comfortable; higher levels trade white space for fit, never size minimums

    def lead(self, size: float) -> float:
        return round(size * self.leading, 2)

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
            # tall lines): the least white space the look allows, at the same type sizes.
            theme = replace(theme, gap=self.gap * 0.3, write_gap=1.5,
                            note_lines=max(1, self.note_lines - 2),
                            figure_width=theme.figure_width - 4 * MM)
        return theme


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


def theme_for(*, large_print: bool, density: int = 0) -> Theme:
    return (LARGE_PRINT if large_print else STANDARD).compact(density)


def checklist_theme(base: Theme, *, small_paper: bool) -> Theme:
    """The fridge checklist's overlay: big row text (`body`, never below 14 pt, 18 in large
    print), bold day names (`subheading`) and a short title (`heading`); footer stays `small`.

    Read from across a kitchen, so it is larger than the handout's body text; A5 and
    half-letter get a step smaller so seven rows still fit, and at the tightest level (reached
    only by Nastaliq, whose two-line rows are twice as tall) the body minimum, 12 pt.
    """
    dense = base.density >= 2
    if base.large_print:
        row = 18.0 if small_paper or dense else 20.0
        return replace(base, body=row, subheading=18.0, heading=22.0, leading=1.25)
    row = (12.0 if base.density >= 3 else 14.0) if small_paper else (15.0 if dense else 16.0)
    return replace(
        base,
        body=row,
        subheading=12.0 if small_paper else 13.0,
        heading=(16.0 if dense else 20.0) if small_paper else (22.0 if dense else 24.0),
        leading=1.22,
    )
