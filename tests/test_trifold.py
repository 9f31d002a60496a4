"""The tri-fold leaflet, read back from the PDF: two landscape pages, panels in fold order,
nothing across a fold, fold marks in the margin, and a clear failure when it cannot fit."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pdfplumber
import pytest

from handout.build import BuiltPdf, build_pdf
from handout.errors import BuildFailedError
from handout.formats._panels import FLAP_NARROWER, Sheet
from handout.library import ContentLibrary
from handout.options import MM, PAPER_SIZES, Clinic, Paper, RenderOptions
from handout.quality.pdf_facts import read_document, squash

from .conftest import ARTICLE

Build = Callable[..., BuiltPdf]
PAPERS = [Paper.A4, Paper.LETTER]


def _sheet(paper: Paper, rtl: bool = False) -> Sheet:
    width, height = PAPER_SIZES[paper]
    return Sheet(height, width, rtl=rtl)


@pytest.mark.parametrize("paper", PAPERS)
def test_panels_are_thirds_with_a_narrower_flap(paper: Paper) -> None:
    sheet = _sheet(paper)
    for page in ("outside", "inside"):
        panels = sheet.panels(page)
        assert sum(p.width for p in panels) == pytest.approx(sheet.width)
        for panel in panels:
            assert abs(panel.width - sheet.width / 3) < 2.5 * MM
            assert panel.text_x0 >= 10 * MM
            assert panel.text_x1 <= sheet.width - 10 * MM
    flap, back, cover = (sheet.panel(name) for name in ("flap", "back", "cover"))
    assert flap.x0 == 0
    assert cover.x1 == pytest.approx(sheet.width)
    assert back.width - flap.width == pytest.approx(FLAP_NARROWER)
    assert 2 * MM <= FLAP_NARROWER <= 3 * MM
    inside = sheet.panels("inside")
    assert inside[2].width == pytest.approx(flap.width)  # the flap's other face
    assert [p.x0 for p in inside] == sorted(p.x0 for p in inside)


def test_a_right_to_left_leaflet_is_the_mirror_image() -> None:
    ltr, rtl = _sheet(Paper.A4), _sheet(Paper.A4, rtl=True)
    for name in ("flap", "back", "cover", "inside-1", "inside-2", "inside-3"):
        a, b = ltr.panel(name), rtl.panel(name)
        assert b.x0 == pytest.approx(ltr.width - a.x1)
        assert b.x1 == pytest.approx(ltr.width - a.x0)
    assert rtl.panel("cover").x0 == pytest.approx(0)
    assert rtl.panel("inside-1").x1 == pytest.approx(rtl.width)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("region", ["lower", "upper", "both"])
def test_two_landscape_pages_with_the_region_content(build: Build, library: ContentLibrary,
                                                    paper: Paper, region: str) -> None:
    built = build(format="trifold", region=region, paper=paper)
    facts = read_document(built.pdf)
    assert facts.page_count == 2
    width, height = PAPER_SIZES[paper]
    assert all(abs(w - height) < 0.5 and abs(h - width) < 0.5 for w, h in facts.sizes)
    article = library.load(ARTICLE)
    text = squash(facts.text)
    chosen = article.select_regions(region)
    for string in [article.title, article.main_message, article.when_to_talk.title,
                   *(r.title for r in chosen), *(c.text for r in chosen for c in r.causes)]:
        assert squash(string) in text, string
    for remedy in article.remedies_for(region):
        assert squash(remedy.text.replace("{{10-11 kg}}", "10–11 kg")) in text
    for other in (r for r in article.regions if region != "both" and r.id != region):
        assert all(squash(c.text) not in text for c in other.causes)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("region", ["lower", "both"])
def test_nothing_crosses_a_fold_and_fold_marks_sit_in_the_margin(build: Build, paper: Paper,
                                                                region: str) -> None:
    sheet = _sheet(paper)
    clinic = Clinic(name="Riverside Midwives", phone="555-0100", address="12 River Road")
    with pdfplumber.open(io.BytesIO(build(format="trifold", region=region, paper=paper, clinic=clinic,
                                          patient="Ana Lima", note="Walk daily").pdf)) as pdf:
        for page, side in zip(pdf.pages, ("outside", "inside"), strict=True):
            folds = sheet.folds(side)
            objects = page.chars + page.rects + page.curves + page.lines
            for obj in objects:
                for fold in folds:
                    assert not (obj["x0"] < fold - 0.5 and obj["x1"] > fold + 0.5), (side, fold, obj)
                assert obj["x0"] >= 10 * MM - 0.5 and obj["x1"] <= page.width - 10 * MM + 0.5, obj
                assert obj["top"] >= 10 * MM - 0.5 and obj["bottom"] <= page.height - 10 * MM + 0.5, obj
            ticks = [line for line in page.lines if abs(line["x0"] - line["x1"]) < 0.01]
            for fold in folds:
                at_fold = [t for t in ticks if abs(t["x0"] - fold) < 0.5]
                assert len(at_fold) == 2, (side, fold)  # one in the top margin, one in the bottom
                for tick in at_fold:
                    assert tick["bottom"] < 16 * MM or tick["top"] > page.height - 16 * MM
            text_tops = [c["top"] for c in page.chars]
            assert min(text_tops) > 13 * MM
            assert max(c["bottom"] for c in page.chars) < page.height - 13 * MM


def test_panels_hold_what_the_fold_order_needs(build: Build, library: ContentLibrary) -> None:
    """Cover on the right of the outside page, back panel in the middle, causes start inside."""
    sheet = _sheet(Paper.A4)
    article = library.load(ARTICLE)
    clinic = Clinic(name="Riverside Midwives", phone="555-0100")
    with pdfplumber.open(io.BytesIO(build(format="trifold", region="lower", clinic=clinic).pdf)) as pdf:
        outside, inside = pdf.pages

        def text_in(page: pdfplumber.page.Page, name: str) -> str:
            panel = sheet.panel(name)
            return squash(page.crop((panel.x0, 0, panel.x1, page.height)).extract_text())

        assert squash(article.title) in text_in(outside, "cover")
        assert squash("Riverside Midwives") in text_in(outside, "cover")
        assert squash("Phone 555-0100") in text_in(outside, "back")
        assert squash("Notes") in text_in(outside, "back")
        assert squash("Version 1.0") in text_in(outside, "back")
        assert squash(article.intro[:40]) in text_in(outside, "flap")
        assert squash(article.regions[0].title) in text_in(inside, "inside-1")


def test_large_print_is_not_offered_and_says_why(library: ContentLibrary) -> None:
    opts = RenderOptions(format="trifold", large_print=True)
    with pytest.raises(BuildFailedError, match="a tri-fold has no large-print edition"):
        build_pdf(library, ARTICLE, opts)


def test_content_past_the_two_pages_fails_naming_where(library: ContentLibrary,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from handout.formats import trifold

    monkeypatch.setattr(trifold, "PAGE_BUDGET", 1)
    with pytest.raises(BuildFailedError) as failure:
        build_pdf(library, ARTICLE, RenderOptions(format="trifold", region="both"))
    message = failure.value.message
    assert "over the trifold budget of 1" in message
    assert re.search(r"the content from '[^']+' \(page 2\) on does not fit", message), message
