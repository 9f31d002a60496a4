"""Bounded, clear input: YAML bombs and oversized files, and over-long fields.

Each refusal is one line naming the file (and line) or the field, with exit 2 and no traceback.
The YAML bombs run in a child process with a memory cap: before the bounds they took gigabytes
(or crashed the interpreter), which must not take the test run down with them.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from handout.build import build_pdf
from handout.clinic import load_clinic
from handout.content import load_yaml
from handout.errors import BadInputError, ContentError
from handout.library import ContentLibrary
from handout.limits import MAX_NOTE, MAX_PATIENT_NAME, check_length, too_long
from handout.options import Clinic, Paper, RenderOptions

from .conftest import ARTICLE
from .test_cli import run


def run_capped(*args: str) -> subprocess.CompletedProcess[str]:
    """`handout ARGS` in a child limited to 1.5 GB of memory and 60 s of CPU."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))

    return subprocess.run([sys.executable, "-m", "handout", *args], capture_output=True, text=True,
                          preexec_fn=cap, check=False)


def alias_bomb(levels: int = 9, width: int = 10) -> str:
    """The billion laughs: each level is `width` aliases of the one before."""
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "\n".join([*lines, f"name: *a{levels - 1}", ""])


# --- YAML ------------------------------------------------------------------------------------

@pytest.mark.parametrize("where", ["clinic", "content"])
def test_an_alias_bomb_is_refused_with_its_file_and_line(tmp_path: Path, where: str) -> None:
    if where == "clinic":
        bomb = tmp_path / "clinic.yaml"
        bomb.write_text(alias_bomb())
        args = ["build", ARTICLE, "--clinic", str(bomb)]
    else:
        bomb = tmp_path / "content" / "bomb" / "en.yaml"
        bomb.parent.mkdir(parents=True)
        bomb.write_text(alias_bomb())
        args = ["build", "bomb", "--content", str(tmp_path / "content")]
    done = run_capped(*args, "--out", str(tmp_path / "out"))
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"handout: error: {bomb}:4: aliases")
    assert "write the values out" in lines[0]
    assert list(tmp_path.rglob("*.pdf")) == []


def test_a_few_aliases_still_load(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("base: &b [1, 2, 3]\ncopy: *b\nagain: *b\n")
    assert load_yaml(path).data == {"base": [1, 2, 3], "copy": [1, 2, 3], "again": [1, 2, 3]}


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("name: x\nloop: &a [1, *a]\n")
    with pytest.raises(ContentError, match=rf"^{path}:2: the alias \*a is inside the value it names"):
        load_yaml(path)


def test_deep_nesting_is_refused_not_a_crash(tmp_path: Path) -> None:
    # libyaml's composer recursed without a bound: 50,000 brackets crashed the interpreter.
    profile = tmp_path / "clinic.yaml"
    profile.write_text("name: " + "[" * 50_000 + "\n")
    done = run_capped("build", ARTICLE, "--clinic", str(profile), "--out", str(tmp_path / "out"))
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stderr.strip() == f"handout: error: {profile}:1: nested more than 32 levels deep; flatten the structure"


def test_a_file_over_a_megabyte_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "en.yaml"
    path.write_text("lang: en\n" + "# padding\n" * 250_000)
    with pytest.raises(ContentError) as caught:
        load_yaml(path)
    assert caught.value.lines == [
        f"{path}: 2.5 MB, over the 1 MB limit for a content file or clinic profile (they are a few kB); "
        "check that this is the right file"
    ]


@pytest.mark.parametrize(("text", "line"), [
    ("name: Riverside\nsmtp:\n\thost: mail.example.org\n", 3),
    ("name: Riverside\nsmtp:\n  host: mail.example.org\n\tport: 587\n", 4),
])
def test_a_tab_in_the_indentation_is_called_a_tab(tmp_path: Path, text: str, line: int) -> None:
    profile = tmp_path / "clinic.yaml"
    profile.write_text(text)
    code, _, err = run("build", ARTICLE, "--clinic", str(profile), "--out", str(tmp_path / "out"))
    assert code == 2
    assert err.strip() == (f"handout: error: {profile}:{line}: indented with a tab; "
                           "YAML indents with spaces only: replace the tab with spaces")


# --- field lengths ---------------------------------------------------------------------------

def test_length_check_names_the_field_and_the_excess() -> None:
    assert too_long("x" * 200, MAX_PATIENT_NAME) is None
    with pytest.raises(BadInputError, match=r"^--patient: 212 characters, 12 over the limit of 200; shorten it$"):
        check_length("--patient", "x" * 212, MAX_PATIENT_NAME)


def test_a_patient_name_over_200_characters_is_refused(tmp_path: Path) -> None:
    code, _, err = run("build", ARTICLE, "--patient", "Ana Lima " * 26 + "Bo Lin", "--out", str(tmp_path))
    assert code == 2
    assert err.strip() == "handout: error: --patient: 240 characters, 40 over the limit of 200; shorten it"
    assert list(tmp_path.iterdir()) == []


def test_a_20000_character_note_names_the_note_not_reportlab(tmp_path: Path) -> None:
    code, _, err = run("build", ARTICLE, "--note", ("words " * 4000)[:20_000], "--out", str(tmp_path))
    assert code == 2
    assert err.strip() == (f"handout: error: --note: 20,000 characters, {20_000 - MAX_NOTE:,} over the limit "
                           f"of {MAX_NOTE:,}; shorten it")


def test_a_note_under_the_limit_but_too_long_for_the_layout_says_by_how_much(library: ContentLibrary) -> None:
    note = ("Rest with your feet up after lunch. " * 60)[:1_500]
    opts = RenderOptions(format="trifold", paper=Paper.A4, note=note, invariant=True)
    with pytest.raises(BadInputError) as caught:
        build_pdf(library, ARTICLE, opts)
    message = caught.value.message
    assert message.startswith("note: 1,500 characters, about ")
    assert "more than the trifold on a4 has room for (about " in message
    assert "Flowable" not in message and "mm" not in message
    room = int(message.split("(about ")[1].split(")")[0].replace(",", ""))
    over = int(message.split("about ")[1].split(" ")[0].replace(",", ""))
    assert 0 < room < 1_500 and room + over == 1_500
    build_pdf(library, ARTICLE, RenderOptions(format="trifold", paper=Paper.A4, note=note[:room], invariant=True))


def test_a_clinic_field_over_its_limit_is_placed_in_the_profile(tmp_path: Path) -> None:
    profile = tmp_path / "clinic.yaml"
    profile.write_text(f"phone: 555 0100\nname: {'Riverside Midwives ' * 5}\n")
    with pytest.raises(ContentError) as caught:
        load_clinic(profile)
    assert caught.value.lines == [f"{profile}:2: name: 94 characters, 14 over the limit of 80; shorten it"]


def test_the_library_checks_clinic_fields_however_they_came_in(library: ContentLibrary) -> None:
    opts = RenderOptions(clinic=Clinic(name="Riverside", address="1 High Street, " * 20))
    with pytest.raises(BadInputError, match=r"^clinic address: 300 characters, 140 over the limit of 160"):
        build_pdf(library, ARTICLE, opts)


def test_a_content_field_longer_than_any_layout_prints_is_refused_at_its_line(tmp_path: Path) -> None:
    import shutil

    from typer.testing import CliRunner

    from handout.cli import app
    from handout.library import ContentLibrary

    content = tmp_path / "content"
    shutil.copytree(ContentLibrary().root, content)
    source = content / "back-spasms-pregnancy" / "en.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("intro: >-\n", "intro: >-\n  " + "Walk a little every day. " * 8_000 + "\n", 1),
                      encoding="utf-8")
    result = CliRunner().invoke(app, ["build", "back-spasms-pregnancy", "--content", str(content),
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "en.yaml:11: intro: 200,243 characters, 198,243 over the limit of 2,000" in result.stderr
    assert "no layout prints more" in result.stderr
    assert not list(tmp_path.rglob("*.pdf"))


def test_content_far_over_the_page_budget_stops_a_page_past_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace as with_values

    from handout.build import build_pdf
    from handout.errors import DoesNotFitError
    from handout.library import ContentLibrary
    from handout.options import RenderOptions
    from handout.render import Rendered, render_pdf

    library = ContentLibrary()
    article = library.load("back-spasms-pregnancy")
    many = tuple(with_values(article.remedies[0], id=f"r{i}") for i in range(150))
    library._cache[("back-spasms-pregnancy", "en")] = with_values(article, remedies=many)
    pages: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> Rendered:
        rendered = render_pdf(*args, **kwargs)
        pages.append(rendered.pages)
        return rendered

    monkeypatch.setattr("handout.build.render_pdf", counting)
    with pytest.raises(DoesNotFitError, match="does not fit"):
        build_pdf(library, "back-spasms-pregnancy", RenderOptions(invariant=True))
    assert pages and max(pages) <= 4  # budget 2: layout stops as page 4 begins (150 remedies fill ~20)
