"""Ids from users are plain identifiers: no `--lang ../../x/en` reads or writes outside its folder."""

from __future__ import annotations

import re
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


@pytest.fixture
def decoys(tmp_path: Path, library: ContentLibrary) -> Path:
    """A copy of the content at tmp/a/b/content, and an en.yaml where `../../x` and `../../../x`
    from the article's folder lead (tmp/a/b/x and tmp/a/x)."""
    content = tmp_path / "a" / "b" / "content"
    shutil.copytree(library.root / ARTICLE, content / ARTICLE)
    for decoy in (tmp_path / "a" / "b" / "x", tmp_path / "a" / "x"):
        decoy.mkdir(parents=True)
        shutil.copy(library.root / ARTICLE / "en.yaml", decoy / "en.yaml")
    return content


@pytest.mark.parametrize("lang", ["../../x/en", "../../../x/en"])
def test_a_language_cannot_read_or_write_outside_its_folders(tmp_path: Path, decoys: Path, lang: str) -> None:
    # Before: the first read tmp/a/b/x/en.yaml and wrote out/x/en_a4.pdf; the second read
    # tmp/a/x/en.yaml and wrote tmp/a/b/x/en_a4.pdf, beside --out instead of in it.
    out = tmp_path / "a" / "b" / "out"
    code, _, err = run("build", ARTICLE, "--content", str(decoys), "--lang", lang, "--out", str(out))
    assert code == 2
    assert err.startswith("handout: error: --lang: ") and len(err.strip().splitlines()) == 1
    assert list(tmp_path.rglob("*.pdf")) == []


@pytest.mark.parametrize("lang", ["../../x/en", "../../../x/en"])
def test_the_library_itself_reads_nothing_outside_its_folder(decoys: Path, lang: str) -> None:
    # Whatever way in forgets to check (an HTTP field, a script), the library refuses the path.
    with pytest.raises(BadInputError, match=rf"^language '{re.escape(lang)}' is not a valid language id"):
        ContentLibrary(decoys).load(ARTICLE, lang)


def test_an_article_id_cannot_be_a_path(library: ContentLibrary, tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="is not a valid article id"):
        library.load(f"../content/{ARTICLE}")
    code, _, err = run("build", f"../content/{ARTICLE}", "--out", str(tmp_path))
    assert code == 2 and list(tmp_path.iterdir()) == []
