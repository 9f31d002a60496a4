"""Large-print and greyscale editions of every format, read back from the PDF, and the rack."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from typer.testing import CliRunner

from handout.build import BuiltPdf, build_pdf
from handout.cli import app
from handout.colours import RGB, contrast
from handout.errors import BuildFailedError
from handout.library import ContentLibrary
from handout.options import Clinic, Paper, RenderOptions
from handout.quality.pdf_facts import colour_uses, is_grey, read_document, to_rgb

from .conftest import ARTICLE

Build = Callable[..., BuiltPdf]
# format -> papers it offers in large print (the tri-fold offers none, small checklists neither)
LARGE_PRINT = {"handout": [Paper.A4, Paper.LETTER], "checklist": [Paper.A4, Paper.LETTER]}
EVERY = [("handout", Paper.A4), ("handout", Paper.LETTER), ("checklist", Paper.A4), ("checklist", Paper.LETTER),
         ("checklist", Paper.A5), ("checklist", Paper.HALF_LETTER), ("trifold", Paper.A4), ("trifold", Paper.LETTER)]
CLINIC = Clinic(name="Riverside Midwives", phone="555-0100", address="12 River Road", website="riverside.example")


@pytest.mark.parametrize(("fmt", "paper"), [(f, p) for f, papers in LARGE_PRINT.items() for p in papers])
@pytest.mark.parametrize("region", ["lower", "both"])
def test_large_print_sets_every_character_at_18pt_or_more(build: Build, fmt: str, paper: Paper,
                                                           region: str) -> None:
    built = build(format=fmt, paper=paper, region=region, large_print=True, clinic=CLINIC,
                  patient="Ana Lima", note="Walk daily")
    with pdfplumber.open(io.BytesIO(built.pdf)) as pdf:
        sizes = {round(c["size"], 2) for page in pdf.pages for c in page.chars}
        pages = len(pdf.pages)
    assert min(sizes) >= 18, sorted(sizes)
    assert pages <= (4 if fmt == "handout" else 1)
    if fmt == "handout":
        assert {22.0, 20.0} <= sizes  # section headings and subheadings (ACB H1 / H2)


@pytest.mark.parametrize(("fmt", "paper", "reason"), [
    ("trifold", Paper.A4, "a tri-fold has no large-print edition"),
    ("checklist", Paper.A5, "a large-print checklist needs A4 or Letter"),
    ("checklist", Paper.HALF_LETTER, "a large-print checklist needs A4 or Letter"),
])
def test_large_print_that_cannot_fit_is_refused_with_a_reason(library: ContentLibrary, fmt: str,
                                                               paper: Paper, reason: str) -> None:
    with pytest.raises(BuildFailedError, match=reason):
        build_pdf(library, ARTICLE, RenderOptions(format=fmt, paper=paper, large_print=True))


@pytest.fixture(scope="module")
def logo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from PIL import Image

    path = tmp_path_factory.mktemp("logo") / "logo.png"
    Image.new("RGBA", (120, 60), (200, 30, 30, 255)).save(path)
    return path


@pytest.mark.parametrize(("fmt", "paper"), EVERY)
def test_greyscale_has_no_colour_operator_and_no_colour_image(build: Build, logo: Path, fmt: str,
                                                              paper: Paper) -> None:
    clinic = Clinic(name="Riverside Midwives", phone="555-0100", logo=logo, brand_color="#C2185B")
    built = build(format=fmt, paper=paper, region="both", grayscale=True, clinic=clinic)
    uses = colour_uses(built.pdf)
    assert uses
    assert [use for use in uses if not is_grey(use)] == []
    if fmt != "checklist":  # the checklist carries no logo
        assert ("image:/DeviceGray", ()) in uses
    standard = colour_uses(build(format=fmt, paper=paper, region="both", clinic=clinic).pdf)
    assert [use for use in standard if not is_grey(use)], "the standard edition is in colour"


def _rgb(colour: object) -> RGB:
    """A pdfplumber colour (grey, RGB or CMYK) as RGB, read the way `handout check` reads it."""
    rgb = to_rgb(colour)
    assert rgb is not None, f"{colour!r} is a pattern, not a colour"
    return rgb


def _background(page: pdfplumber.page.Page, char: dict[str, Any]) -> RGB:
    """The fill under a character: the smallest filled rectangle around its centre, else paper."""
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    under = [r for r in page.rects if r.get("fill") and r["x0"] <= x <= r["x1"] and r["top"] <= y <= r["bottom"]]
    if not under:
        return RGB(1, 1, 1)
    return _rgb(min(under, key=lambda r: r["width"] * r["height"])["non_stroking_color"])


@pytest.mark.parametrize(("fmt", "paper"), EVERY)
@pytest.mark.parametrize("grey", [False, True])
def test_every_character_has_contrast_of_4_5_or_more(build: Build, fmt: str, paper: Paper, grey: bool) -> None:
    clinic = Clinic(name="Riverside Midwives", phone="555-0100", brand_color="#4FC3F7")  # a light brand
    built = build(format=fmt, paper=paper, region="both", grayscale=grey, clinic=clinic, patient="Ana Lima")
    with pdfplumber.open(io.BytesIO(built.pdf)) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                if not char["text"].strip():
                    continue
                ratio = contrast(_rgb(char["non_stroking_color"]), _background(page, char))
                assert ratio >= 4.5, (char["text"], char["non_stroking_color"], ratio)


def test_greyscale_checklist_keeps_its_row_bands_as_a_tone(build: Build) -> None:
    """Highlights survive without colour: the banded rows are a light grey, not white."""
    with pdfplumber.open(io.BytesIO(build(format="checklist", grayscale=True).pdf)) as pdf:
        page = pdf.pages[0]
        bands = [r for r in page.rects if r["width"] > page.width / 2 and r.get("fill")]
    assert len(bands) >= 3
    tones = {tuple(round(float(v), 3) for v in band["non_stroking_color"]) for band in bands}
    assert all(len(set(tone)) == 1 and 0.75 < tone[0] < 0.97 for tone in tones)


def test_build_all_builds_every_format_it_offers(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", "--all", "--lang", "en", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in tmp_path.glob("*.pdf"))
    # handout: 3 regions × 2 papers × 3 editions; checklist: 3 × (4 papers × 2 + 2 large print);
    # tri-fold: 3 × 2 papers × 2 (no large print)
    assert len([n for n in names if n.startswith(f"{ARTICLE}_")]) == 18 + 30 + 12
    assert {n.split("_")[0] for n in names} == set(ContentLibrary().article_ids)
    assert f"Built {len(names)} of {len(names)} PDFs" in result.stdout
    assert f"{ARTICLE}_checklist_lower_en_half-letter_grey.pdf" in names
    assert f"{ARTICLE}_checklist_both_en_letter_large.pdf" in names
    assert f"{ARTICLE}_trifold_upper_en_a4_grey.pdf" in names
    assert not [n for n in names if "trifold" in n and "large" in n]
    assert not [n for n in names if "_a5_large" in n or "half-letter_large" in n]


@pytest.mark.parametrize(("fmt", "paper", "large"), [
    ("checklist", Paper.HALF_LETTER, False), ("checklist", Paper.LETTER, True),
    ("trifold", Paper.LETTER, False), ("handout", Paper.LETTER, True),
])
def test_every_language_fits_the_tightest_pages(library: ContentLibrary, fmt: str, paper: Paper,
                                                large: bool) -> None:
    """The narrowest papers and large print, for every bundled language (long ones included)."""
    budget = {"checklist": 1, "trifold": 2, "handout": 4}[fmt]
    for lang in library.languages(ARTICLE):
        opts = RenderOptions(format=fmt, paper=paper, large_print=large, lang=lang, region="both")
        assert build_pdf(library, ARTICLE, opts).pages <= budget, lang


def test_a_checklist_that_cannot_fit_says_what_and_where(library: ContentLibrary) -> None:
    from dataclasses import replace

    from handout.errors import DoesNotFitError
    from handout.formats import checklist
    from handout.story import Kit

    article = library.load(ARTICLE)
    wordy = replace(article, remedies=tuple(replace(r, action=r.action * 4) for r in article.remedies))
    kit = Kit(wordy, RenderOptions(format="checklist", paper=Paper.A5), density=2)
    with pytest.raises(DoesNotFitError, match=r"7 action rows need \d+ mm but the a5 checklist has \d+ mm"):
        checklist.build_story(kit)


@pytest.mark.parametrize(("fmt", "paper"), [("checklist", Paper.A5), ("trifold", Paper.LETTER)])
def test_new_formats_embed_every_font_and_reference_no_standard_one(build: Build, fmt: str,
                                                                    paper: Paper) -> None:
    fonts = read_document(build(format=fmt, paper=paper, clinic=CLINIC).pdf).fonts
    assert fonts
    assert all(font.embedded and "Helvetica" not in name for name, font in fonts.items()), fonts
