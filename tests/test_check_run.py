"""`handout check` end to end: the bundled content passes, the clinic's brand colour is checked,
the rack matches `handout build --all`, and the command's table, JSON and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handout.cli import app
from handout.library import ContentLibrary
from handout.options import Clinic, Paper, RenderOptions
from handout.quality import Result, Status, report
from handout.quality.runner import Selection, check_output, output_jobs, run_check

from .conftest import ARTICLE, FIXTURES

runner = CliRunner()


def not_passing(results: list[Result]) -> list[str]:
    return [
        f"{r.status.value} {r.gate} {r.subject}: {r.detail}"
        for r in results
        if r.status is not Status.PASS
    ]


def test_bundled_english_passes_every_gate_in_every_format(library: ContentLibrary) -> None:
    run = run_check(library, Selection(langs=("en",)), workers=2)
    assert not_passing(run.results) == []
    formats = {(r.format, r.paper, r.edition) for r in run.results if r.gate == "build"}
    assert {f for f, _, _ in formats} == {"handout", "checklist", "trifold"}
    assert {e for _, _, e in formats} == {"standard", "large", "grey"}
    assert run.pdfs == len({r.file for r in run.results if r.file}) >= 60


def test_a_light_brand_colour_is_a_contrast_warning_only(library: ContentLibrary) -> None:
    clinic = Clinic(name="Sunny Clinic", brand_color="#FFD54F")
    opts = RenderOptions(format="handout", region="lower", paper=Paper.A4, clinic=clinic)
    results = check_output(library, ARTICLE, opts)
    assert {r.gate: r.status.value for r in results if r.status is not Status.PASS} == {
        "contrast": "warn"
    }
    [warning] = [r for r in results if r.status is Status.WARN]
    assert warning.detail.startswith("clinic brand colour #FFD54F is 1.4")
    assert "printed darkened to #" in warning.detail


def test_the_rack_is_the_one_build_all_makes(library: ContentLibrary) -> None:
    from handout.request import parse_selection
    from handout.writers import rack_jobs

    selection = parse_selection({}, library)

    def key(article: str, opts: RenderOptions) -> tuple[str, ...]:
        return (article, opts.lang_tag, opts.region, opts.format, opts.paper.value, opts.edition)

    built = {key(a, o) for a, o in rack_jobs(library, selection)}
    checked = {
        key(a, o)
        for article in library.article_ids
        for a, o in output_jobs(library, article, library.languages(article), Selection())
    }
    assert checked == built
    assert any(k[0] == ARTICLE for k in built)


def test_the_tables_show_the_worst_status_and_list_each_problem_once() -> None:
    place = {"article": "a", "lang": "es", "format": "handout", "paper": "a4"}
    results = [
        Result("draft", Status.WARN, "machine-draft translation", article="a", lang="es"),
        Result("ui-keys", Status.PASS, "all keys", lang="es"),
        Result("margins", Status.PASS, "ok", region="lower", file="x_lower.pdf", **place),
        Result(
            "margins", Status.FAIL, "page 1: too close", region="upper", file="x_upper.pdf", **place
        ),
        Result(
            "margins", Status.FAIL, "page 1: too close", region="both", file="x_both.pdf", **place
        ),
    ]
    content = report.content_table(results)
    assert content[1].split() == ["a", "es", "-", "-", "pass", "-", "WARN", "-", "-", "-", "-"]
    output = report.output_table(results)
    assert output[1].split() == [
        "a",
        "es",
        "handout",
        "a4",
        "3",
        "-",
        "-",
        "-",
        "-",
        "FAIL",
        "-",
        "-",
    ]
    assert report.problem_lines(results) == [
        "FAIL  margins  x_upper.pdf (+1 more): page 1: too close",
        "WARN  draft  a/es: machine-draft translation",
    ]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def test_check_command_passes_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "check.json"
    code, stdout, stderr = run(ARTICLE, "--lang", "en", "--format", "trifold", "--json", str(out))
    assert code == 0, stdout + stderr
    assert "PASSED." in stdout
    assert "12 PDF(s)" in stdout
    data = json.loads(out.read_text("utf-8"))
    assert data["ok"] is True
    assert data["counts"]["fail"] == 0
    assert {r["gate"] for r in data["results"]} >= {
        "schema",
        "reading",
        "build",
        "contrast",
        "margins",
    }
    assert [p.name for p in tmp_path.iterdir()] == [
        "check.json"
    ]  # written atomically, nothing left


def test_check_command_fails_on_a_failing_gate(tmp_path: Path) -> None:
    content = tmp_path / "content"
    folder = content / "good-article"
    folder.mkdir(parents=True)
    source = FIXTURES / "check" / "content" / "good-article"
    for lang in ("en", "es"):
        (folder / f"{lang}.yaml").write_text((source / f"{lang}.yaml").read_text("utf-8"), "utf-8")
    spanish = folder / "es.yaml"
    spanish.write_text(
        spanish.read_text("utf-8").replace('source_version: "1.0"', 'source_version: "0.9"'),
        "utf-8",
    )
    code, stdout, _ = run("--content", str(content), "--lang", "es", "--format", "checklist")
    assert code == 1
    assert "FAIL  stale  good-article/es: translated from English version 0.9" in stdout
    assert "Stale translations (English changed since): good-article/es" in stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-article"], "unknown article 'no-such-article'"),
        (["--format", "poster"], "unknown format 'poster'"),
        (["--lang", "xx"], "no article has a 'xx' version"),
        (["--content", "/nonexistent/folder"], "is not a folder"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], message: str) -> None:
    code, stdout, stderr = run(*args)
    assert code == 2
    assert message in stderr
    assert len(stderr.strip().splitlines()) == 1
