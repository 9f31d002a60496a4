"""Text users type (patient, note, clinic) prints in any script, isolated, and never as markup.

Built through the real build and read back from the PDF: embedded fonts (pypdf), and glyphs
with their x-positions (pdfplumber). A line's glyphs sorted left to right are its visual
order; Arabic joining forms fold back to letters with NFKC.
"""

from __future__ import annotations

import io
import shutil
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from typer.testing import CliRunner

from handout.build import BuiltPdf, build_pdf
from handout.errors import ContentError
from handout.library import ContentLibrary
from handout.options import Clinic, RenderOptions
from handout.quality.pdf_facts import read_document
from handout.text.fallback import font_runs
from handout.text.isolation import BIDI_CONTROLS, isolate
from handout.text.levels import paragraph_levels

from .conftest import ARTICLE, FIXTURES

Build = Callable[..., BuiltPdf]
Char = dict[str, Any]  # a glyph as pdfplumber reads it
ARABIC_NAME = "محمد أحمد"
CHINESE_NAME = "王小明"
HINDI_NAME = "क्षत्रिय"
HOSTILE_CLINIC = Clinic(name="Ana & <b>Bo</b>", phone="555-0100", address="12 (North) Road")
RLO = "\u202e"


def lines(pdf: bytes) -> list[list[Char]]:
    """Every drawn glyph, grouped into lines by page and baseline, top to bottom."""
    out: list[list[Char]] = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            by_baseline: dict[int, list[Char]] = defaultdict(list)
            for char in page.chars:
                by_baseline[round(float(char["matrix"][5]))].append(char)
            out += [by_baseline[y] for y in sorted(by_baseline, reverse=True)]
    return out


def x0(char: Char) -> float:
    return float(char["x0"])


def left_to_right(line: list[Char]) -> str:
    return "".join(str(c["text"]) for c in sorted(line, key=x0))


def line_with(pdf: bytes, needle: str) -> list[Char]:
    found = [line for line in lines(pdf) if needle in left_to_right(line)]
    assert found, f"no line shows {needle!r}"
    return found[0]


def in_font(pdf: bytes, family: str) -> list[Char]:
    """The glyphs drawn in `family` (regular or bold), spaces left out."""
    return [c for line in lines(pdf) for c in line
            if f"+{family}-" in str(c["fontname"]) and not str(c["text"]).isspace()]


def right_to_left(chars: list[Char]) -> str:
    """Glyphs read from the right edge: an Arabic word's logical order."""
    text = "".join(str(c["text"]) for c in sorted(chars, key=x0, reverse=True))
    return unicodedata.normalize("NFKC", text)


def assert_no_bidi_control_drawn(pdf: bytes) -> None:
    drawn = {str(c["text"]) for line in lines(pdf) for c in line}
    assert not drawn & BIDI_CONTROLS, [f"U+{ord(c):04X}" for c in drawn & BIDI_CONTROLS]


def fonts(built: BuiltPdf) -> str:
    return " ".join(read_document(built.pdf).fonts)


# -- any script, in any handout -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["handout", "checklist"])
def test_an_arabic_name_on_an_english_handout_is_joined_and_right_to_left(build: Build, fmt: str) -> None:
    built = build(format=fmt, patient=ARABIC_NAME)
    assert "NotoSansArabic" in fonts(built)
    assert_no_bidi_control_drawn(built.pdf)
    name = in_font(built.pdf, "NotoSansArabic")
    assert right_to_left(name) == ARABIC_NAME.replace(" ", "")  # the first word is on the right
    assert len({round(float(c["bottom"])) for c in name}) == 1, "the name is on one line"
    joined = [c for c in name if unicodedata.name(str(c["text"])).endswith(("INITIAL FORM", "MEDIAL FORM",
                                                                           "FINAL FORM"))]
    assert len(joined) == 7, "every letter but the non-joining alef is drawn in its joining form"
    label = line_with(built.pdf, "Name:")
    colon = min(float(c["x1"]) for c in label if str(c["text"]) == ":")
    assert min(float(c["x0"]) for c in name) > colon, "the name sits after its label"


def test_a_chinese_name_on_a_hindi_handout(build: Build) -> None:
    built = build(lang="hi", patient=CHINESE_NAME)
    assert "NotoSansCJKsc" in fonts(built)
    assert_no_bidi_control_drawn(built.pdf)
    assert "".join(str(c["text"]) for c in sorted(in_font(built.pdf, "NotoSansCJKsc"),
                                                    key=x0)) == CHINESE_NAME


def test_an_arabic_name_on_a_chinese_handout(build: Build) -> None:
    built = build(lang="zh-Hans", patient=ARABIC_NAME)
    assert "NotoSansArabic" in fonts(built)
    assert_no_bidi_control_drawn(built.pdf)
    assert right_to_left(in_font(built.pdf, "NotoSansArabic")) == ARABIC_NAME.replace(" ", "")


def test_devanagari_in_an_english_note_is_shaped(build: Build) -> None:
    built = build(patient="Asha Rao", note=f"Ask for {HINDI_NAME} at the desk")
    assert "NotoSansDevanagari" in fonts(built)
    assert_no_bidi_control_drawn(built.pdf)
    glyphs = in_font(built.pdf, "NotoSansDevanagari")
    assert 0 < len(glyphs) < len(HINDI_NAME), "conjuncts are one glyph each once shaped"
    note = sorted(line_with(built.pdf, "Ask for"), key=x0)
    text = "".join(str(c["text"]) for c in note)
    deva = {(c["x0"], c["matrix"]) for c in glyphs}
    where = [i for i, c in enumerate(note) if (c["x0"], c["matrix"]) in deva]
    assert len(where) == len(glyphs), "the name is on the note's line"
    assert text.index("Ask for") < where[0] and where[-1] < text.index("at the desk")


def test_an_arabic_name_on_an_arabic_handout_reads_right_to_left(build: Build) -> None:
    built = build(lang="ar", patient=ARABIC_NAME)
    assert_no_bidi_control_drawn(built.pdf)
    assert any(ARABIC_NAME in right_to_left(line) for line in lines(built.pdf))


# -- isolated from what surrounds it, and data, never markup --------------------------------------


def test_markup_and_brackets_in_a_clinic_name_print_as_typed_in_arabic(build: Build) -> None:
    built = build(lang="ar", clinic=HOSTILE_CLINIC, patient=f"Ali{RLO}evil")
    assert_no_bidi_control_drawn(built.pdf)
    band = left_to_right(line_with(built.pdf, "Bo"))
    assert band.strip() == "Ana & <b>Bo</b>"  # not ">Ana & <b>Bo</b", not bold markup
    footer = left_to_right(line_with(built.pdf, "555-0100"))
    # An Arabic footer reads from the right: the clinic's name first, each item left to right.
    assert footer.index("Road") < footer.index("555-0100") < footer.index("Ana & <b>Bo</b>")
    assert "Alievil" in left_to_right(line_with(built.pdf, "Ali")), "RLO must not reverse the name"


def test_markup_and_controls_in_user_text_print_as_typed_in_english(build: Build) -> None:
    built = build(clinic=Clinic(name="Ana &amp; <b>Bo</b>"), patient=f"Ann{RLO}Lee\u200e",
                  note="<i>rest</i> & drink")
    assert_no_bidi_control_drawn(built.pdf)
    text = "\n".join(left_to_right(line) for line in lines(built.pdf))
    assert "Ana &amp; <b>Bo</b>" in text
    assert "AnnLee" in text
    assert "<i>rest</i> & drink" in text.replace("\u00a0", " ")


def test_isolate_removes_the_users_own_embeddings_and_is_idempotent() -> None:
    typed = f"\u202bAli{RLO}evil\u202c\u2066x\u2069\u200f"
    once = isolate(typed)
    assert once == "\u2068Alievilx\u200f\u2069"
    assert isolate(once) == once
    assert isolate("") == ""


def test_an_isolate_is_one_neutral_to_the_text_around_it() -> None:
    """UAX #9: two Latin items in an Arabic line keep the line's right-to-left order."""
    text = f"{isolate('Ana')} · {isolate('Bo 12')}"
    levels = paragraph_levels(text, rtl=True)
    assert levels[text.index("·")] == 1  # embeddings in place of isolates would give it 2 (LTR)
    assert levels[text.index("A")] == levels[text.index("B")] == 2
    inside = paragraph_levels(f"Name: {isolate(ARABIC_NAME)} 12", rtl=False)
    assert inside[-1] == inside[0] == 0  # the digits after the name stay in the English line


def test_only_user_text_leaves_the_language_chain() -> None:
    assert font_runs(f"Name: {isolate(ARABIC_NAME)}", ("NotoSans",))[-1][0] == "NotoSansArabic"
    assert {family for family, _ in font_runs(f"Name: {ARABIC_NAME}", ("NotoSans",))} == {"NotoSans"}


def test_article_text_keeps_its_language_chain(tmp_path: Path) -> None:
    folder = tmp_path / "back-care-at-work"
    shutil.copytree(FIXTURES / "content" / "back-care-at-work", folder)
    path = folder / "en.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Fixture cause for the lower",
                                                            f"Fixture {ARABIC_NAME} cause for the lower"),
                    encoding="utf-8")
    with pytest.raises(ContentError, match="U\\+0645"):
        build_pdf(ContentLibrary(tmp_path), "back-care-at-work", RenderOptions(patient=ARABIC_NAME))


# -- the command line -----------------------------------------------------------------------------


def test_cli_builds_an_english_handout_for_an_arabic_name(tmp_path: Path) -> None:
    from handout.cli import app

    result = CliRunner().invoke(app, ["build", ARTICLE, "--patient", ARABIC_NAME, "--note", CHINESE_NAME,
                                      "--out", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    (pdf,) = tmp_path.glob("*.pdf")
    assert ARABIC_NAME not in pdf.name


@pytest.mark.parametrize(("option", "value", "field"), [
    ("--patient", "Ana \U0001F600", "--patient"),
    ("--note", "Rest \U0001F930 well", "--note"),
])
def test_cli_refuses_an_emoji_naming_field_and_character(tmp_path: Path, option: str, value: str,
                                                         field: str) -> None:
    from handout.cli import app

    result = CliRunner().invoke(app, ["build", ARTICLE, "--lang", "ar", option, value, "--out", str(tmp_path)])
    assert result.exit_code == 2
    emoji = next(c for c in value if ord(c) > 0xFFFF)
    assert f"{field}: cannot print U+{ord(emoji):X} ({emoji}): no font for it; remove it" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir()), "nothing is written"


def test_check_takes_the_clinic_text_as_the_build_does(library: ContentLibrary) -> None:
    from handout.quality import Status
    from handout.quality.content_gates import glyph_gate

    article = library.load(ARTICLE)
    assert {r.status for r in glyph_gate(article, {}, Clinic(name=ARABIC_NAME, address=CHINESE_NAME))} == {
        Status.PASS}
    (problem,) = glyph_gate(article, {}, Clinic(name="Ana", phone="555 \U0001F4DE"))
    assert problem.status is Status.FAIL
    assert problem.detail == "clinic phone: cannot print U+1F4DE (\U0001F4DE): no font for it; remove it"
