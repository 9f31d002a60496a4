"""Every layout fits a real clinic: the bundled worst-case profile (every field at its limit, a
logo) builds in the tightest languages, papers and editions, every gate passing; what a footer
condenses is printed once; the checklist prints the note; what cannot fit says so plainly.

The whole rack with the worst case is built by `handout check` (CI); here a cross-section.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from typer.testing import CliRunner

from handout.build import build_pdf
from handout.cli import app
from handout.clinic import WORST_CASE_PROFILE, load_clinic, worst_case_clinic
from handout.errors import ContentError, DoesNotFitError
from handout.i18n import labels
from handout.library import ContentLibrary
from handout.limits import CLINIC_LIMITS, MAX_ADDRESS_LINES
from handout.options import Clinic, Paper, RenderOptions
from handout.quality import Status
from handout.quality.pdf_facts import read_document, squash
from handout.quality.runner import WORST_CASE, check_output

from .conftest import ARTICLE

# The tightest outputs: the longest languages on the narrowest papers and in large print,
# right to left, and the scripts that shape or wrap differently. (`handout check` builds all.)
TIGHTEST = [
    ("handout", Paper.LETTER, False), ("handout", Paper.LETTER, True), ("handout", Paper.A4, True),
    ("checklist", Paper.HALF_LETTER, False), ("checklist", Paper.A5, False), ("trifold", Paper.LETTER, False),
]
LONG_LANGUAGES = ["tl", "pt", "vi", "ru", "es"]
OTHER_SCRIPTS = ["ar", "hi", "zh-Hans"]


@cache
def worst() -> Clinic:
    return worst_case_clinic()


def _opts(fmt: str, paper: Paper, large: bool, lang: str, **more: Any) -> RenderOptions:
    return replace(RenderOptions(format=fmt, paper=paper, large_print=large, lang=lang, region="both",
                                 clinic=worst(), invariant=True), **more)


def test_the_worst_case_profile_is_at_every_limit_the_loader_allows() -> None:
    """If a limit grows, the profile must grow with it: what the loader accepts must fit."""
    clinic = worst()
    for key, limit in CLINIC_LIMITS.items():
        assert len(getattr(clinic, key)) == limit, key
    assert len(clinic.address_lines) == MAX_ADDRESS_LINES
    assert clinic.logo is not None and clinic.logo.stat().st_size < 10_000  # small in the repo
    assert WORST_CASE_PROFILE.parent.name == "profiles"  # shipped inside the package


# Long languages in every tight output; other scripts on the standard edition's tightest papers.
CROSS_SECTION = [(*output, lang) for output in TIGHTEST for lang in LONG_LANGUAGES] + [
    (*output, lang) for output in TIGHTEST if not output[2] and output[1] is not Paper.A5 for lang in OTHER_SCRIPTS]


@pytest.mark.parametrize(("fmt", "paper", "large", "lang"), CROSS_SECTION)
def test_the_worst_case_clinic_fits_the_tightest_outputs(library: ContentLibrary, fmt: str, paper: Paper,
                                                         large: bool, lang: str) -> None:
    """Built and read back, every output gate passes: pages, text sizes, contrast, margins, fonts."""
    results = check_output(library, ARTICLE, _opts(fmt, paper, large, lang), WORST_CASE)
    assert [f"{r.gate}: {r.detail}" for r in results if r.status is Status.FAIL] == []


@pytest.mark.parametrize(("fmt", "paper", "large", "lang"), [
    ("handout", Paper.LETTER, False, "tl"), ("handout", Paper.LETTER, True, "vi"),
    ("handout", Paper.A4, False, "ar"), ("checklist", Paper.HALF_LETTER, False, "pt"),
    ("trifold", Paper.LETTER, False, "en"),
])
def test_every_field_of_the_profile_is_printed(library: ContentLibrary, fmt: str, paper: Paper, large: bool,
                                               lang: str) -> None:
    """Name and phone always; a handout or tri-fold prints the whole contact, address and
    website included (the handout once, under its notes, when its footers are condensed)."""
    pdf = build_pdf(library, ARTICLE, _opts(fmt, paper, large, lang)).pdf
    text = squash(unicodedata.normalize("NFKC", read_document(pdf).text))  # a shaped "fi" is one glyph
    clinic = worst()
    printed = [clinic.name, clinic.phone]
    if fmt != "checklist":
        printed += [*clinic.address_lines, clinic.website]
    for part in printed:  # word by word: a right-to-left page's text comes back in visual order
        assert all(squash(word) in text for word in part.split()), part
    if fmt != "checklist" and lang != "ar":
        assert squash(clinic.website) in text  # broken across lines only where a web address may be


@pytest.mark.parametrize(("lang", "large", "phone_in_footers", "control_in_footers"), [
    ("en", True, True, True),  # condensed: the contact cut to name and phone, run in with the control
    ("tl", False, True, True),  # Tagalog on Letter: the same first step (the ink-spaced density fits it)
    ("tl", True, False, False),  # the last resort: page numbers alone
])
def test_a_condensed_footer_prints_the_rest_once(library: ContentLibrary, lang: str, large: bool,
                                                 phone_in_footers: bool, control_in_footers: bool) -> None:
    """What a condensed footer leaves out is printed once, under the notes on the last page."""
    built = build_pdf(library, ARTICLE, _opts("handout", Paper.LETTER, large, lang))
    pages = [squash(page.extract_text()) for page in read_document(built.pdf).reader.pages]
    clinic = worst()
    once = [0] * (len(pages) - 1) + [1]
    address = [page.count(squash(clinic.address_lines[0])) for page in pages]
    assert address == once
    phone = [page.count(squash(clinic.phone)) for page in pages]
    assert phone == ([1] * (len(pages) - 1) + [2] if phone_in_footers else once)
    version = [page.count(squash(labels(lang)("version", version="1.0"))) for page in pages]
    assert version == ([1] * len(pages) if control_in_footers else once)


def test_a_short_profile_keeps_its_full_footer(library: ContentLibrary) -> None:
    """Condensing is for contacts that would crowd the page: a one-line contact stays as it was."""
    clinic = Clinic(name="Riverside Midwives", phone="555-0100", address="12 River Road\nSpringfield",
                    website="riverside.example")
    built = build_pdf(library, ARTICLE, RenderOptions(clinic=clinic, invariant=True))
    for page in read_document(built.pdf).reader.pages:
        assert "Riverside Midwives · 555-0100 · 12 River Road, Springfield · riverside.example" in " ".join(
            page.extract_text().replace("\u00a0", " ").split())


@pytest.mark.parametrize(("paper", "lang", "clinic"), [
    (Paper.A4, "en", False), (Paper.A5, "en", False), (Paper.HALF_LETTER, "ar", False),
    (Paper.A4, "tl", True), (Paper.A5, "pt", True),
])
def test_the_checklist_prints_the_note_under_its_title(library: ContentLibrary, paper: Paper, lang: str,
                                                       clinic: bool) -> None:
    note = "Walk 20 minutes a day & rest <b>often</b>"
    opts = RenderOptions(format="checklist", paper=paper, lang=lang, note=note, invariant=True,
                         clinic=worst() if clinic else Clinic())
    built = build_pdf(library, ARTICLE, opts)
    assert built.pages == 1
    with pdfplumber.open(io.BytesIO(built.pdf)) as pdf:
        lines = [line["text"] for line in pdf.pages[0].extract_text_lines()]
    # The line right under the title starts the note; what follows it is the name line.
    assert "Walk" in lines[1], lines[:3]
    assert "<b>often</b>" in " ".join(lines)  # as typed: data, not markup
    if lang != "ar":  # (right-to-left lines come back in visual order)
        assert squash(library.load(ARTICLE, lang).title) in squash(lines[0])
        name_at = next(i for i, line in enumerate(lines) if squash(labels(lang)("patient_name")) in squash(line))
        assert name_at > 1


def test_a_paper_with_no_room_for_the_note_says_so_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [
        "build", ARTICLE, "--format", "checklist", "--paper", "half-letter", "--lang", "sw",
        "--clinic", str(WORST_CASE_PROFILE), "--note", "Caminhe 20 minutos por dia e descanse bem à tarde",
        "--out", str(tmp_path)])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.endswith("the Swahili half-letter checklist has no room for a note; "
                         "print it on Letter or A5 instead"), line
    assert not list(tmp_path.iterdir())


def _wordy(tmp_path: Path, library: ContentLibrary) -> ContentLibrary:
    """The bundled article with every action three times as long: too long for half-letter."""
    import yaml

    folder = tmp_path / "content" / ARTICLE
    folder.mkdir(parents=True)
    data = yaml.safe_load((library.root / ARTICLE / "en.yaml").read_text("utf-8"))
    for remedy in data["remedies"]:
        remedy["action"] = " ".join([remedy["action"]] * 3)
    (folder / "en.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return ContentLibrary(tmp_path / "content")


def test_what_cannot_fit_is_refused_in_plain_words_with_one_action(tmp_path: Path, library: ContentLibrary) -> None:
    wordy = _wordy(tmp_path, library)
    opts = RenderOptions(format="checklist", paper=Paper.HALF_LETTER)
    with pytest.raises(DoesNotFitError) as failure:
        build_pdf(wordy, ARTICLE, opts)
    message = failure.value.message
    paper = r"(Letter|A5|A4)"
    assert re.fullmatch(rf"{ARTICLE}_checklist_both_en_half-letter\.pdf: the English half-letter checklist "
                        rf"cannot hold 7 rows; print it on {paper}( or {paper})? instead", message), message
    assert "mm" not in message
    # The measurements are kept for --debug and the check's JSON.
    assert re.search(r"7 action rows need \d+ mm", failure.value.detail)
    suggested = re.findall(r"Letter|A5|A4", message.split(";")[1])
    for name in suggested:
        paper = {"Letter": Paper.LETTER, "A5": Paper.A5, "A4": Paper.A4}[name]
        assert build_pdf(wordy, ARTICLE, replace(opts, paper=paper)).pages == 1  # the advice holds


def test_debug_shows_the_measurements_under_the_one_line(tmp_path: Path, library: ContentLibrary) -> None:
    wordy = _wordy(tmp_path, library)
    args = ["build", ARTICLE, "--format", "checklist", "--paper", "half-letter", "--content", str(wordy.root),
            "--out", str(tmp_path / "out")]
    plain = CliRunner().invoke(app, args)
    assert plain.exit_code == 1 and len(plain.stderr.strip().splitlines()) == 1
    debug = CliRunner().invoke(app, ["--debug", *args])
    assert debug.exit_code == 1
    assert re.search(r"measured: .*7 action rows need \d+ mm", debug.stderr)


def test_the_profile_keeps_its_address_lines_up_to_the_limit(tmp_path: Path) -> None:
    profile = tmp_path / "clinic.yaml"
    profile.write_text("name: Riverside\naddress: |\n  12 River Road,\n  Springfield   OR\n", "utf-8")
    clinic = load_clinic(profile)
    assert clinic.address_lines == ("12 River Road", "Springfield OR")
    assert clinic.address_line == "12 River Road, Springfield OR"
    profile.write_text("name: Riverside\naddress: |\n  a\n  b\n  c\n  d\n", "utf-8")
    with pytest.raises(ContentError, match=r"clinic\.yaml:2: address: 4 lines, at most 3; join some with commas"):
        load_clinic(profile)


def test_a_web_address_breaks_where_a_reader_expects(library: ContentLibrary) -> None:
    from handout.blocks import web_address
    from handout.story import Kit

    kit = Kit(library.load(ARTICLE), RenderOptions(clinic=worst()))
    width = 60 * 72 / 25.4
    lines = [line.getPlainText() for line in web_address(kit, kit.opts.clinic.website, width)]
    assert "".join(lines).replace("\u2068", "").replace("\u2069", "") == worst().website
    assert len(lines) > 1
    for line in lines:
        clean = line.strip("\u2068\u2069")
        assert kit.ts.width_of(clean) <= width
        assert clean.startswith(("https://", ".", "/", "-"))
