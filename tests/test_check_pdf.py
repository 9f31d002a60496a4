"""Output gates of `handout check`, on small PDFs drawn here with the ReportLab canvas.

Each PDF is a clean one-page A4 sheet (12 pt body, a 9 pt footer below it, 20 mm margins,
embedded Noto Sans, title and language set) with exactly one thing wrong, so each trips one
gate only.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from handout.fonts import register_family
from handout.options import MM
from handout.quality import Result, Status
from handout.quality.pdf_facts import to_rgb
from handout.quality.pdf_gates import Expect, check_pdf

WIDTH, HEIGHT = A4
STANDARD = Expect(page_budget=1, paper=A4, large_print=False, lang="en")
LARGE = Expect(page_budget=1, paper=A4, large_print=True, lang="en")
Draw = Callable[[Canvas], None]


def sheet(
    *extra: Draw,
    body: float = 12,
    footer: float = 9,
    font: str = "NotoSans",
    title: str = "Test",
    lang: str | None = "en",
    pages: int = 1,
    size: tuple[float, float] = A4,
) -> bytes:
    """A clean sheet, then `extra` drawings on it."""
    register_family("NotoSans")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=1, lang=lang)
    canvas.setTitle(title)
    canvas.setAuthor("handout tests")
    canvas.setSubject("a test sheet")
    canvas.setViewerPreference("DisplayDocTitle", "true")
    for _ in range(pages):
        canvas.setFillColorRGB(0.1, 0.1, 0.1)
        canvas.setFont(font, body)
        for line in range(5):
            canvas.drawString(
                20 * MM, size[1] - 30 * MM - line * body * 1.3, "Plain body text for a reader."
            )
        canvas.setFont(font, footer)
        canvas.drawString(20 * MM, 15 * MM, "Footer: version 1.0")
        for draw in extra:
            draw(canvas)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def flagged(results: list[Result]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for r in results:
        if r.status is not Status.PASS:
            found.setdefault(r.gate, set()).add(r.status.value)
    return found


def details(results: list[Result], gate: str) -> list[str]:
    return [r.detail for r in results if r.gate == gate and r.status is not Status.PASS]


def text_at(x: float, y: float, text: str, size: float = 12, colour: str = "#1B1B1B") -> Draw:
    def draw(canvas: Canvas) -> None:
        canvas.setFillColor(colour)
        canvas.setFont("NotoSans", size)
        canvas.drawString(x, y, text)

    return draw


def filled_rect(x: float, y: float, w: float, h: float, colour: str) -> Draw:
    def draw(canvas: Canvas) -> None:
        canvas.setFillColor(colour)
        canvas.rect(x, y, w, h, stroke=0, fill=1)

    return draw


def test_a_clean_sheet_passes_every_output_gate() -> None:
    results = check_pdf(sheet(), STANDARD)
    assert flagged(results) == {}
    assert {r.gate for r in results} == {
        "pages",
        "text-size",
        "contrast",
        "margins",
        "fonts",
        "metadata",
    }


def test_a_text_run_under_9_pt_fails_text_size_only() -> None:
    results = check_pdf(sheet(text_at(20 * MM, 60 * MM, "tiny print", size=7)), STANDARD)
    assert flagged(results) == {"text-size": {"fail"}}
    assert details(results, "text-size") == [
        "page 1: 9 characters at 7 pt, under 9 pt, e.g. 'tiny print'"
    ]


def test_body_text_under_12_pt_fails_text_size_only() -> None:
    results = check_pdf(sheet(body=10.5), STANDARD)
    assert flagged(results) == {"text-size": {"fail"}}
    assert details(results, "text-size")[0].startswith("page 1: no text of 12 pt or more")


def test_fine_print_is_allowed_only_in_footers_and_captions() -> None:
    caption = text_at(20 * MM, 200 * MM, "Shaded: lower back", size=9.5)  # short: a caption
    assert flagged(check_pdf(sheet(caption), STANDARD)) == {}
    wide = "This notice is set in small print across the whole width of the page."
    notice = text_at(20 * MM, 250 * MM, wide, size=9.5)  # 12 pt body text follows below it
    results = check_pdf(sheet(notice), STANDARD)
    assert flagged(results) == {"text-size": {"fail"}}
    assert details(results, "text-size") == [
        "page 1: 1 line(s) at 9.5 pt that are neither footer nor caption (body text needs 12 pt), "
        "e.g. 'This notice is set in small pr…'"
    ]
    below_the_body = text_at(20 * MM, 25 * MM, wide, size=9.5)  # a second footer line
    assert flagged(check_pdf(sheet(below_the_body), STANDARD)) == {}
    figure = circle(60 * MM, 265 * MM, 8 * MM)  # a drawing just above the wide line: its caption
    assert flagged(check_pdf(sheet(figure, notice), STANDARD)) == {}


def circle(x: float, y: float, r: float) -> Draw:
    def draw(canvas: Canvas) -> None:
        canvas.setFillColor("#8A8A8A")
        canvas.circle(x, y, r, stroke=0, fill=1)

    return draw


def test_large_print_needs_every_character_at_18_pt() -> None:
    assert flagged(check_pdf(sheet(body=18, footer=18), LARGE)) == {}
    results = check_pdf(sheet(body=18, footer=12), LARGE)
    assert flagged(results) == {"text-size": {"fail"}}
    assert "under 18 pt (large print)" in details(results, "text-size")[0]


@pytest.mark.parametrize(
    ("draw", "message"),
    [
        (text_at(5 * MM, 150 * MM, "Too close"), "page 1: text 'T' (in 'Too close') is 5."),
        (text_at(WIDTH - 12 * MM, 150 * MM, "Off the page"), "runs "),
        (
            filled_rect(20 * MM, HEIGHT - 8 * MM, 40 * MM, 4 * MM, "#00695C"),
            "page 1: a rect at 57,11 pt is 4.0 mm from the top edge",
        ),
    ],
    ids=["text-left", "text-off-right", "band-top"],
)
def test_content_near_the_edge_fails_margins_only(draw: Draw, message: str) -> None:
    results = check_pdf(sheet(draw), STANDARD)
    assert flagged(results) == {"margins": {"fail"}}
    assert any(message in d for d in details(results, "margins")), details(results, "margins")


def test_a_white_fill_has_no_ink_and_does_not_count_for_margins() -> None:
    results = check_pdf(sheet(filled_rect(0, 0, WIDTH, HEIGHT, "#FFFFFF")), STANDARD)
    assert flagged(results) == {}


def test_light_text_on_white_fails_contrast_only() -> None:
    results = check_pdf(sheet(text_at(20 * MM, 120 * MM, "Pale words", colour="#AAAAAA")), STANDARD)
    assert flagged(results) == {"contrast": {"fail"}}
    assert details(results, "contrast") == [
        "page 1: text #AAAAAA on #FFFFFF is 2.32:1 (at least 4.5:1), e.g. 'Pale words'"
    ]


def test_contrast_is_measured_against_the_topmost_fill_under_each_character() -> None:
    dark_band = filled_rect(20 * MM, 100 * MM, 120 * MM, 20 * MM, "#00695C")
    white_on_dark = text_at(25 * MM, 108 * MM, "White on teal", colour="#FFFFFF")
    assert flagged(check_pdf(sheet(dark_band, white_on_dark), STANDARD)) == {}
    light_patch = filled_rect(
        22 * MM, 104 * MM, 100 * MM, 12 * MM, "#E0EDEB"
    )  # drawn over the band
    results = check_pdf(sheet(dark_band, light_patch, white_on_dark), STANDARD)
    assert flagged(results) == {"contrast": {"fail"}}
    assert "text #FFFFFF on #E0EDEB" in details(results, "contrast")[0]
    # A fill drawn after the text is not behind it.
    assert flagged(check_pdf(sheet(white_on_dark, dark_band), STANDARD)) == {"contrast": {"fail"}}


def test_an_unembedded_font_fails_fonts_only() -> None:
    results = check_pdf(sheet(font="Helvetica"), STANDARD)
    assert flagged(results) == {"fonts": {"fail"}}
    assert details(results, "fonts") == [
        "font Helvetica is not embedded; it prints with whatever the printer has"
    ]


def test_missing_title_and_language_fail_metadata_only() -> None:
    results = check_pdf(sheet(title="", lang=None), STANDARD)
    assert flagged(results) == {"metadata": {"fail"}}
    assert len(details(results, "metadata")) == 2
    wrong = check_pdf(sheet(lang="fr"), STANDARD)
    assert details(wrong, "metadata") == ["/Lang is 'fr', but the text is 'en'"]


def test_pages_over_budget_or_on_the_wrong_paper_fail_pages_only() -> None:
    results = check_pdf(sheet(pages=2), STANDARD)
    assert flagged(results) == {"pages": {"fail"}}
    assert details(results, "pages") == ["2 pages, over the budget of 1"]
    letter = check_pdf(sheet(size=(612, 792)), STANDARD)
    assert flagged(letter) == {"pages": {"fail"}}
    landscape = check_pdf(sheet(size=(HEIGHT, WIDTH)), STANDARD)
    assert flagged(landscape) == {}


def test_pdf_colours_become_rgb() -> None:
    def hex_of(value: object) -> str | None:
        rgb = to_rgb(value)
        return rgb.hex if rgb is not None else None

    assert hex_of((0.5,)) == "#808080"
    assert hex_of((1, 0, 0)) == "#FF0000"
    assert hex_of((0, 0, 0, 1)) == "#000000"
    assert hex_of(None) == "#000000"  # nothing set: the PDF default, black
    assert to_rgb(("P1",)) is None  # a pattern: not a colour we can measure


def test_an_unreadable_pdf_fails_instead_of_crashing() -> None:
    results = check_pdf(b"%PDF-1.4 not really", STANDARD)
    assert [r.status for r in results] == [Status.FAIL]
