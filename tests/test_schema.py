"""The JSON Schema shipped for editors (content/schema.json) is the generated one and agrees
with the validator: the same keys, the same required fields, the same files valid."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from handout import validate
from handout.content import load_yaml
from handout.errors import ContentError
from handout.library import ContentLibrary
from handout.model import Article
from handout.schema import article_schema, schema_text, shipped_schema

from .conftest import FIXTURES

TEST_ARTICLE = FIXTURES / "content" / "calf-cramps-test"
VALIDATOR = jsonschema.Draft202012Validator(article_schema(), format_checker=jsonschema.FormatChecker())


def plain(node: Any) -> Any:
    """YAML data as JSON has it (dates as text), as an editor's YAML extension sees the file."""
    if isinstance(node, dict):
        return {key: plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(value) for value in node]
    return node.isoformat() if isinstance(node, dt.date) else node


def schema_errors(data: Any) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(plain(data))]


def test_the_shipped_schema_is_the_generated_one() -> None:
    assert shipped_schema().read_text(encoding="utf-8") == schema_text(), (
        "content/schema.json is out of date: run python -m handout.schema --write")
    jsonschema.Draft202012Validator.check_schema(article_schema())


def test_the_schema_has_the_validators_keys() -> None:
    schema = article_schema()
    assert list(schema["properties"]) == list(validate.TOP_KEYS)
    defs = schema["$defs"]
    for name, keys in (("Region", validate.REGION_KEYS), ("Remedy", validate.REMEDY_KEYS),
                       ("Cause", validate.CAUSE_KEYS), ("RemedyGroup", validate.GROUP_KEYS),
                       ("WhenToTalk", validate.TALK_KEYS), ("Source", validate.SOURCE_KEYS),
                       ("DocumentControl", validate.DOCUMENT_KEYS), ("TranslationRecord", validate.TRANSLATION_KEYS)):
        assert list(defs[name]["properties"]) == list(keys), name
    assert all("description" in prop for prop in schema["properties"].values())


@pytest.mark.parametrize("root", [None, FIXTURES / "content"], ids=["bundled", "fixtures"])
def test_every_file_the_validator_accepts_the_schema_accepts(root: Path | None) -> None:
    library = ContentLibrary(root) if root else ContentLibrary()
    for article in library.article_ids:
        for lang in library.languages(article):
            library.load(article, lang)  # valid for the validator
            path = library.root / article / f"{lang}.yaml"
            assert schema_errors(load_yaml(path).data) == [], path


@pytest.mark.parametrize("case", ["bad-values", "missing-fields", "unknown-key"])
def test_files_the_validator_refuses_the_schema_refuses(case: str) -> None:
    assert schema_errors(load_yaml(FIXTURES / "invalid" / case / "en.yaml").data)


def _write(folder: Path, lang: str, data: dict[str, Any]) -> Path:
    """The data as a YAML file (JSON is YAML; dates written bare so YAML reads them as dates)."""
    path = folder / f"{lang}.yaml"
    path.write_text(re.sub(r'"(\d{4}-\d\d-\d\d)"', r"\1", json.dumps(plain(data), ensure_ascii=False)),
                    encoding="utf-8")
    return path


def _validator_accepts(folder: Path, lang: str, data: dict[str, Any]) -> bool:
    library = ContentLibrary(folder.parent)
    _write(folder, lang, data)
    try:
        library.load(folder.name, lang)
    except ContentError:
        return False
    return True


def _english(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path / TEST_ARTICLE.name
    shutil.copytree(TEST_ARTICLE, folder)
    return folder, load_yaml(TEST_ARTICLE / "en.yaml").data


def _translation(english: dict[str, Any]) -> dict[str, Any]:
    """The English file as a translation carries it: text only, the structure left out."""
    data = json.loads(json.dumps(plain(english)))
    data["lang"] = "es"
    data["translation"]["status"] = "machine-draft"
    del data["document"]
    for region in data["regions"].values():
        for key in validate.INHERITED_REGION_KEYS:
            region.pop(key, None)
    for remedy in data["remedies"]:
        for key in validate.INHERITED_REMEDY_KEYS:
            remedy.pop(key, None)
    return dict(data)


def _places(data: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    """(where, the mapping, its key) for every key of the article and of its first items."""
    region = next(iter(data["regions"].values()))
    group = next(iter(data["remedy_groups"].values()))
    places = [("", data, key) for key in data]
    places += [("regions.*.", region, key) for key in region]
    places += [("remedy_groups.*.", group, key) for key in group]
    for remedy in data["remedies"][:2]:  # a checklist action and one that is not
        places += [(f"remedies[{remedy['id']}].", remedy, key) for key in remedy]
    for section in ("when_to_talk", "translation", "document"):
        if section in data:
            places += [(f"{section}.", data[section], key) for key in data[section]]
    return places


# What only the English file can tell a translation: that English has groups, and which remedies
# are checklist actions (and so need an action phrase).
CROSS_FILE = {"es": {"remedy_groups", "remedies[].action"}}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_key_left_out_is_refused_by_both_or_by_neither(tmp_path: Path, lang: str) -> None:
    folder, english = _english(tmp_path)
    data = english if lang == "en" else _translation(english)
    assert _validator_accepts(folder, lang, data) and not schema_errors(data)
    disagree = []
    for where, mapping, key in _places(data):
        value = mapping.pop(key)
        by_validator, by_schema = not _validator_accepts(folder, lang, data), bool(schema_errors(data))
        if by_validator != by_schema and re.sub(r"\[.*\]", "[]", f"{where}{key}") not in CROSS_FILE.get(lang, set()):
            disagree.append(f"{where}{key}: validator {'refuses' if by_validator else 'accepts'}, "
                            f"schema {'refuses' if by_schema else 'accepts'}")
        mapping[key] = value
    assert not disagree, "\n".join(disagree)


def test_the_test_article_is_valid(tmp_path: Path) -> None:
    folder, english = _english(tmp_path)
    assert isinstance(ContentLibrary(folder.parent).load(folder.name), Article)
