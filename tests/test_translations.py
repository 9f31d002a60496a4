"""A translator's round trip: export an article to PO, import it back into the YAML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from typer.testing import CliRunner

from handout.cli import app
from handout.library import SOURCE_LANG, ContentLibrary
from handout.model import TranslationStatus
from handout.quality.pdf_facts import read_document

from .conftest import ARTICLE

runner = CliRunner()
BUNDLED = ContentLibrary()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(BUNDLED.root, folder)
    return folder


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def export(content: Path, lang: str, tmp_path: Path) -> Path:
    po = tmp_path / f"{lang}.po"
    code, out, err = run("translations", "export", ARTICLE, "--lang", lang, "--out", str(po), "--content", str(content))
    assert code == 0, err
    return po


def edit_po(po: Path, change: dict[str, str]) -> None:
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.context in change:
            message.string = change[str(message.context)]
    raw = po.read_bytes().decode()
    headers = [line for line in raw.splitlines() if line.startswith('"X-Handout-')]
    with po.open("wb") as handle:
        write_po(handle, catalog)
    marker = '"Content-Transfer-Encoding: 8bit\\n"\n'
    text = po.read_text(encoding="utf-8").replace(marker, marker + "\n".join(headers) + "\n", 1)
    po.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("lang", [lang for lang in BUNDLED.languages(ARTICLE) if lang != SOURCE_LANG])
def test_a_round_trip_with_no_changes_leaves_the_yaml_as_it_was(content: Path, tmp_path: Path, lang: str) -> None:
    before = (content / ARTICLE / f"{lang}.yaml").read_bytes()
    po = export(content, lang, tmp_path)
    code, out, err = run("translations", "import", str(po), "--content", str(content))
    assert code == 0, err
    assert "left as it was; 0 strings imported" in out
    assert (content / ARTICLE / f"{lang}.yaml").read_bytes() == before
    # Signed but unchanged strings: only the translation record is rewritten.
    code, out, err = run("translations", "import", str(po), "--content", str(content), "--status", "professional",
                         "--translator", "A. Translator")
    assert code == 0, err
    after = (content / ARTICLE / f"{lang}.yaml").read_text(encoding="utf-8").splitlines()
    changed = [line for line in after if line not in before.decode("utf-8").splitlines()]
    assert all(line.strip().startswith(("status:", "translator:", "date:")) for line in changed), changed


def test_an_imported_string_is_printed_and_the_translation_is_signed(content: Path, tmp_path: Path) -> None:
    po = export(content, "es", tmp_path)
    edit_po(po, {"title": "Espasmos de la espalda en el embarazo"})
    code, out, err = run("translations", "import", str(po), "--content", str(content), "--status", "reviewed",
                         "--translator", "María Pérez", "--reviewer", "Dr. Ana Ruiz", "--date", "2026-12-01")
    assert code == 0, err
    assert "changed; 1 strings imported" in out
    article = ContentLibrary(content).load(ARTICLE, "es")
    assert article.title == "Espasmos de la espalda en el embarazo"
    record = article.translation
    assert (record.status, record.translator, record.reviewer, str(record.date)) == (
        TranslationStatus.REVIEWED, "María Pérez", "Dr. Ana Ruiz", "2026-12-01")
    code, out, err = run("build", ARTICLE, "--lang", "es", "--content", str(content), "--out", str(tmp_path / "o"))
    assert code == 0, err
    assert "Espasmos de la espalda en el" in read_document(Path(out.strip()).read_bytes()).text


def test_changed_strings_need_a_signature_and_a_machine_draft_is_not_one(content: Path, tmp_path: Path) -> None:
    po = export(content, "es", tmp_path)
    edit_po(po, {"title": "Otro título"})
    code, _, err = run("translations", "import", str(po), "--content", str(content))
    assert code == 2 and "say who translated them with --status" in err
    code, _, err = run("translations", "import", str(po), "--content", str(content), "--status", "machine-draft",
                       "--translator", "x")
    assert code == 2 and "--status: give professional or reviewed" in err
    code, _, err = run("translations", "import", str(po), "--content", str(content), "--status", "reviewed",
                       "--translator", "x")
    assert code == 2 and "--reviewer" in err


def test_missing_and_stale_strings_are_reported_and_kept(content: Path, tmp_path: Path) -> None:
    po = export(content, "es", tmp_path)
    edit_po(po, {"subtitle": ""})
    english = content / ARTICLE / "en.yaml"
    english.write_text(english.read_text(encoding="utf-8").replace(
        "title: Back spasms during pregnancy", "title: Back spasms in pregnancy"), encoding="utf-8")
    code, out, err = run("translations", "import", str(po), "--content", str(content), "--status", "professional",
                         "--translator", "x")
    assert code == 0, err
    assert f"{po}: title: the English changed since this file was exported" in err
    assert f"{po}: subtitle: not translated" in err
    assert ContentLibrary(content).load(ARTICLE, "es").subtitle  # kept


def test_a_new_language_is_made_from_a_complete_po_file(content: Path, tmp_path: Path) -> None:
    po = export(content, "es", tmp_path)
    (content / ARTICLE / "es.yaml").unlink()
    code, out, err = run("translations", "import", str(po), "--content", str(content), "--status", "professional",
                         "--translator", "María Pérez")
    assert code == 0, err
    assert "made; " in out
    made = (content / ARTICLE / "es.yaml").read_text(encoding="utf-8")
    assert made.startswith(f"# {ARTICLE}: Spanish translation, imported from es.po.")
    assert "English source of the article" not in made
    library = ContentLibrary(content)
    assert library.load(ARTICLE, "es").title == BUNDLED.load(ARTICLE, "es").title
    code, _, err = run("build", ARTICLE, "--lang", "es+en", "--content", str(content), "--out", str(tmp_path / "o"))
    assert code == 0, err  # parity holds: the same ids as English


def test_an_incomplete_po_file_does_not_make_a_new_language(content: Path, tmp_path: Path) -> None:
    po = export(content, "es", tmp_path)
    edit_po(po, {"fact": ""})
    (content / ARTICLE / "es.yaml").unlink()
    code, _, err = run("translations", "import", str(po), "--content", str(content), "--status", "professional",
                       "--translator", "x")
    assert code == 1
    assert "1 strings are missing or stale" in err and "(first: fact)" in err
    assert not (content / ARTICLE / "es.yaml").exists()


def test_a_stale_translation_exports_fuzzy(content: Path, tmp_path: Path) -> None:
    english = content / ARTICLE / "en.yaml"
    english.write_text(english.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"', 1),
                       encoding="utf-8")
    po = export(content, "es", tmp_path)
    with po.open("rb") as handle:
        catalog = read_po(handle)
    assert all(message.fuzzy for message in catalog if message.id)


@pytest.mark.parametrize(("text", "words"), [("not a po file\x00", "not a PO file this tool can read"),
                                             ('msgid ""\nmsgstr ""\n', "no X-Handout-Article header")])
def test_a_bad_po_file_is_one_line_and_exit_2(content: Path, tmp_path: Path, text: str, words: str) -> None:
    po = tmp_path / "bad.po"
    po.write_text(text, encoding="utf-8")
    code, _, err = run("translations", "import", str(po), "--content", str(content))
    assert code == 2 and words in err and len(err.splitlines()) == 1
