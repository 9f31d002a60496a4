"""Every bundled language builds in every format, with its own fonts embedded and subset, and
the UI catalogues agree key for key."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from handout.build import build_pdf
from handout.formats import get_format
from handout.i18n import LANGUAGES, LOCALES_DIR
from handout.library import ContentLibrary
from handout.options import RenderOptions
from handout.quality.pdf_facts import read_document, squash

from .conftest import ARTICLE

BUNDLED = ContentLibrary().languages(ARTICLE)
EXTRACTABLE = {"en", "es", "fr", "pt", "vi", "tl", "pl", "ru", "zh-Hans",  # shaped scripts copy out garbled
               "ko", "ja", "zh-Hant", "uk", "ht", "so", "sw"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_at_least_eleven_languages_are_bundled_and_known() -> None:
    assert len(BUNDLED) >= 11
    assert set(BUNDLED) <= set(LANGUAGES)


def test_every_catalogue_has_the_english_keys_and_placeholders() -> None:
    import yaml

    english = yaml.safe_load((LOCALES_DIR / "en.yaml").read_text(encoding="utf-8"))
    for path in sorted(Path(LOCALES_DIR).glob("*.yaml")):
        catalogue = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(catalogue) == list(english), path.name
        for key, text in english.items():
            assert _fields(catalogue[key]) == _fields(text), f"{path.name}: {key}"


@pytest.mark.parametrize("lang", BUNDLED)
@pytest.mark.parametrize("fmt", ["handout", "checklist", "trifold"])
def test_every_language_builds_every_format(library: ContentLibrary, lang: str, fmt: str) -> None:
    opts = RenderOptions(format=fmt, lang=lang, invariant=True)
    built = build_pdf(library, ARTICLE, opts)
    facts = read_document(built.pdf)
    assert 1 <= facts.page_count <= get_format(fmt).page_budget(opts)
    assert facts.lang == lang
    for name, font in facts.fonts.items():
        assert font.embedded and re.match(r"^[A-Z]{6}\+", name), f"{name} is not an embedded subset"
    if lang in EXTRACTABLE:
        title = library.load(ARTICLE, lang).title
        assert squash(title) in squash(facts.text)


@pytest.mark.parametrize(("lang", "face"), [("ar", "NotoSansArabic-"), ("hi", "NotoSansDevanagari-"),
                                            ("zh-Hans", "NotoSansCJKsc-"), ("ko", "NotoSansCJKkr-"),
                                            ("ja", "NotoSansCJKjp-"), ("zh-Hant", "NotoSansCJKtc-")])
def test_each_script_brings_its_own_font(library: ContentLibrary, lang: str, face: str) -> None:
    facts = read_document(build_pdf(library, ARTICLE, RenderOptions(lang=lang, invariant=True)).pdf)
    assert any(name.split("+", 1)[1].startswith(face) for name in facts.fonts), facts.fonts
