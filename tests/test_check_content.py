"""Content and reading-level gates of `handout check`: each bad fixture trips its gate only.

Every case copies the valid fixture article (tests/fixtures/check/content/good-article, English
and a reviewed Spanish translation) and its small UI catalogues, breaks one thing, and runs the
content gates (no PDFs: the output gates have their own tests).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from handout.library import ContentLibrary
from handout.quality import Result, Status
from handout.quality.runner import Selection, run_check

from .conftest import FIXTURES

CHECK = FIXTURES / "check"
ARTICLE = "good-article"
TODAY = dt.date(2026, 6, 1)
Edit = Callable[[dict[str, Any], dict[str, Any]], None]  # (English data, Spanish data)


def run_content(content: Path, locales: Path, *, strict: bool = False) -> list[Result]:
    selection = Selection(today=TODAY, locales_dir=locales, outputs=False)
    return run_check(ContentLibrary(content), selection, strict=strict).results


def flagged(results: list[Result]) -> dict[str, set[str]]:
    """gate -> statuses of its non-passing results."""
    found: dict[str, set[str]] = {}
    for r in results:
        if r.status is not Status.PASS:
            found.setdefault(r.gate, set()).add(r.status.value)
    return found


def variant(tmp_path: Path, edit: Edit | None = None) -> tuple[Path, Path]:
    """A copy of the fixture content and catalogues, with `edit` applied to the article data."""
    content, locales = tmp_path / "content", tmp_path / "locales"
    shutil.copytree(CHECK / "content", content)
    shutil.copytree(CHECK / "locales", locales)
    if edit is not None:
        folder = content / ARTICLE
        en, es = (
            yaml.safe_load((folder / f"{lang}.yaml").read_text("utf-8")) for lang in ("en", "es")
        )
        edit(en, es)
        for lang, data in (("en", en), ("es", es)):
            (folder / f"{lang}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return content, locales


def _long_causes(en: dict[str, Any], es: dict[str, Any]) -> None:
    for data, word in ((en, "Cause"), (es, "Causa")):
        data["regions"]["lower"]["causes"] += [
            {"id": f"extra-{i}", "text": f"{word} {i}."} for i in range(6)
        ]


def _missing_remedy(en: dict[str, Any], es: dict[str, Any]) -> None:
    del es["remedies"][1]


def _other_pictogram(en: dict[str, Any], es: dict[str, Any]) -> None:
    es["remedies"][0]["pictogram"] = "sit-upright"


def _thai_letter(en: dict[str, Any], es: dict[str, Any]) -> None:
    es["fact"] += " ก"


def _stale(en: dict[str, Any], es: dict[str, Any]) -> None:
    es["translation"]["source_version"] = "0.9"


def _machine_draft(en: dict[str, Any], es: dict[str, Any]) -> None:
    es["translation"]["status"] = "machine-draft"


def _overdue(en: dict[str, Any], es: dict[str, Any]) -> None:
    en["document"].update(
        published=dt.date(2022, 1, 10),
        last_reviewed=dt.date(2023, 1, 10),
        next_review=dt.date(2025, 1, 10),
    )


def _academic_english(en: dict[str, Any], es: dict[str, Any]) -> None:
    hard = (
        "Musculoskeletal discomfort originating in prolonged occupational weight-bearing "
        "frequently necessitates comprehensive multidisciplinary evaluation, particularly "
        "when accompanied by inflammatory manifestations or neurological abnormalities."
    )
    for key in ("main_message", "intro", "fact"):
        en[key] = hard
    for cause in en["regions"]["lower"]["causes"] + en["regions"]["upper"]["causes"]:
        cause["text"] = hard
    for remedy in en["remedies"]:
        remedy["text"] = hard


def _missing_title(en: dict[str, Any], es: dict[str, Any]) -> None:
    del en["title"]


def _translation_typo(en: dict[str, Any], es: dict[str, Any]) -> None:
    es["remedies"][0]["acton"] = es["remedies"][0].pop("action")


def test_the_fixture_passes_every_content_gate(tmp_path: Path) -> None:
    results = run_content(*variant(tmp_path))
    assert flagged(results) == {}
    gates = {r.gate for r in results}
    assert gates == {
        "schema",
        "ids",
        "ui-keys",
        "stale",
        "draft",
        "glyphs",
        "review",
        "lists",
        "reading",
    }


@pytest.mark.parametrize(
    ("edit", "expected", "detail"),
    [
        (_long_causes, {"lists": {"fail"}}, "regions.lower.causes: 8 items"),
        (_missing_remedy, {"ids": {"fail"}}, "remedies: 'good-shoes' is missing (en.yaml has it)"),
        (
            _other_pictogram,
            {"ids": {"fail"}},
            "remedies.rest.pictogram: 'sit-upright', en.yaml has 'rest-sleep'",
        ),
        (
            _thai_letter,
            {"glyphs": {"fail"}},
            "fact: no font can draw U+0E01 'ก' (THAI CHARACTER KO KAI)",
        ),
        (
            _stale,
            {"stale": {"fail"}},
            "translated from English version 0.9, but the English is now version 1.0",
        ),
        (_machine_draft, {"draft": {"warn"}}, "machine-draft translation"),
        (_overdue, {"review": {"warn"}}, "next review was due 2025-01-10 (507 days ago)"),
        (_academic_english, {"reading": {"fail"}}, "Flesch-Kincaid grade"),
        (_missing_title, {"schema": {"fail"}}, "en.yaml:1: title: missing; write the text"),
        (_translation_typo, {"schema": {"fail"}}, "remedies[0].acton: unknown key"),
    ],
    ids=lambda value: getattr(value, "__name__", "").lstrip("_") or None,
)
def test_each_bad_fixture_trips_only_its_gate(
    tmp_path: Path, edit: Edit, expected: dict[str, set[str]], detail: str
) -> None:
    results = run_content(*variant(tmp_path, edit))
    assert flagged(results) == expected
    problems = [r.detail for r in results if r.status is not Status.PASS]
    assert any(detail in p for p in problems), problems


def test_missing_catalogue_key_trips_only_the_ui_keys_gate(tmp_path: Path) -> None:
    content, locales = variant(tmp_path)
    spanish = locales / "es.yaml"
    spanish.write_text(
        "\n".join(
            line
            for line in spanish.read_text("utf-8").splitlines()
            if not line.startswith("notes:")
        )
        + "\n",
        "utf-8",
    )
    results = run_content(content, locales)
    assert flagged(results) == {"ui-keys": {"fail"}}
    [problem] = [r for r in results if r.status is Status.FAIL]
    assert (problem.lang, problem.detail) == (
        "es",
        "es.yaml: key 'notes' is missing (en.yaml has it)",
    )


def test_a_placeholder_the_code_does_not_fill_fails(tmp_path: Path) -> None:
    content, locales = variant(tmp_path)
    spanish = locales / "es.yaml"
    spanish.write_text(spanish.read_text("utf-8").replace("{pages}", "{total}"), "utf-8")
    results = run_content(content, locales)
    assert flagged(results) == {"ui-keys": {"fail", "warn"}}  # {total} unknown; {pages} left out


def test_strict_turns_warnings_into_failures(tmp_path: Path) -> None:
    results = run_content(*variant(tmp_path, _overdue), strict=True)
    assert flagged(results) == {"review": {"fail"}}
    assert all(r.detail.endswith("(a warning; --strict)") for r in results if r.gate == "review")


def test_reading_level_is_reported_per_language(tmp_path: Path) -> None:
    results = run_content(*variant(tmp_path))
    reading = {r.lang: r.detail for r in results if r.gate == "reading"}
    assert reading["en"].startswith("Flesch-Kincaid grade ")
    assert reading["es"].startswith("Fernández-Huerta ")
    assert "longest sentence 12 words" in reading["en"]


def test_quantity_markers_are_unwrapped_before_measuring() -> None:
    from handout.quality.readability import body_text

    article = ContentLibrary(CHECK / "content").load(ARTICLE)
    text = body_text(article)
    assert "{{" not in text
    assert "below 80 kg if you can." in text


def test_chinese_sentences_are_measured_in_characters() -> None:
    from handout.quality.readability import longest_sentence

    longest = longest_sentence("大约30%的女性会出现背部痉挛。请休息。", "zh-Hans")
    assert (longest.length, longest.unit) == (16, "characters")
