"""One parity rule (handout.parity) for `handout build`, the bilingual edition and `handout check`.

Each case copies the bundled content, changes the Spanish translation of the article, and asks
the build (one language and bilingual) and the check the same question.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from handout.build import build_pdf
from handout.cli import app
from handout.errors import ContentError
from handout.library import ContentLibrary, bundled_content_dir
from handout.options import RenderOptions
from handout.quality import Status
from handout.quality.pdf_facts import read_document

ARTICLE = "back-spasms-pregnancy"
Edit = Callable[[dict[str, Any]], None]


def spanish_variant(tmp_path: Path, edit: Edit) -> Path:
    """A copy of the bundled content whose Spanish article has `edit` applied."""
    content = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), content)
    path = content / ARTICLE / "es.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return content


def check(content: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", ARTICLE, "--lang", "es", "--format", "checklist",
                                      "--content", str(content), *extra])
    return result.exit_code, result.output


def _drop_sleep_and_rest(es: dict[str, Any]) -> None:
    es["remedies"] = [r for r in es["remedies"] if r["id"] != "sleep-and-rest"]


def _regions_reversed(es: dict[str, Any]) -> None:
    for remedy in es["remedies"]:
        remedy["regions"] = list(reversed(remedy["regions"]))


def test_a_translation_missing_a_remedy_is_refused_by_build_and_by_check(tmp_path: Path) -> None:
    content = spanish_variant(tmp_path, _drop_sleep_and_rest)
    out = tmp_path / "out"
    expected = f"{content / ARTICLE / 'es.yaml'}: remedies: 'sleep-and-rest' is missing (en.yaml has it)"
    for lang in ("es", "es+en", "en+es"):
        built = CliRunner().invoke(app, ["build", ARTICLE, "--lang", lang, "--format", "checklist",
                                         "--content", str(content), "--out", str(out)])
        assert built.exit_code == 2, (lang, built.output)
        assert built.stderr.strip().splitlines() == [f"handout: error: {expected}"], lang
    assert not out.exists() or not any(out.iterdir())
    code, report = check(content)
    assert code == 1
    assert "remedies: 'sleep-and-rest' is missing (en.yaml has it)" in report


def test_remedy_regions_in_another_order_pass_build_bilingual_edition_and_check(tmp_path: Path) -> None:
    content = spanish_variant(tmp_path, _regions_reversed)
    library = ContentLibrary(content)
    for companion in (None, "en"):
        opts = RenderOptions(invariant=True, lang="es", companion=companion, format="checklist")
        words = " ".join(read_document(build_pdf(library, ARTICLE, opts).pdf).text.split())
        assert "Duerma y descanse lo suficiente" in words
    code, report = check(content)
    assert code == 0, report


@pytest.mark.parametrize(("edit", "field"), [
    (lambda es: es["remedies"][0].update(id="renamed"), "remedies"),
    (lambda es: es["regions"]["lower"]["causes"].pop(), "regions.lower.causes"),
    (lambda es: es["remedies"][0].update(regions=["lower"]), "remedies.exercise.regions"),
    (lambda es: es["remedies"][0].update(pictogram="sit-upright"), "remedies.exercise.pictogram"),
    (lambda es: es["when_to_talk"]["items"].pop(), "when_to_talk.items"),
])
def test_build_and_check_name_the_same_difference(tmp_path: Path, edit: Edit, field: str) -> None:
    from handout.quality.runner import Selection, run_check

    content = spanish_variant(tmp_path, edit)
    library = ContentLibrary(content)
    with pytest.raises(ContentError) as refused:
        build_pdf(library, ARTICLE, RenderOptions(lang="es"))
    assert refused.value.issues and all(issue.field == field for issue in refused.value.issues)
    results = run_check(library, Selection(langs=("es",), outputs=False)).results
    failures = [r.detail for r in results if r.gate == "ids" and r.status is Status.FAIL]
    assert failures == [f"{issue.field}: {issue.message}" for issue in refused.value.issues]
