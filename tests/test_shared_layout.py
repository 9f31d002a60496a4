"""What one document lays out is shared with the next (parsed paragraphs, line breaks, styles,
illustrations), and sharing never changes a byte: a document built after others is the
document built in a fresh process."""

from __future__ import annotations

from dataclasses import replace

import pytest
from reportlab.lib.styles import ParagraphStyle

from handout import caches, paragraphs
from handout.build import build_pdf
from handout.library import ContentLibrary
from handout.options import Paper, RenderOptions
from handout.quality.pdf_facts import read_document

ARTICLE = "back-spasms-pregnancy"


def _fresh(library: ContentLibrary, opts: RenderOptions) -> bytes:
    caches.clear_all()
    return build_pdf(library, ARTICLE, opts).pdf


@pytest.mark.parametrize(("lang", "fmt", "large_print"), [
    ("en", "handout", False), ("en", "handout", True), ("en", "checklist", False),
    ("en", "trifold", False), ("hi", "handout", False), ("zh-Hans", "handout", False),
    ("ar", "checklist", False), ("ar", "handout", False), ("ar", "handout", True),
])
def test_a_document_after_others_is_byte_identical_to_a_fresh_one(
    library: ContentLibrary, lang: str, fmt: str, large_print: bool
) -> None:
    opts = RenderOptions(invariant=True, lang=lang, format=fmt, large_print=large_print,
                         patient="Ana Lima", note="Walk every morning. " * 6)
    # Another patient and a long note (other line breaks, the notes box split differently),
    # another paper (other widths), then the first one again.
    sequence = [opts, replace(opts, patient="Bo", note="Rest. " * 60), replace(opts, paper=Paper.LETTER), opts]
    fresh = [_fresh(library, o) for o in sequence]
    caches.clear_all()
    assert [build_pdf(library, ARTICLE, o).pdf for o in sequence] == fresh


@pytest.mark.usefixtures("fresh_caches")
def test_personalised_copies_differ_only_where_the_patient_is_named(library: ContentLibrary) -> None:
    first = read_document(build_pdf(library, ARTICLE, RenderOptions(invariant=True, patient="Ana Lima")).pdf).text
    second = read_document(build_pdf(library, ARTICLE, RenderOptions(invariant=True, patient="Bo Chen")).pdf).text
    assert "Ana Lima" in first and "Ana Lima" not in second and "Bo Chen" in second
    assert first.replace("Ana Lima", "Bo Chen") == second


@pytest.mark.usefixtures("fresh_caches")
def test_the_paragraph_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch adds one paragraph per patient name: the cache forgets the oldest."""
    monkeypatch.setattr(paragraphs._PARSED, "size", 50)  # noqa: SLF001
    style = ParagraphStyle("test")
    made = [paragraphs.SharedParagraph(f"Patient {i}", style) for i in range(120)]
    assert len(paragraphs._PARSED) == 50  # noqa: SLF001
    assert made[-1].wrap(200, 100) == paragraphs.SharedParagraph("Patient 119", style).wrap(200, 100)


def test_markup_in_a_shared_paragraph_is_still_parsed_per_text() -> None:
    """Two texts never share a parse, even when one is the escaped form of the other."""
    style = ParagraphStyle("test")
    plain = paragraphs.SharedParagraph("Ana &amp; &lt;b&gt;Bo&lt;/b&gt;", style)
    bold = paragraphs.SharedParagraph("Ana & <b>Bo</b>".replace("&", "&amp;", 1), style)
    assert "".join(f.text for f in plain.frags) == "Ana & <b>Bo</b>"
    assert "".join(f.text for f in bold.frags) == "Ana & Bo"


@pytest.mark.usefixtures("fresh_caches")
@pytest.mark.parametrize(("fmt", "lang", "companion"), [
    ("checklist", "en", None), ("checklist", "es", "en"), ("checklist", "ar", None), ("trifold", "en", None),
])
def test_building_the_same_document_again_adds_nothing_to_the_memos(
    library: ContentLibrary, fmt: str, lang: str, companion: str | None
) -> None:
    """A format's overlay (the checklist's big rows, the tri-fold's notes lines) goes through the
    cached typesetter, so a second identical build reuses every paragraph the first one made."""
    opts = RenderOptions(invariant=True, format=fmt, lang=lang, companion=companion)
    memos = ("handout.paragraphs._PARSED", "handout.text.bidi._SHAPED", "handout.typeset.typesetter")
    build_pdf(library, ARTICLE, opts)
    first = {name: caches.sizes()[name] for name in memos}
    build_pdf(library, ARTICLE, opts)
    assert {name: caches.sizes()[name] for name in memos} == first
