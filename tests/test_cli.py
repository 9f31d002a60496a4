"""The command line: exit codes, one-line errors, files written whole, and the installed command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handout.cli import app
from handout.library import ContentLibrary
from handout.quality.pdf_facts import read_document

from .conftest import ARTICLE, FIXTURES

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_build_writes_one_named_pdf(tmp_path: Path) -> None:
    code, out, err = run("build", ARTICLE, "--region", "lower", "--paper", "letter", "--out", str(tmp_path))
    assert code == 0, err
    expected = tmp_path / "back-spasms-pregnancy_handout_lower_en_letter.pdf"
    assert out.strip() == str(expected)
    assert [p.name for p in tmp_path.iterdir()] == [expected.name]
    assert read_document(expected.read_bytes()).sizes[0] == (612.0, 792.0)


@pytest.mark.parametrize(("country", "paper"), [("US", "letter"), ("PH", "letter"), ("GB", "a4"), (None, "a4")])
def test_country_chooses_the_paper(tmp_path: Path, country: str | None, paper: str) -> None:
    args = ["build", ARTICLE, "--region", "upper", "--out", str(tmp_path)]
    if country:
        args += ["--country", country]
    code, out, err = run(*args)
    assert code == 0, err
    assert out.strip().endswith(f"_upper_en_{paper}.pdf")


def test_locale_sets_country_units(tmp_path: Path) -> None:
    code, out, err = run("build", ARTICLE, "--lang", "en-US", "--region", "lower", "--out", str(tmp_path))
    assert code == 0, err
    text = read_document(Path(out.strip()).read_bytes()).text
    assert "22–24 lb" in text and "kg" not in text.replace("kilogram", "")
    assert out.strip().endswith("_en_letter.pdf")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "no-such-article"],
         f"unknown article 'no-such-article'; valid articles: {', '.join(ContentLibrary().article_ids)}"),
        (["build", ARTICLE, "--region", "middle"], "valid regions: lower, upper, both"),
        (["build", ARTICLE, "--paper", "b5"], "valid papers: a4, letter, a5, half-letter"),
        (["build", ARTICLE, "--format", "poster"], "valid formats: "),
        (["build", ARTICLE, "--date", "24/11/2026"], "write it as YYYY-MM-DD"),
        (["build", ARTICLE, "--lang", "xx"], "has no 'xx' version"),
    ],
)
def test_bad_choices_exit_2_with_the_valid_ones(tmp_path: Path, args: list[str], message: str) -> None:
    code, out, err = run(*args, "--out", str(tmp_path))
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out
    assert not any(tmp_path.iterdir())


def test_malformed_content_names_file_and_line(tmp_path: Path) -> None:
    content = tmp_path / "content" / "broken"
    content.mkdir(parents=True)
    shutil.copy(FIXTURES / "invalid" / "malformed" / "en.yaml", content / "en.yaml")
    code, _, err = run("build", "broken", "--content", str(tmp_path / "content"), "--out", str(tmp_path / "out"))
    assert code == 2
    assert f"{content / 'en.yaml'}:3: malformed YAML" in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_invalid_content_lists_every_problem(tmp_path: Path) -> None:
    content = tmp_path / "content" / "bad"
    content.mkdir(parents=True)
    shutil.copy(FIXTURES / "invalid" / "bad-values" / "en.yaml", content / "en.yaml")
    code, _, err = run("build", "bad", "--content", str(tmp_path / "content"), "--out", str(tmp_path))
    assert code == 2
    assert len(err.strip().splitlines()) >= 10
    assert all(line.startswith(f"handout: error: {content / 'en.yaml'}:") for line in err.strip().splitlines())


def test_missing_logo_is_one_clear_line(tmp_path: Path) -> None:
    profile = tmp_path / "clinic.yaml"
    profile.write_text("name: Riverside\nlogo: missing.png\n")
    code, _, err = run("build", ARTICLE, "--clinic", str(profile), "--out", str(tmp_path / "out"))
    assert code == 2
    assert f"{profile}:2: logo: file {tmp_path / 'missing.png'} not found" in err
    assert not (tmp_path / "out").exists()


def test_unreadable_logo_is_reported(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"not a png")
    profile = tmp_path / "clinic.yaml"
    profile.write_text("name: Riverside\nlogo: logo.png\nbrand_color: teal\n")
    code, _, err = run("build", ARTICLE, "--clinic", str(profile), "--out", str(tmp_path))
    assert code == 2
    assert "logo: cannot read" in err and "brand_color: 'teal' is not a hex colour" in err


def test_unwritable_output_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_access = os.access
    monkeypatch.setattr("handout.output.os.access", lambda path, mode: mode != os.W_OK and real_access(path, mode))
    code, _, err = run("build", ARTICLE, "--out", str(tmp_path))
    assert code == 1, err
    assert f"output folder {tmp_path} is not writable" in err
    assert list(tmp_path.iterdir()) == []


def test_output_path_that_is_a_file_fails_cleanly(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("I am a file")
    code, out, err = run("build", ARTICLE, "--out", str(blocker / "sub"))
    assert code == 1
    assert "cannot create output folder" in err
    assert "Traceback" not in out + err


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("handout.output.os.replace", failing_replace)
    code, _, err = run("build", ARTICLE, "--out", str(tmp_path))
    assert code == 1 and "No space left on device" in err
    assert list(tmp_path.iterdir()) == []


def test_list_shows_articles_regions_formats_papers_languages() -> None:
    code, out, _ = run("list")
    assert code == 0
    for word in (ARTICLE, "lower, upper, both", "handout:", "a4, letter", "half-letter (140 × 216 mm)"):
        assert word in out
    assert any(line.split()[:3] == ["en", "English", "source"] for line in out.splitlines())
    lines = out.splitlines()
    assert any(line.split()[:3] == ["ar", "العربية", "(Arabic)"] and "right-to-left" in line for line in lines)
    assert any(line.split()[:3] == ["es", "Español", "(Spanish)"] for line in out.splitlines())


def test_list_reports_a_stale_translation(tmp_path: Path) -> None:
    article = tmp_path / "back-care-at-work"
    shutil.copytree(FIXTURES / "content" / "back-care-at-work", article)
    source = (article / "en.yaml").read_text(encoding="utf-8")
    (article / "es.yaml").write_text(
        source.replace("lang: en", "lang: es").replace("status: source", "status: machine-draft")
        .replace('source_version: "2.3"', 'source_version: "2.2"').replace("document:", "old_document:", 0),
        encoding="utf-8",
    )
    code, out, err = run("list", "--content", str(tmp_path))
    assert code == 0, err
    assert "STALE: made from English 2.2, English is now 2.3" in out


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("handout ")
    code, out, _ = run("build", "--help")
    assert code == 0 and "--region" in out and "Examples" in out


def test_build_all_builds_the_rack(tmp_path: Path) -> None:
    code, out, err = run("build", "--all", "--lang", "en", "--format", "handout", "--out", str(tmp_path))
    assert code == 0, err
    names = sorted(p.name for p in tmp_path.glob("*.pdf"))
    library = ContentLibrary()
    assert len([n for n in names if n.startswith(f"{ARTICLE}_")]) == 3 * 2 * 3  # regions × papers × editions
    # every bundled article: its regions and "both" × papers × editions
    assert len(names) == sum((len(library.load(a).region_ids) + 1) * 2 * 3 for a in library.article_ids)
    assert "back-spasms-pregnancy_handout_upper_en_letter_large.pdf" in names
    assert f"Built {len(names)} of {len(names)} PDFs" in out


def test_installed_command_runs_in_a_subprocess(tmp_path: Path) -> None:
    exe = shutil.which("handout")
    command = [exe] if exe else [sys.executable, "-m", "handout"]
    done = subprocess.run([*command, "build", ARTICLE, "--region", "upper", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "back-spasms-pregnancy_handout_upper_en_a4.pdf").is_file()
    bad = subprocess.run([*command, "build", ARTICLE, "--paper", "b5"], capture_output=True, text=True,
                         timeout=120, check=False)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_build_encrypt_uses_the_environment_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader

    monkeypatch.setenv("HANDOUT_PDF_PASSWORD", "correct horse battery")
    code, out, err = run("build", ARTICLE, "--region", "lower", "--patient", "Ana Lima", "--encrypt",
                         "--out", str(tmp_path))
    assert code == 0, err
    reader = PdfReader(out.strip())
    assert reader.is_encrypted
    assert not reader.decrypt("wrong password")
    assert reader.decrypt("correct horse battery")
    assert "Ana" not in str(reader.metadata) and "Ana" not in out


def test_building_a_stale_translation_warns(tmp_path: Path) -> None:
    article = tmp_path / "content" / "back-care-at-work"
    shutil.copytree(FIXTURES / "content" / "back-care-at-work", article)
    source = (article / "en.yaml").read_text(encoding="utf-8")
    (article / "es.yaml").write_text(
        source.replace("lang: en", "lang: es").replace('source_version: "2.3"', 'source_version: "2.0"'),
        encoding="utf-8",
    )
    code, _, err = run("build", "back-care-at-work", "--lang", "es", "--content", str(tmp_path / "content"),
                       "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert "warning: the es translation is stale: made from English 2.0, English is now 2.3" in err


@pytest.mark.parametrize(("country", "printed"), [("GB", "Printed 30 Nov 2026"), ("US", "Printed Nov 30, 2026")])
def test_dates_follow_the_country(tmp_path: Path, country: str, printed: str) -> None:
    code, out, err = run("build", ARTICLE, "--region", "lower", "--date", "2026-11-30", "--country", country,
                         "--out", str(tmp_path))
    assert code == 0, err
    assert printed in read_document(Path(out.strip()).read_bytes()).text
