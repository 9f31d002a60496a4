"""Every output small enough to email: PDF size budgets, and the fonts that make them possible.

Sizes only, never time (speed is measured by benchmarks/run.py). The budgets come from the
speed-and-size issue: English handout <= 20 KB without a logo, checklist <= 15 KB, any
language's handout <= 80 KB; fonts stay embedded and subset.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from handout.build import BuiltPdf
from handout.fonts import FAMILIES, fonts_dir
from handout.library import ContentLibrary
from handout.quality.pdf_facts import read_document

ARTICLE = "back-spasms-pregnancy"
KB = 1024
HINTING_TABLES = ("cvt ", "fpgm", "prep")


def _embedded_fonts(pdf: bytes) -> dict[str, bytes]:
    """BaseFont name -> the embedded TrueType program, for every font of the PDF."""
    fonts = read_document(pdf).fonts
    return {name: font.program() if font.file == "FontFile2" else b"" for name, font in fonts.items()}


def test_english_handout_is_at_most_20_kb(build: Callable[..., BuiltPdf]) -> None:
    size = len(build(lang="en").pdf)
    assert size <= 20 * KB, f"English handout is {size / KB:.1f} KB, over 20 KB"


def test_english_checklist_is_at_most_15_kb(build: Callable[..., BuiltPdf]) -> None:
    size = len(build(lang="en", format="checklist").pdf)
    assert size <= 15 * KB, f"English checklist is {size / KB:.1f} KB, over 15 KB"


def test_every_language_handout_is_at_most_80_kb(
    library: ContentLibrary, build: Callable[..., BuiltPdf]
) -> None:
    sizes = {lang: len(build(lang=lang).pdf) for lang in library.languages(ARTICLE)}
    assert len(sizes) >= 4
    over = {lang: f"{size / KB:.1f} KB" for lang, size in sizes.items() if size > 80 * KB}
    assert not over, f"handouts over 80 KB: {over}"


@pytest.mark.parametrize("lang", ["en", "hi", "ar", "zh-Hans", "zh-Hant", "ja", "ko"])
def test_fonts_are_embedded_subset_and_unhinted(
    build: Callable[..., BuiltPdf], lang: str
) -> None:
    fonts = _embedded_fonts(build(lang=lang).pdf)
    assert fonts
    for name, program in fonts.items():
        # A subset's BaseFont carries a six-letter tag: AAAAAA+NotoSans-Regular.
        tag, _, base = name.lstrip("/").partition("+")
        assert len(tag) == 6 and tag.isupper() and base, f"{name} is not a subset"
        assert program, f"{name} is not embedded"
        ttf = TTFont(io.BytesIO(program))
        assert not [t for t in HINTING_TABLES if t in ttf], f"{name} carries hinting"
        assert len(ttf.getGlyphOrder()) <= 257, f"{name} embeds more than one 256-glyph subset"
        name_ids = {record.nameID for record in ttf["name"].names}
        assert 0 in name_ids, f"{name} lost its copyright notice"
        assert 13 not in name_ids, f"{name} embeds the whole licence text"


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_vendored_fonts_are_unhinted_and_keep_their_licence(family: str) -> None:
    for filename in (FAMILIES[family].regular_file, FAMILIES[family].bold_file):
        path: Path = fonts_dir() / filename
        with TTFont(str(path), lazy=True) as font:
            assert not [t for t in HINTING_TABLES if t in font], f"{filename} is hinted"
            records = {r.nameID: r.toUnicode() for r in font["name"].names}
        assert "Copyright" in records[0] or "\u00a9" in records[0]
        assert "Open Font License" in records[13]
        assert "unhinted for print" in records[5], f"{filename} does not say it is modified"
