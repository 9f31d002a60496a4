"""Checks for the illustrations package: API contract, house style, greyscale and zone shading."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Path, Shape, String
from reportlab.lib.colors import Color

from handout.colours import DEFAULT_ACCENT, RGB, WHITE, contrast, rl_colour
from handout.illustrations import (
    FIGURE_ASPECT,
    FIGURE_ZONES,
    PICTOGRAM_IDS,
    body_figure,
    pictogram,
)
from handout.illustrations._style import HALO, STROKE
from handout.illustrations.body import zone_box
from handout.theme import ArtColours, make_palette

ZONE_COMBOS: list[tuple[str, ...]] = [(), ("lower-back",), ("upper-back",), FIGURE_ZONES]
RENDER_SCALE = 2.0  # pixels per point when rasterising


def palette(brand_hex: str = DEFAULT_ACCENT, *, grayscale: bool = False) -> ArtColours:
    """The illustrations' colours, from the one palette a build makes."""
    return make_palette(brand_hex, grayscale=grayscale).art


def walk(node: object) -> Iterator[Shape]:
    """Every leaf shape of a Drawing, through nested Groups."""
    contents = getattr(node, "contents", None)
    if contents is None:
        yield node
        return
    for child in contents:
        yield from walk(child)


def colours(d: Drawing) -> list[Color]:
    found: list[Color] = []
    for shape in walk(d):
        for attr in ("fillColor", "strokeColor"):
            c = getattr(shape, attr, None)
            if c is not None:
                found.append(c)
    return found


def rasterise(d: Drawing) -> Image.Image:
    pdf = pdfium.PdfDocument(renderPDF.drawToString(d))
    try:
        image: Image.Image = pdf[0].render(scale=RENDER_SCALE).to_pil().convert("RGB")
        return image
    finally:
        pdf.close()


def rgb255(c: RGB) -> tuple[int, int, int]:
    return round(c.r * 255), round(c.g * 255), round(c.b * 255)


def count_near(img: Image.Image, box: tuple[float, float, float, float],
               target: tuple[int, int, int], height_pt: float, tol: int = 12) -> int:
    """Pixels within `tol` of `target` inside a PDF-coordinate box (y measured upwards)."""
    x0, y0, x1, y1 = box
    crop = img.crop((int(x0 * RENDER_SCALE), int((height_pt - y1) * RENDER_SCALE),
                     int(x1 * RENDER_SCALE), int((height_pt - y0) * RENDER_SCALE)))
    raw = crop.tobytes()
    return sum(1 for i in range(0, len(raw), 3)
               if all(abs(raw[i + k] - target[k]) <= tol for k in range(3)))


# --- pictograms --------------------------------------------------------------------------
def test_pictogram_ids_are_the_agreed_set() -> None:
    assert PICTOGRAM_IDS == ("exercise", "rest-sleep", "lift-bent-knees", "sit-upright",
                             "flat-shoes", "firm-mattress", "healthy-weight")


@pytest.mark.parametrize("pid", PICTOGRAM_IDS)
@pytest.mark.parametrize("size", [20.0, 24.0, 56.5])
def test_pictogram_is_square_of_requested_size_and_stays_inside(pid: str, size: float) -> None:
    d = pictogram(pid, size, palette())
    assert isinstance(d, Drawing)
    assert (d.width, d.height) == (size, size)
    x0, y0, x1, y1 = d.getBounds()
    assert x0 >= -1e-6 and y0 >= -1e-6 and x1 <= size + 1e-6 and y1 <= size + 1e-6


def test_unknown_pictogram_raises_value_error_listing_valid_ids() -> None:
    with pytest.raises(ValueError, match="yoga-ball") as err:
        pictogram("yoga-ball", 24, palette())
    assert not isinstance(err.value, KeyError)
    for pid in PICTOGRAM_IDS:
        assert pid in str(err.value)


def test_pictograms_are_all_different() -> None:
    rendered = {renderPDF.drawToString(pictogram(pid, 24, palette())) for pid in PICTOGRAM_IDS}
    assert len(rendered) == len(PICTOGRAM_IDS)


@pytest.mark.parametrize("pid", PICTOGRAM_IDS)
def test_pictogram_house_style_one_weight_round_caps(pid: str) -> None:
    strokes = [s for s in walk(pictogram(pid, 24, palette()))
               if isinstance(s, Path) and s.strokeColor is not None]
    assert strokes
    for s in strokes:
        assert s.strokeLineCap == 1 and s.strokeLineJoin == 1
        # the one line weight, or the gap drawn around a figure in the circle's colour
        assert s.strokeWidth in (STROKE, STROKE + 2 * HALO)


def test_pictogram_figure_sits_on_its_tinted_circle() -> None:
    pal = palette()
    for pid in PICTOGRAM_IDS:
        first = pictogram(pid, 24, pal).contents[0]
        assert first.fillColor == rl_colour(pal.tint) and first.r == 12


# --- body figure ---------------------------------------------------------------------
def test_figure_aspect_is_a_standing_figure() -> None:
    assert 1.6 <= FIGURE_ASPECT <= 2.2
    assert FIGURE_ZONES == ("lower-back", "upper-back")


@pytest.mark.parametrize("zones", ZONE_COMBOS)
def test_body_figure_size(zones: tuple[str, ...]) -> None:
    d = body_figure(zones, 142.0, palette())
    assert d.width == 142.0
    assert d.height == pytest.approx(142.0 * FIGURE_ASPECT)
    x0, y0, x1, y1 = d.getBounds()
    assert x0 >= 0 and y0 >= 0 and x1 <= d.width and y1 <= d.height


def test_body_figure_rejects_unknown_zone() -> None:
    with pytest.raises(ValueError, match="lower-back"):
        body_figure(["belly"], 100, palette())


@pytest.mark.parametrize("grey", [False, True])
def test_highlight_pixels_only_in_highlighted_zones(grey: bool) -> None:
    pal = palette(grayscale=grey)
    width = 120.0
    target = rgb255(pal.highlight)
    for zones in ZONE_COMBOS:
        d = body_figure(zones, width, pal)
        img = rasterise(d)
        for zone in FIGURE_ZONES:
            box = zone_box(zone, width)
            area = (box[2] - box[0]) * (box[3] - box[1]) * RENDER_SCALE ** 2
            hits = count_near(img, box, target, d.height, tol=4)
            if zone in zones:
                assert hits > 0.2 * area, (zones, zone, hits, area)
            elif grey:  # anti-aliased ink edges pass through this grey: allow a trace only
                assert hits < 0.02 * area, (zones, zone, hits, area)
            else:
                assert hits == 0, (zones, zone, hits)


def test_zones_sit_on_the_back_side() -> None:
    """The figure faces right, so both zones must be on the left (spine) half."""
    width = 100.0
    for zone in FIGURE_ZONES:
        x0, _, x1, _ = zone_box(zone, width)
        assert x1 < width * 0.6
    lower, upper = zone_box("lower-back", width), zone_box("upper-back", width)
    assert lower[3] <= upper[1] + 1e-6  # lower back is below the upper back


# --- colour --------------------------------------------------------------------------
def all_drawings(pal: ArtColours) -> list[Drawing]:
    return [*(pictogram(pid, 24, pal) for pid in PICTOGRAM_IDS),
            *(body_figure(z, 100, pal) for z in ZONE_COMBOS)]


@pytest.mark.parametrize("accent", ["#00695C", "#F9A825", "#6A1B9A"])
def test_greyscale_uses_only_neutral_greys(accent: str) -> None:
    pal = palette(accent, grayscale=True)
    assert pal.grayscale
    roles = (pal.ink, pal.accent, pal.tint, pal.highlight, pal.figure, pal.prop, pal.hatch)
    assert all(c.r == c.g == c.b for c in roles)
    for d in all_drawings(pal):
        for c in colours(d):
            assert c.red == c.green == c.blue, c


def test_colour_palette_really_has_colour() -> None:
    """Guards the walker above: in colour mode it must find hues."""
    found = list(chain.from_iterable(colours(d) for d in all_drawings(palette())))
    assert any(not (c.red == c.green == c.blue) for c in found)


def test_drawings_contain_no_text() -> None:
    for d in all_drawings(palette()):
        assert not any(isinstance(s, String) for s in walk(d))


@pytest.mark.parametrize("accent", ["#00695C", "#F9A825", "#FFEB3B", "#1A3A6B", "ff00ff"])
@pytest.mark.parametrize("grey", [False, True])
def test_palette_contrast(accent: str, grey: bool) -> None:
    pal = palette(accent, grayscale=grey)
    assert contrast(pal.ink, WHITE) >= 7.0
    assert contrast(pal.ink, pal.tint) >= 4.5
    assert contrast(pal.prop, pal.tint) >= 3.0
    assert contrast(pal.hatch, pal.highlight) >= 3.0
    assert contrast(pal.ink, pal.highlight) >= 4.5
    assert pal.tint.luminance > 0.6  # a light background, not a second strong colour


@pytest.mark.parametrize("bad", ["", "teal", "#12345", "#GG0000", "#1234567"])
def test_palette_rejects_bad_hex(bad: str) -> None:
    with pytest.raises(ValueError, match="colour|color|hex"):
        palette(bad)


def test_palette_default_accent_is_deep_teal() -> None:
    assert rgb255(palette().accent) == (0x00, 0x69, 0x5C)
