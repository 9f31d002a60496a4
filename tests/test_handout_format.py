"""The handout format, read back from the PDF: content, regions, pages, fonts, metadata."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from handout.build import BuiltPdf, output_name
from handout.library import ContentLibrary
from handout.model import Article
from handout.options import MM, Clinic, Paper, RenderOptions
from handout.quality.pdf_facts import read_document, squash

from .conftest import ARTICLE

Build = Callable[..., BuiltPdf]
PAPER_SIZES = {Paper.A4: (595.28, 841.89), Paper.LETTER: (612.0, 792.0)}


def _content_strings(article: Article, region: str) -> list[str]:
    chosen = article.select_regions(region)
    strings = [article.title, article.main_message, article.intro, article.fact, article.remedies_title,
               article.when_to_talk.title, *article.when_to_talk.items]
    strings += [r.title for r in chosen] + [c.text for r in chosen for c in r.causes]
    strings += [r.text.replace("{{10-11 kg}}", "10–11 kg") for r in article.remedies_for(region)]
    return strings


@pytest.mark.parametrize("paper", [Paper.A4, Paper.LETTER])
@pytest.mark.parametrize("region", ["lower", "upper", "both"])
def test_handout_holds_its_region_and_fits_two_pages(build: Build, library: ContentLibrary,
                                                      region: str, paper: Paper) -> None:
    built = build(region=region, paper=paper)
    facts = read_document(built.pdf)
    assert 1 <= facts.page_count <= 2
    assert all(abs(w - PAPER_SIZES[paper][0]) < 0.5 and abs(h - PAPER_SIZES[paper][1]) < 0.5
               for w, h in facts.sizes)
    text = squash(facts.text)
    article = library.load(ARTICLE)
    for string in _content_strings(article, region):
        assert squash(string) in text, string
    others = [r for r in article.regions if region != "both" and r.id != region]
    for other in others:
        for cause in other.causes:
            assert squash(cause.text) not in text, f"{other.id} cause leaked into {region}"
        assert squash(other.title) not in text


def test_every_font_is_embedded_and_no_standard_font_is_referenced(build: Build) -> None:
    facts = read_document(build(region="both").pdf)
    assert facts.fonts, "no fonts found"
    for name, font in facts.fonts.items():
        assert font.embedded, f"{name} is not embedded"
        assert "Helvetica" not in name and "Times" not in name


def test_metadata_is_set(build: Build) -> None:
    clinic = Clinic(name="Riverside Midwives")
    facts = read_document(build(region="lower", clinic=clinic).pdf)
    assert facts.info["Title"] == "Back spasms during pregnancy"
    assert facts.info["Author"] == "Riverside Midwives"
    assert facts.info["Subject"]
    assert "patient education" in facts.info["Keywords"]
    assert facts.lang == "en"


def test_rebuild_is_byte_identical(library: ContentLibrary) -> None:
    from handout.build import build_pdf

    opts = RenderOptions(region="lower", invariant=True, patient="Ana", clinic=Clinic(name="C"))
    assert build_pdf(library, ARTICLE, opts).pdf == build_pdf(library, ARTICLE, opts).pdf


def test_source_date_epoch_makes_builds_reproducible(library: ContentLibrary,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from handout.build import build_pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    opts = RenderOptions(region="upper")
    first = build_pdf(library, ARTICLE, opts).pdf
    assert first == build_pdf(library, ARTICLE, opts).pdf
    assert b"D:20260101000000" in first


def test_user_text_is_data_not_markup(build: Build) -> None:
    clinic = Clinic(name="Ana & <b>Bo</b> Clinic", phone="<font size=40>555</font>")
    built = build(region="lower", clinic=clinic, patient="Ana & <b>Bo</b>", note="x < y & <i>z</i>")
    text = read_document(built.pdf).text
    assert "Ana & <b>Bo</b>" in text
    assert "Ana & <b>Bo</b> Clinic" in text
    assert "<font size=40>555</font>" in text
    assert "x < y & <i>z</i>" in text


def test_file_name_never_carries_the_patient(build: Build) -> None:
    built = build(region="lower", patient="Ana Lima", paper=Paper.LETTER)
    assert built.filename == "back-spasms-pregnancy_handout_lower_en_letter.pdf"
    assert "Ana" not in built.filename
    assert output_name(ARTICLE, RenderOptions(large_print=True)) == \
        "back-spasms-pregnancy_handout_both_en_a4_large.pdf"


@pytest.mark.parametrize("paper", [Paper.A4, Paper.LETTER])
def test_body_text_is_at_least_12pt_and_everything_10mm_from_the_edge(build: Build, paper: Paper) -> None:
    import io

    built = build(region="both", paper=paper, clinic=Clinic(name="Riverside", phone="555-0100"))
    with pdfplumber.open(io.BytesIO(built.pdf)) as pdf:
        sizes: dict[float, int] = {}
        for page in pdf.pages:
            for char in page.chars:
                if char["text"].strip():
                    size = round(char["size"], 1)
                    sizes[size] = sizes.get(size, 0) + 1
            objects = page.chars + page.rects + page.lines + page.curves
            for obj in objects:
                assert obj["x0"] >= 10 * MM - 0.5 and obj["x1"] <= page.width - 10 * MM + 0.5, obj
                assert obj["top"] >= 10 * MM - 0.5 and obj["bottom"] <= page.height - 10 * MM + 0.5, obj
    body_size = max(sizes, key=lambda s: sizes[s])
    assert body_size >= 12
    assert min(sizes) >= 9, "captions and footer stay readable"


def test_body_text_chars_are_12pt(build: Build, library: ContentLibrary) -> None:
    """Every character of the intro paragraph, a body text, is drawn at 12 pt or more."""
    import io

    intro_start = library.load(ARTICLE).intro.split()[:4]
    with pdfplumber.open(io.BytesIO(build(region="lower").pdf)) as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["size"])
    hits = [w for w in words if w["text"] == intro_start[0]]
    assert hits and all(w["size"] >= 12 for w in hits)


def test_second_article_builds_with_no_code_change(fixture_library: ContentLibrary) -> None:
    from handout.build import build_pdf

    built = build_pdf(fixture_library, "back-care-at-work", RenderOptions(region="upper", invariant=True))
    text = squash(read_document(built.pdf).text)
    assert squash("Fixture remedy text that applies to the upper region.") in text
    assert squash("Fixture remedy text that applies to the lower region.") not in text
    assert squash("Fixture number 5 kg") not in text and squash("5 kg") in text
    assert squash("Version 2.3") in text


def test_logo_is_placed_in_the_title_band(build: Build, tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (200, 30, 30)).save(logo)
    built = build(region="lower", clinic=Clinic(name="Logo Clinic", logo=logo))
    import io

    with pdfplumber.open(io.BytesIO(built.pdf)) as pdf:
        images = pdf.pages[0].images
    assert len(images) == 1
    assert images[0]["top"] < 60 * MM
