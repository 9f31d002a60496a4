"""The bilingual edition (`--lang es+en`) and the build's glyph-coverage gate."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from handout.build import BuiltPdf, build_pdf
from handout.errors import BadInputError, ContentError, DoesNotFitError
from handout.library import ContentLibrary
from handout.options import Paper, RenderOptions, parse_lang_option
from handout.quality.pdf_facts import read_document, squash

from .conftest import ARTICLE, FIXTURES


def _build(library: ContentLibrary, **options: Any) -> BuiltPdf:
    return build_pdf(library, ARTICLE, RenderOptions(invariant=True, **options))


def test_lang_option_parses_locale_and_companion() -> None:
    assert parse_lang_option("es-US+en", None) == ("es", "en", "US")
    assert parse_lang_option("zh-Hans", "gb") == ("zh-Hans", None, "GB")
    with pytest.raises(BadInputError, match="two different languages"):
        parse_lang_option("es+es", None)


@pytest.mark.parametrize("lang", ["es", "ru", "zh-Hans"])
def test_bilingual_handout_prints_both_languages(library: ContentLibrary, lang: str) -> None:
    built = _build(library, lang=lang, companion="en", region="lower")
    assert built.filename == f"back-spasms-pregnancy_handout_lower_{lang}+en_a4.pdf"
    facts = read_document(built.pdf)
    assert facts.page_count <= 4  # twice the standard budget: every text is printed twice
    text = squash(facts.text)
    english, translation = library.load(ARTICLE), library.load(ARTICLE, lang)
    for article in (english, translation):
        assert squash(article.remedy("flat-shoes").text) in text
        assert squash(article.region("lower").causes[1].text) in text
    assert squash(english.region("upper").causes[0].text) not in text
    assert facts.lang == lang


@pytest.mark.parametrize("paper", [Paper.A4, Paper.LETTER])
def test_bilingual_checklist_stays_one_page(library: ContentLibrary, paper: Paper) -> None:
    built = _build(library, format="checklist", lang="vi", companion="en", paper=paper)
    facts = read_document(built.pdf)
    assert facts.page_count == 1
    text = squash(facts.text)
    for article in (library.load(ARTICLE), library.load(ARTICLE, "vi")):
        for remedy in article.remedies:
            assert squash(remedy.action) in text


def test_bilingual_refusals_say_why(library: ContentLibrary) -> None:
    with pytest.raises(DoesNotFitError, match="no bilingual edition"):
        _build(library, format="trifold", lang="es", companion="en")
    with pytest.raises(DoesNotFitError, match="needs A4 or Letter"):
        _build(library, format="checklist", lang="es", companion="en", paper=Paper.A5)


def test_bilingual_edition_needs_the_same_items(tmp_path: Path) -> None:
    folder = tmp_path / "back-care-at-work"
    shutil.copytree(FIXTURES / "content" / "back-care-at-work", folder)
    source = (folder / "en.yaml").read_text(encoding="utf-8")
    (folder / "es.yaml").write_text(
        source.replace("lang: en", "lang: es").replace("fixture-shared-remedy", "fixture-renamed"),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        build_pdf(ContentLibrary(tmp_path), "back-care-at-work",
                  RenderOptions(lang="es", companion="en"))
    assert caught.value.lines == [
        f"{folder / 'es.yaml'}: remedies: 'fixture-shared-remedy' is missing (en.yaml has it)",
        f"{folder / 'es.yaml'}: remedies: 'fixture-renamed' is not in en.yaml",
    ]


def test_a_character_no_font_has_stops_the_build() -> None:
    from handout.cli import app

    result = CliRunner().invoke(app, ["build", ARTICLE, "--lang", "hi", "--patient", "สมชาย",
                                      "--out", "/nonexistent-never-written"])
    assert result.exit_code == 2
    assert "--patient: cannot print U+0E2A (ส), U+0E21 (ม)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_content_with_a_missing_glyph_names_file_field_and_code_point(tmp_path: Path) -> None:
    folder = tmp_path / "back-care-at-work"
    shutil.copytree(FIXTURES / "content" / "back-care-at-work", folder)
    path = folder / "en.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Fixture cause for the lower",
                                                            "Fixture \U0001F930 cause for the lower"),
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build_pdf(ContentLibrary(tmp_path), "back-care-at-work", RenderOptions())
    line = caught.value.lines[0]
    assert str(path) in line and "regions.lower.causes[0].text" in line and "U+1F930" in line
