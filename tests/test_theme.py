"""The style table: named sizes and spaces, overlays applied when the kit is built."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handout.formats import FORMAT_NAMES
from handout.library import ContentLibrary
from handout.options import Paper, RenderOptions
from handout.story import Kit
from handout.theme import MM, TEXT_STYLES, theme_for

HANDOUT = Path(__file__).resolve().parent.parent / "handout"
ARTICLE = "back-spasms-pregnancy"


def _names_asked_for() -> set[str]:
    """Every length the code asks the theme for, `space("x")` and `space(f"x{step}")` alike."""
    names: set[str] = set()
    for path in HANDOUT.rglob("*.py"):
        for name in re.findall(r'space\(f?"([a-z.{}]+)"\)', path.read_text("utf-8")):
            names |= {name.replace("{step}", ""), name.replace("{step}", ".compact")} if "{" in name else {name}
    return names


def test_every_length_the_code_asks_for_is_in_the_table() -> None:
    themes = [theme_for(large_print=large, fmt=fmt, small_paper=small)
              for fmt in FORMAT_NAMES for large in (False, True) for small in (False, True)]
    asked = _names_asked_for()
    assert len(asked) > 30  # the search above finds them
    missing = sorted(name for name in asked if not any(name in dict(t.lengths) for t in themes))
    assert missing == []


def test_the_format_and_paper_overlays_apply_when_the_kit_is_built(library: ContentLibrary) -> None:
    article = library.load(ARTICLE, "es")
    a4 = Kit(article, RenderOptions(lang="es", format="checklist", companion="en"),
             companion_article=library.load(ARTICLE))
    a5 = Kit(article, RenderOptions(lang="es", format="checklist", paper=Paper.A5))
    handout = Kit(article, RenderOptions(lang="es"))
    assert (a4.theme.body, a5.theme.body, handout.theme.body) == (16.0, 14.0, 12.5)
    assert (a4.theme.margin, a5.theme.margin) == (14 * MM, 11 * MM)
    assert a4.theme.space("grid.box") == 10 * MM and a5.theme.space("grid.box") == 8 * MM
    assert a4.companion is not None and a4.companion.theme == a4.theme  # both languages, one overlay
    trifold = Kit(article, RenderOptions(lang="es", format="trifold"))
    assert trifold.theme.space("list.item") == pytest.approx(0.4 * trifold.theme.body)
    assert handout.theme.space("list.item") == pytest.approx(0.45 * handout.theme.body)


def test_one_kind_of_document_shares_one_typesetter(library: ContentLibrary) -> None:
    article = library.load(ARTICLE)
    opts = RenderOptions(format="checklist", patient="Ana")
    first, second = Kit(article, opts), Kit(article, RenderOptions(format="checklist", patient="Bo"))
    assert first.ts is second.ts
    assert first.ts.style("body") is second.ts.style("body")


def test_large_print_keeps_every_text_style_at_18_pt_or_more() -> None:
    for fmt in FORMAT_NAMES:
        for density in range(3):
            theme = theme_for(large_print=True, density=density, fmt=fmt)
            sizes = {name: theme.size_of(style) for name, style in TEXT_STYLES.items()}
            assert min(sizes.values()) >= 18.0, (fmt, density, sizes)


def test_relative_lengths_follow_the_density() -> None:
    roomy, dense = theme_for(large_print=False), theme_for(large_print=False, density=2)
    assert dense.space("heading.after") == dense.gap * 0.5 < roomy.space("heading.after")
    assert dense.space("notes.line") == 26.0  # never closer than a line to write on
