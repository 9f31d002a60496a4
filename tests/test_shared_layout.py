"""What one document lays out is shared with the next (parsed paragraphs, line breaks, styles,
illustrations), and sharing never changes a byte: a document built after others is the
document built in a fresh process."""

from __future__ import annotations

from dataclasses import replace

import pytest
from reportlab.lib.styles import ParagraphStyle

from handout import artcache, paragraphs
from handout.build import build_pdf
from handout.library import ContentLibrary
from handout.options import Paper, RenderOptions
from handout.quality.pdf_facts import read_document
from handout.text.bidi import clear_shaped
from handout.typeset import typesetter

ARTICLE = "back-spasms-pregnancy"


def _forget_everything() -> None:
    paragraphs.clear()
    clear_shaped()
    typesetter.cache_clear()
    artcache._operators.cache_clear()  # noqa: SLF001 - the process-wide art cache


def _fresh(library: ContentLibrary, opts: RenderOptions) -> bytes:
    _forget_everything()
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
    _forget_everything()
    assert [build_pdf(library, ARTICLE, o).pdf for o in sequence] == fresh


def test_personalised_copies_differ_only_where_the_patient_is_named(library: ContentLibrary) -> None:
    _forget_everything()
    first = read_document(build_pdf(library, ARTICLE, RenderOptions(invariant=True, patient="Ana Lima")).pdf).text
    second = read_document(build_pdf(library, ARTICLE, RenderOptions(invariant=True, patient="Bo Chen")).pdf).text
    assert "Ana Lima" in first and "Ana Lima" not in second and "Bo Chen" in second
    assert first.replace("Ana Lima", "Bo Chen") == second


def test_the_paragraph_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch adds one paragraph per patient name: the cache forgets the oldest."""
    monkeypatch.setattr(paragraphs._PARSED, "size", 50)  # noqa: SLF001
    paragraphs.clear()
    style = ParagraphStyle("test")
    made = [paragraphs.SharedParagraph(f"Patient {i}", style) for i in range(120)]
    assert len(paragraphs._PARSED) == 50  # noqa: SLF001
    assert made[-1].wrap(200, 100) == paragraphs.SharedParagraph("Patient 119", style).wrap(200, 100)
    paragraphs.clear()


def test_markup_in_a_shared_paragraph_is_still_parsed_per_text() -> None:
    """Two texts never share a parse, even when one is the escaped form of the other."""
    style = ParagraphStyle("test")
    plain = paragraphs.SharedParagraph("Ana &amp; &lt;b&gt;Bo&lt;/b&gt;", style)
    bold = paragraphs.SharedParagraph("Ana & <b>Bo</b>".replace("&", "&amp;", 1), style)
    assert "".join(f.text for f in plain.frags) == "Ana & <b>Bo</b>"
    assert "".join(f.text for f in bold.frags) == "Ana & Bo"
