"""The illustrations drawn from their SVG files: house style, greyscale, zone highlights, and the
drawing-rule check an illustrator's file must pass."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Shape, String
from reportlab.graphics.shapes import Path as RlPath
from reportlab.lib.colors import Color

from handout.artfiles import FIGURE, PICTOGRAM, ArtKind, art_problems, available, shipped_content_dir, zone_ids
from handout.colours import DEFAULT_ACCENT, RGB, WHITE, contrast, rl_colour
from handout.illustrations import FIGURE_ASPECT, body_figure, pictogram, zone_box
from handout.theme import ArtColours, make_palette

SHIPPED = shipped_content_dir()
PICTOGRAMS = available(PICTOGRAM, SHIPPED)
FIGURES = available(FIGURE, SHIPPED)
RENDER_SCALE = 2.0  # pixels per point when rasterising
# The zones the shipped figures must offer between them (a clinic's topics: neck to feet).
BODY_ZONES = {"neck", "shoulders", "upper-back", "lower-back", "belly", "hips", "thighs", "knees", "calves", "feet"}


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


def figure_zones() -> list[tuple[Path, str]]:
    return [(path, zone) for path in FIGURES.values() for zone in zone_ids(path)]


# --- the shipped files -------------------------------------------------------------------
def test_the_shipped_library_has_pictograms_and_figures() -> None:
    assert len(PICTOGRAMS) >= 7 and FIGURES


@pytest.mark.parametrize(("path", "kind"), [*((p, PICTOGRAM) for p in PICTOGRAMS.values()),
                                             *((p, FIGURE) for p in FIGURES.values())], ids=str)
def test_every_shipped_file_keeps_the_drawing_rules(path: Path, kind: ArtKind) -> None:
    assert art_problems(path, kind) == []


def test_the_figures_cover_the_body() -> None:
    offered = {zone for _, zone in figure_zones()}
    assert offered >= BODY_ZONES, BODY_ZONES - offered


# --- pictograms --------------------------------------------------------------------------
@pytest.mark.parametrize("pid", sorted(PICTOGRAMS))
@pytest.mark.parametrize("size", [20.0, 24.0, 56.5])
def test_pictogram_is_square_of_requested_size_and_stays_inside(pid: str, size: float) -> None:
    d = pictogram(PICTOGRAMS[pid], size, palette())
    assert isinstance(d, Drawing)
    assert (d.width, d.height) == (size, size)
    x0, y0, x1, y1 = d.getBounds()
    assert x0 >= -1e-6 and y0 >= -1e-6 and x1 <= size + 1e-6 and y1 <= size + 1e-6


def test_pictograms_are_all_different() -> None:
    rendered = {renderPDF.drawToString(pictogram(path, 24, palette())) for path in PICTOGRAMS.values()}
    assert len(rendered) == len(PICTOGRAMS)


@pytest.mark.parametrize("pid", sorted(PICTOGRAMS))
def test_pictogram_house_style_round_caps(pid: str) -> None:
    strokes = [s for s in walk(pictogram(PICTOGRAMS[pid], 24, palette()))
               if isinstance(s, RlPath) and s.strokeColor is not None]
    assert strokes
    for s in strokes:
        assert s.strokeLineCap == 1 and s.strokeLineJoin == 1


def test_pictogram_figure_sits_on_its_tinted_circle() -> None:
    pal = palette()
    for path in PICTOGRAMS.values():
        first = pictogram(path, 24, pal).contents[0]
        assert first.fillColor == rl_colour(pal.tint) and first.r == 12


def test_a_pictogram_takes_the_brand_colour() -> None:
    """Its `accent` role is the clinic's colour (made to contrast on the tint), not a hex in the file."""
    teal, plum = palette("#00695C"), palette("#6A1B9A")
    path = PICTOGRAMS["lift-bent-knees"] if "lift-bent-knees" in PICTOGRAMS else next(iter(PICTOGRAMS.values()))
    assert rl_colour(plum.prop) in colours(pictogram(path, 24, plum))
    assert rl_colour(teal.prop) not in colours(pictogram(path, 24, plum))


# --- body figures ------------------------------------------------------------------------
def test_figure_aspect_is_a_standing_figure() -> None:
    assert 1.6 <= FIGURE_ASPECT <= 2.2


@pytest.mark.parametrize("path", FIGURES.values(), ids=str)
def test_body_figure_size(path: Path) -> None:
    for zones in ((), zone_ids(path)[:1], zone_ids(path)):
        d = body_figure(path, zones, 142.0, palette())
        assert d.width == 142.0
        assert d.height == pytest.approx(142.0 * FIGURE_ASPECT)
        x0, y0, x1, y1 = d.getBounds()
        assert x0 >= 0 and y0 >= 0 and x1 <= d.width and y1 <= d.height


def test_body_figure_rejects_unknown_zone() -> None:
    path = next(iter(FIGURES.values()))
    with pytest.raises(ValueError, match=zone_ids(path)[0]):
        body_figure(path, ["left-ear"], 100, palette())


@pytest.mark.parametrize(("path", "zone"), figure_zones(), ids=str)
@pytest.mark.parametrize("grey", [False, True])
def test_highlight_is_drawn_where_the_zone_is_and_nowhere_else(path: Path, zone: str, grey: bool) -> None:
    pal = palette(grayscale=grey)
    width = 120.0
    target = rgb255(pal.highlight)
    shaded, plain = rasterise(body_figure(path, [zone], width, pal)), rasterise(body_figure(path, [], width, pal))
    height = width * FIGURE_ASPECT
    box = zone_box(path, zone, width)
    area = (box[2] - box[0]) * (box[3] - box[1]) * RENDER_SCALE ** 2
    inside = count_near(shaded, box, target, height, tol=4)
    assert inside > 0.1 * area
    everywhere = (0.0, 0.0, width, height)
    # In grey, anti-aliased ink edges pass through the highlight's grey: the plain figure has
    # that trace too, and the shaded one no more than it outside the zone.
    trace = count_near(plain, everywhere, target, height, tol=4)
    assert trace < (0.01 * width * height * RENDER_SCALE ** 2 if grey else 1)
    pad = 2.0  # the zone's outline is stroked half outside its shape, and pixels are whole
    around = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
    def outside(img: Image.Image) -> int:
        return count_near(img, everywhere, target, height, tol=4) - count_near(img, around, target, height, tol=4)

    assert outside(shaded) <= outside(plain)


def test_zones_sit_where_their_names_say() -> None:
    """Heights on the figure, as a reader expects them: neck above the back, feet at the bottom."""
    for path in FIGURES.values():
        zones = zone_ids(path)
        middle = {z: (zone_box(path, z, 100)[1] + zone_box(path, z, 100)[3]) / 2 for z in zones}
        order = [z for z in ("neck", "shoulders", "upper-back", "lower-back", "hips", "thighs", "knees",
                             "calves", "feet") if z in middle]
        heights = [middle[z] for z in order]
        assert heights == sorted(heights, reverse=True), (path.name, order, heights)
        if "feet" in middle:
            assert zone_box(path, "feet", 100)[1] < 0.1 * 100 * FIGURE_ASPECT


# --- colour --------------------------------------------------------------------------
def all_drawings(pal: ArtColours) -> list[Drawing]:
    return [*(pictogram(path, 24, pal) for path in PICTOGRAMS.values()),
            *(body_figure(path, zones, 100, pal) for path in FIGURES.values()
              for zones in ((), zone_ids(path)))]


@pytest.mark.parametrize("accent", ["#00695C", "#F9A825", "#6A1B9A"])
def test_greyscale_uses_only_neutral_greys(accent: str) -> None:
    pal = palette(accent, grayscale=True)
    assert pal.grayscale
    roles = (pal.ink, pal.accent, pal.tint, pal.highlight, pal.figure, pal.prop, pal.hatch, pal.detail)
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


# --- the drawing rules, on an illustrator's mistakes ------------------------------------------
GOOD = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">
  <defs><linearGradient id="ink"><stop stop-color="#000"/></linearGradient></defs>
  {body}
</svg>"""
LINE = '<path d="M2 2L22 22" fill="none" stroke="url(#ink)" stroke-width="2" stroke-linecap="round"/>'


@pytest.mark.parametrize(("body", "problem"), [
    (LINE, None),
    ('<g style="fill:url(#ink)"><circle cx="12" cy="12" r="3"/></g>', None),
    ('<path d="M2 2L22 22" fill="none" stroke="#1D2B33" stroke-width="2"/>', "stroke '#1D2B33' is not a colour role"),
    ('<circle cx="12" cy="12" r="3" style="fill:red"/>', "fill 'red' is not a colour role"),
    ('<circle cx="12" cy="12" r="3"/>', "SVG's default is black"),
    ('<path d="M2 2L22 22" fill="none" stroke="url(#ink)" stroke-width="0.3"/>', "stroke-width 0.3 is outside"),
    ('<g transform="scale(4)">' + LINE + "</g>", "stroke-width 2 is outside"),
    ('<text x="2" y="12" fill="url(#ink)">Walk</text>', "<text> holds text"),
    ('<image href="walk.png" width="24" height="24"/>', "raster"),
    ('<circle cx="12" cy="12" r="3" fill="url(#ink)" opacity="0.5"/>', "transparency"),
    ('<circle cx="12" cy="12" r="3" fill="url(#figure)"/>', "fill 'url(#figure)' is not a colour role"),
    ('<use href="#x"/>', "<use> is not allowed"),
])
def test_the_drawing_rules_name_each_problem(tmp_path: Path, body: str, problem: str | None) -> None:
    path = tmp_path / "walk.svg"
    path.write_text(GOOD.format(body=body))
    found = [str(p) for p in art_problems(path, PICTOGRAM)]
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0], found
        assert found[0].startswith(f"{path}:")


def test_an_inkscape_gradient_pointing_at_a_role_is_that_role(tmp_path: Path) -> None:
    path = tmp_path / "walk.svg"
    path.write_text(GOOD.format(body='<defs><linearGradient id="linearGradient12" href="#ink"/></defs>'
                                     '<circle cx="12" cy="12" r="3" fill="url(#linearGradient12)"/>'))
    assert art_problems(path, PICTOGRAM) == []


def test_the_grid_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "walk.svg"
    path.write_text(GOOD.format(body=LINE).replace("0 0 24 24", "0 0 48 48"))
    assert [p.message for p in art_problems(path, PICTOGRAM)] == [
        "viewBox is '0 0 48 48', not on the pictograms grid; set viewBox=\"0 0 24 24\""]


def test_a_figure_needs_its_zones_layer(tmp_path: Path) -> None:
    path = tmp_path / "side.svg"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 190"/>')
    assert "zones" in art_problems(path, FIGURE)[0].message
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 190"><g id="zones">'
                    '<path id="Calves" d="M0 0L10 0L10 10Z" fill="none"/></g></svg>')
    assert "not a zone name" in art_problems(path, FIGURE)[0].message


def test_an_unreadable_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "walk.svg"
    path.write_text("<svg")
    (problem,) = art_problems(path, PICTOGRAM)
    assert str(problem).startswith(f"{path}: not readable as SVG")
