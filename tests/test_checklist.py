"""The fridge checklist, read back from the PDF: one page, big boxes, big rows, CLDR day names."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pdfplumber
import pytest
from pdfplumber.pdf import PDF

from handout.build import BuiltPdf, build_pdf
from handout.errors import BadInputError, BuildFailedError
from handout.formats._tickgrid import BOX_LINE
from handout.library import ContentLibrary
from handout.options import MM, PAPER_SIZES, Paper, RenderOptions
from handout.quality.pdf_facts import read_document, squash
from handout.weekdays import first_weekday, week_day_names

from .conftest import ARTICLE

Build = Callable[..., BuiltPdf]
PAPERS = [Paper.A4, Paper.LETTER, Paper.A5, Paper.HALF_LETTER]


def _boxes(page: pdfplumber.page.Page) -> list[dict[str, float]]:
    """Tick boxes: the square rects of 7 mm or more (row bands are wide, not square)."""
    return [r for r in page.rects if abs(r["width"] - r["height"]) < 0.5 and 6.5 * MM < r["width"] < 20 * MM]


def _checklist(build: Build, **options: object) -> PDF:
    return pdfplumber.open(io.BytesIO(build(format="checklist", **options).pdf))


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("region", ["lower", "both"])
def test_one_page_on_its_paper_with_every_action(build: Build, library: ContentLibrary, paper: Paper,
                                                 region: str) -> None:
    built = build(format="checklist", region=region, paper=paper)
    facts = read_document(built.pdf)
    assert facts.page_count == 1
    width, height = facts.sizes[0]
    assert {round(width), round(height)} == {round(v) for v in PAPER_SIZES[paper]}
    text = squash(facts.text)
    for remedy in library.load(ARTICLE).remedies_for(region):
        assert squash(remedy.action) in text, remedy.action
    assert squash(library.load(ARTICLE).title) in text
    assert squash("Tick a box on each day you do it.") in text
    assert built.filename == f"{ARTICLE}_checklist_{region}_en_{paper.value}.pdf"


@pytest.mark.parametrize("paper", PAPERS)
def test_boxes_are_7mm_and_2mm_apart_seven_a_row(build: Build, library: ContentLibrary, paper: Paper) -> None:
    rows = len(library.load(ARTICLE).remedies_for("both"))
    with _checklist(build, paper=paper) as pdf:
        boxes = _boxes(pdf.pages[0])
    assert len(boxes) == 7 * rows
    assert min(b["width"] for b in boxes) >= 7 * MM - 0.01
    for line in {round(b["top"]) for b in boxes}:
        row = sorted((b for b in boxes if round(b["top"]) == line), key=lambda b: b["x0"])
        assert len(row) == 7
        # clear paper from ink to ink: half of each outline eats into the gap
        assert min(b["x0"] - a["x1"] for a, b in zip(row, row[1:], strict=False)) - BOX_LINE >= 2 * MM
    tops = sorted({round(b["top"], 1) for b in boxes})
    heights = boxes[0]["height"]
    assert min(b - a for a, b in zip(tops, tops[1:], strict=False)) - heights - BOX_LINE >= 2 * MM


@pytest.mark.parametrize("paper", PAPERS)
def test_row_text_is_14pt_and_clear_of_the_boxes(build: Build, paper: Paper) -> None:
    with _checklist(build, paper=paper) as pdf:
        page = pdf.pages[0]
        boxes = _boxes(page)
        first_box = min(b["x0"] for b in boxes)
        top, bottom = min(b["top"] for b in boxes) - 8 * MM, max(b["bottom"] for b in boxes) + 8 * MM
        row_chars = [c for c in page.chars if top < c["top"] < bottom and c["x1"] < first_box
                     and c["text"].strip() and c["size"] > 13]  # the "What to do" header is smaller
        assert row_chars
        assert min(c["size"] for c in row_chars) >= 14
        assert max(c["x1"] for c in row_chars) <= first_box - 2 * MM


def test_every_object_stays_10mm_from_the_edge(build: Build) -> None:
    for paper in PAPERS:
        with _checklist(build, paper=paper) as pdf:
            page = pdf.pages[0]
            for obj in page.chars + page.rects + page.lines + page.curves:
                assert obj["x0"] >= 10 * MM - 0.5 and obj["x1"] <= page.width - 10 * MM + 0.5, (paper, obj)
                assert obj["top"] >= 10 * MM - 0.5 and obj["bottom"] <= page.height - 10 * MM + 0.5, (paper, obj)


def _header_days(build: Build, **options: object) -> list[str]:
    """Day names in the grid header, left to right (they sit just above the first row of boxes)."""
    with _checklist(build, **options) as pdf:
        page = pdf.pages[0]
        boxes = _boxes(page)
        first_box, first_top = min(b["x0"] for b in boxes), min(b["top"] for b in boxes)
        words = page.extract_words()
    header = [w for w in words if w["x0"] >= first_box - 3 * MM and first_top - 25 * MM < w["top"] < first_top]
    return [w["text"] for w in sorted(header, key=lambda w: w["x0"])]


def test_week_starts_on_the_readers_first_day(build: Build) -> None:
    assert _header_days(build) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert _header_days(build, country="GB")[0] == "Mon"
    us = _header_days(build, country="US", paper=Paper.LETTER)
    assert us == ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]


def test_day_names_come_from_cldr_in_the_output_language() -> None:
    assert first_weekday("en") == 0
    assert first_weekday("en", "US") == 6
    assert first_weekday("en_US") == 6
    assert first_weekday("en", "GB") == 0
    assert first_weekday("vi", "US") == 6  # no vi_US locale: the territory still decides
    assert week_day_names("fr")[0] == "lun."
    assert week_day_names("es", "US", "wide")[0] == "domingo"
    assert week_day_names("ru")[:2] == ("пн", "вт")


def test_name_and_week_lines_carry_patient_and_date(build: Build) -> None:
    facts = read_document(build(format="checklist", region="lower", patient="Ana Lima",
                                date=dt.date(2026, 11, 30)).pdf)
    assert "Ana Lima" in facts.text
    assert "Nov 30, 2026" in facts.text  # Babel's medium date for English
    assert "Name:" in facts.text
    assert "Week starting:" in facts.text


def test_cut_marks_put_a_small_checklist_on_the_bigger_sheet(build: Build) -> None:
    for paper, sheet in ((Paper.A5, Paper.A4), (Paper.HALF_LETTER, Paper.LETTER)):
        built = build(format="checklist", paper=paper, cut_marks=True)
        assert built.filename.endswith(f"_{paper.value}-on-{sheet.value}.pdf")
        with pdfplumber.open(io.BytesIO(built.pdf)) as pdf:
            page = pdf.pages[0]
            assert (round(page.width), round(page.height)) == tuple(round(v) for v in PAPER_SIZES[sheet])
            x0, top = (page.width - PAPER_SIZES[paper][0]) / 2, (page.height - PAPER_SIZES[paper][1]) / 2
            x1, bottom = page.width - x0, page.height - top
            marks = [line for line in page.lines if line["x0"] < x0 or line["x1"] > x1
                     or line["top"] < top or line["bottom"] > bottom]
            assert len(marks) == 8
            for mark in marks:  # wholly outside the trim, and clear of the sheet's unprintable edge
                beside = mark["x1"] <= x0 + 0.01 or mark["x0"] >= x1 - 0.01
                above_or_below = mark["bottom"] <= top + 0.01 or mark["top"] >= bottom - 0.01
                assert beside or above_or_below, mark
                assert mark["x0"] >= 10 * MM
                assert mark["x1"] <= page.width - 10 * MM
                assert mark["top"] >= 10 * MM
                assert mark["bottom"] <= page.height - 10 * MM
            for obj in page.chars + page.rects:
                assert x0 + 10 * MM - 0.5 <= obj["x0"]
                assert obj["x1"] <= x1 - 10 * MM + 0.5
        trim = list(read_document(built.pdf).trim_boxes[0])
        assert trim == pytest.approx([x0, top, x1, bottom], abs=0.5)


@pytest.mark.parametrize(("fmt", "paper", "message"), [
    ("checklist", Paper.A4, "use it with --paper a5 or half-letter"),
    ("handout", Paper.A4, "--cut-marks is not offered for the handout format"),
])
def test_cut_marks_only_where_they_make_sense(library: ContentLibrary, fmt: str, paper: Paper,
                                              message: str) -> None:
    with pytest.raises(BadInputError, match=message.replace("-", r"\-")):
        build_pdf(library, ARTICLE, RenderOptions(format=fmt, paper=paper, cut_marks=True))


def test_a_checklist_holds_three_to_seven_actions(fixture_library: ContentLibrary) -> None:
    opts = RenderOptions(format="checklist", region="lower", invariant=True)
    with pytest.raises(BuildFailedError, match="a checklist holds 3 to 7 actions; back-care-at-work has 2"):
        build_pdf(fixture_library, "back-care-at-work", opts)
    both = build_pdf(fixture_library, "back-care-at-work", RenderOptions(format="checklist", invariant=True))
    assert both.pages == 1


def test_boxes_keep_their_size_and_spacing_in_every_language(library: ContentLibrary) -> None:
    """Long languages on the narrowest paper may turn it sideways, never shrink the boxes."""
    for lang in library.languages(ARTICLE):
        opts = RenderOptions(format="checklist", paper=Paper.HALF_LETTER, lang=lang, invariant=True)
        with pdfplumber.open(io.BytesIO(build_pdf(library, ARTICLE, opts).pdf)) as pdf:
            boxes = _boxes(pdf.pages[0])
        assert len(boxes) == 7 * len(library.load(ARTICLE, lang).remedies), lang
        assert min(b["width"] for b in boxes) >= 7 * MM - 0.01, lang
        columns = sorted({round(b["x0"], 1) for b in boxes})
        rows = sorted({round(b["top"], 1) for b in boxes})
        side = boxes[0]["width"]
        assert min(b - a for a, b in zip(columns, columns[1:], strict=False)) - side - BOX_LINE >= 2 * MM
        assert min(b - a for a, b in zip(rows, rows[1:], strict=False)) - side - BOX_LINE >= 2 * MM, lang
