"""Loading and validating article YAML: placed, gathered errors; the bundled and fixture articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from handout.artfiles import catalogue
from handout.content import load_yaml
from handout.errors import ContentError
from handout.library import ContentLibrary, bundled_content_dir
from handout.model import TranslationStatus
from handout.validate import read_article

from .conftest import ARTICLE, FIXTURES

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "back-spasms-during-pregnancy.txt"
INVALID_CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def _errors_for(case: str) -> list[str]:
    path = FIXTURES / "invalid" / case / "en.yaml"
    with pytest.raises(ContentError) as caught:
        read_article(load_yaml(path), "x", art=catalogue(bundled_content_dir()))
    return caught.value.lines


@pytest.mark.parametrize("case", INVALID_CASES)
def test_invalid_content_reports_every_expected_problem(case: str) -> None:
    lines = _errors_for(case)
    expected = (FIXTURES / "invalid" / case / "expected.txt").read_text().splitlines()
    for fragment in expected:
        assert any(fragment in line for line in lines), f"{fragment!r} not in:\n" + "\n".join(lines)
    for line in lines:
        assert line.startswith(str(FIXTURES / "invalid" / case / "en.yaml"))


def test_missing_sections_are_reported_once_not_per_child() -> None:
    lines = _errors_for("missing-fields")
    assert not any("when_to_talk.title" in line or "document.version" in line for line in lines)


def test_bundled_article_loads_with_both_regions(library: ContentLibrary) -> None:
    article = library.load(ARTICLE)
    assert article.region_ids == ("lower", "upper")
    assert len(article.regions[0].causes) == 3
    assert len(article.regions[1].causes) == 3
    assert len(article.remedies) == 7
    assert {r.pictogram for r in article.remedies} <= set(library.art(ARTICLE).pictograms)
    assert article.translation.status is TranslationStatus.SOURCE
    assert (article.document.next_review - article.document.last_reviewed).days <= 3 * 366


def test_bundled_article_keeps_the_seed_facts(library: ContentLibrary) -> None:
    """Key facts and advice of the seed text are all there, with the same numbers."""
    article = library.load(ARTICLE)
    texts = " ".join(
        [article.main_message, article.intro, article.fact]
        + [c.text for r in article.regions for c in r.causes]
        + [r.text for r in article.remedies]
        + list(article.when_to_talk.items)
    ).lower()
    for fact in ("30%", "{{10-11 kg}}", "gluteal", "hormones", "spine", "high-heeled", "hard board",
                 "pillow under your knees", "bend both knees", "do not cross your legs", "strict diet",
                 "painful or really bother you", "approved"):
        assert fact in texts, fact


@pytest.mark.skipif(not SEED.is_file(), reason="seed text lives in the shared folder beside the repo")
def test_seed_text_is_where_the_content_says() -> None:
    assert "About 30% of women" in SEED.read_text(encoding="utf-8")


def test_second_article_loads_with_no_code_change(fixture_library: ContentLibrary) -> None:
    article = fixture_library.load("back-care-at-work")
    assert [r.id for r in article.remedies_for("lower")] == ["fixture-lower-remedy", "fixture-shared-remedy"]
    assert [r.id for r in article.remedies_for("upper")] == ["fixture-upper-remedy", "fixture-shared-remedy"]
    assert len(article.remedies_for("both")) == 3


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "en.yaml").write_text("title: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(ContentError) as caught:
        ContentLibrary(tmp_path).load("evil")
    assert "en.yaml:1" in caught.value.lines[0]


def test_duplicate_keys_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "en.yaml"
    path.write_text("title: A\ntitle: B\n")
    with pytest.raises(ContentError) as caught:
        load_yaml(path)
    assert caught.value.lines == [f"{path}:2: title: appears twice; keep one"]


def test_line_numbers_point_at_the_value() -> None:
    doc = load_yaml(FIXTURES / "content" / "back-care-at-work" / "en.yaml")
    assert doc.line_of(("remedies", 1, "pictogram")) == 36  # "pictogram: sit-upright"


def test_no_break_spaces_survive_loading(tmp_path: Path) -> None:
    """French puts a no-break space before ':' so the colon never starts a line."""
    source = (FIXTURES / "content" / "back-care-at-work" / "en.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "nbsp"
    folder.mkdir()
    (folder / "en.yaml").write_text(source.replace("Fixture when to talk", "Quand en parler\u00a0?"),
                                    encoding="utf-8")
    article = ContentLibrary(tmp_path).load("nbsp")
    assert article.when_to_talk.title == "Quand en parler\u00a0?"
