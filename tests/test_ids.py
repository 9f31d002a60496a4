"""Ids from users are plain identifiers: no `--lang ../../x/en` reads or writes outside its folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handout.build import output_name
from handout.errors import BadInputError
from handout.ids import check_id, is_id, pick
from handout.library import ContentLibrary
from handout.options import RenderOptions

from .conftest import ARTICLE
from .test_cli import run


@pytest.mark.parametrize("good", ["en", "zh-Hans", "ES", "half-letter", "back-spasms-pregnancy", "a4"])
def test_plain_ids_are_accepted_in_any_case(good: str) -> None:
    assert check_id("language", good) == good.lower()


@pytest.mark.parametrize("bad", ["../../x/en", "es+en", "", "a--b", "-en", "en-", "a/b", "a\\b", "e n",
                                 "\u00e9s", ".", "x" * 65])
def test_anything_else_is_refused(bad: str) -> None:
    with pytest.raises(BadInputError, match="is not a valid language id: use letters, digits and single hyphens"):
        check_id("language", bad)


def test_content_ids_are_checked_exactly() -> None:
    assert is_id("lower-back") and not is_id("Lower") and not is_id("lower\n")


def test_ids_are_matched_to_the_names_on_disk_ignoring_case(library: ContentLibrary) -> None:
    assert pick("language", "ZH-hans", library.languages(ARTICLE)) == "zh-Hans"
    assert library.load(ARTICLE.upper(), "ZH-HANS").lang == "zh-Hans"


def test_an_output_name_is_made_of_ids_only() -> None:
    with pytest.raises(BadInputError, match="region '../../etc' is not a valid region id"):
        output_name(ARTICLE, RenderOptions(region="../../etc"))
    assert output_name(ARTICLE, RenderOptions(lang="zh-Hans")) == f"{ARTICLE}_handout_both_zh-Hans_a4.pdf"


@pytest.mark.parametrize("lang", ["../../x/en", "../../../x/en"])
def test_a_language_cannot_read_or_write_outside_its_folders(tmp_path: Path, library: ContentLibrary,
                                                            lang: str) -> None:
    # Before: the first read tmp/a/b/x/en.yaml and wrote out/x/en_a4.pdf; the second read
    # tmp/a/x/en.yaml and wrote tmp/a/b/x/en_a4.pdf, beside --out instead of in it.
    content = tmp_path / "a" / "b" / "content"
    shutil.copytree(library.root / ARTICLE, content / ARTICLE)
    for decoy in (tmp_path / "a" / "b" / "x", tmp_path / "a" / "x"):
        decoy.mkdir(parents=True)
        shutil.copy(library.root / ARTICLE / "en.yaml", decoy / "en.yaml")
    out = tmp_path / "a" / "b" / "out"
    code, _, err = run("build", ARTICLE, "--content", str(content), "--lang", lang, "--out", str(out))
    assert code == 2
    assert err.strip() == (f"handout: error: language '{lang}' is not a valid language id: use letters, "
                           "digits and single hyphens only (e.g. es or zh-Hans)")
    assert list(tmp_path.rglob("*.pdf")) == []


def test_an_article_id_cannot_be_a_path(tmp_path: Path) -> None:
    code, _, err = run("build", f"../content/{ARTICLE}", "--out", str(tmp_path))
    assert code == 2
    assert "is not a valid article id" in err
