"""`handout new ARTICLE`: a commented skeleton that `handout check` reads as a list of what is
missing, and that builds once it is filled in, with no code change."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from handout.artfiles import PICTOGRAM, art_problems
from handout.cli import app
from handout.library import ContentLibrary
from handout.schema import schema_text

runner = CliRunner()


def new(content: Path, article: str = "calf-cramps") -> tuple[int, str, str]:
    result = runner.invoke(app, ["new", article, "--content", str(content)])
    return result.exit_code, result.stdout, result.stderr


def test_new_writes_the_skeleton_its_pictogram_folder_and_the_schema(tmp_path: Path) -> None:
    code, out, _ = new(tmp_path)
    assert code == 0
    folder = tmp_path / "calf-cramps"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        "calf-cramps/en.yaml", "calf-cramps/pictograms/TEMPLATE.svg", "schema.json"]
    assert str(folder / "en.yaml") in out and "handout check calf-cramps" in out
    assert (tmp_path / "schema.json").read_text(encoding="utf-8") == schema_text()
    skeleton = (folder / "en.yaml").read_text(encoding="utf-8")
    assert skeleton.startswith("# yaml-language-server: $schema=../schema.json\n")
    assert "calves" in skeleton and "exercise" in skeleton  # the choices are named in its comments
    assert art_problems(folder / "pictograms" / "TEMPLATE.svg", PICTOGRAM) == []
    assert ContentLibrary(tmp_path).art("calf-cramps").pictograms.keys().isdisjoint({"TEMPLATE"})


def test_new_refuses_what_it_cannot_make(tmp_path: Path) -> None:
    assert new(tmp_path)[0] == 0
    code, _, err = new(tmp_path)
    assert code == 2 and "already exists" in err
    for bad in ("Calf Cramps", "../x", "pictograms"):
        code, _, err = new(tmp_path, bad)
        assert code == 2 and err.count("\n") == 1, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calf-cramps", "schema.json"]  # nothing half-made


def test_check_lists_what_is_missing_then_the_filled_skeleton_builds(tmp_path: Path) -> None:
    new(tmp_path)
    result = runner.invoke(app, ["check", "calf-cramps", "--content", str(tmp_path)])
    assert result.exit_code == 1
    path = tmp_path / "calf-cramps" / "en.yaml"
    missing = re.findall(rf"{re.escape(str(path))}:\d+: ([\w.\[\]-]+): missing", result.stdout)
    assert {"title", "main_message", "regions.main.zone", "remedies[0].pictogram", "remedies[0].action",
            "when_to_talk.items[0]"} <= set(missing)
    text = path.read_text(encoding="utf-8")
    text = text.replace('zone: ""', "zone: calves").replace('pictogram: ""', "pictogram: exercise")
    text = text.replace('subtitle: ""', "subtitle: Test").replace('""', '"Test text for the skeleton test."')
    path.write_text(text, encoding="utf-8")
    ContentLibrary(tmp_path).load("calf-cramps")
    built = runner.invoke(app, ["build", "calf-cramps", "--content", str(tmp_path), "--out", str(tmp_path / "out")])
    assert built.exit_code == 0, built.stderr
    assert (tmp_path / "out" / "calf-cramps_handout_main_en_a4.pdf").is_file()
