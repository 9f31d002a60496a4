"""One colour implementation and one palette for text and illustrations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handout.clinic import load_clinic
from handout.colours import BLACK, DEFAULT_ACCENT, RGB, WHITE, contrast, reach_contrast
from handout.options import Clinic
from handout.theme import make_palette

HANDOUT = Path(__file__).resolve().parent.parent / "handout"


def test_luminance_uses_the_srgb_threshold() -> None:
    """0.04 is linear in sRGB (IEC 61966-2-1: up to 0.04045), not in WCAG's old 0.03928."""
    assert RGB(0.04, 0.04, 0.04).luminance == pytest.approx(0.04 / 12.92, rel=1e-9)
    assert RGB(0.05, 0.05, 0.05).luminance == pytest.approx(((0.05 + 0.055) / 1.055) ** 2.4, rel=1e-9)


def test_grey_keeps_the_luminance_and_so_every_contrast() -> None:
    teal = RGB.from_hex(DEFAULT_ACCENT)
    grey = teal.to_grey()
    assert grey.r == grey.g == grey.b
    assert grey.luminance == pytest.approx(teal.luminance, rel=1e-9)
    assert contrast(grey, WHITE) == pytest.approx(contrast(teal, WHITE), rel=1e-9)
    assert WHITE.to_grey().r == pytest.approx(1.0) and BLACK.to_grey() == BLACK


def test_reach_contrast_takes_the_first_shade_that_passes() -> None:
    light = RGB.from_hex("#4FC3F7")
    shades = [light.mix(BLACK, step / 40) for step in range(41)]
    first = next(step for step, shade in enumerate(shades) if contrast(shade, WHITE) >= 4.5)
    assert first > 0 and reach_contrast(light, WHITE) == shades[first]
    assert reach_contrast(BLACK, WHITE) == BLACK  # already passes: unchanged
    assert reach_contrast(WHITE, WHITE, 22.0) == BLACK  # out of reach: the colour it moved towards


def test_the_default_accent_is_written_once_and_used_everywhere(tmp_path: Path) -> None:
    literals = [path.name for path in HANDOUT.rglob("*.py")
                for _ in re.findall("00695C", path.read_text("utf-8"), re.IGNORECASE)]
    assert literals == ["colours.py"]
    profile = tmp_path / "clinic.yaml"
    profile.write_text("name: Riverside\n", "utf-8")
    assert Clinic().brand_color == load_clinic(profile).brand_color == DEFAULT_ACCENT
    assert make_palette() == make_palette(DEFAULT_ACCENT)


@pytest.mark.parametrize("brand", [DEFAULT_ACCENT, "#4FC3F7", "#C2185B"])
def test_text_and_illustrations_share_one_palette(brand: str) -> None:
    colour, grey = make_palette(brand), make_palette(brand, grayscale=True)
    assert colour.art.accent == RGB.from_hex(brand)  # art prints the brand as given
    assert contrast(colour.accent, WHITE) >= 4.5  # text darkens it until it reads
    assert grey.grayscale and grey.art.grayscale and not colour.art.grayscale
    text = [grey.ink, grey.muted, grey.accent, grey.on_accent, grey.band, grey.tint, grey.warm, grey.rule]
    art = [grey.art.ink, grey.art.accent, grey.art.tint, grey.art.highlight, grey.art.figure, grey.art.prop,
           grey.art.hatch]
    assert all(c.r == c.g == c.b for c in text + art)
    assert grey.art.accent == colour.art.accent.to_grey()  # the same luminance, the same rule
