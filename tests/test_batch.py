"""Batch mail-merge: every bad row reported at once, atomic outputs and manifest, resume after a
kill, each row emailed once across re-runs, and no patient name anywhere but inside the PDF."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from handout.cli import app
from handout.delivery.batch import MANIFEST, SENT_LOG
from handout.quality.pdf_facts import read_document

from .conftest import ARTICLE, FIXTURES
from .test_email import (  # noqa: F401
    CLINIC_YAML,
    PASSWORD,
    SmtpServer,
    _smtp_controller,
    free_port,
    plain_body,
    smtp_server,
)
from .test_encrypt import assert_aes256

if TYPE_CHECKING:
    from handout.delivery.rows import Row

runner = CliRunner()
PATIENTS = FIXTURES / "batch" / "patients.csv"
BAD_ROWS = FIXTURES / "batch" / "bad-rows.csv"
ROWS = 12


def names_in(csv_path: Path) -> list[str]:
    with open(csv_path, newline="", encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle) if row.get("name")]


def manifest(folder: Path) -> list[dict[str, str]]:
    with open(folder / MANIFEST, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def batch(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["batch", *args, "--article", ARTICLE])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clinic profile and the fixture CSVs in the current folder, as a coordinator has them."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(PATIENTS, tmp_path / "patients.csv")
    shutil.copy(BAD_ROWS, tmp_path / "bad-rows.csv")
    (tmp_path / "clinic.yaml").write_text(CLINIC_YAML, encoding="utf-8")
    monkeypatch.delenv("HANDOUT_PDF_PASSWORD", raising=False)
    return tmp_path


def test_every_bad_row_is_reported_before_any_work(workdir: Path) -> None:
    code, out, err = batch("bad-rows.csv", "--out", "out")
    assert code == 2
    lines = [line.removeprefix("handout: error: ") for line in err.splitlines()]
    expected = [
        ("3", "lang", "article 'back-spasms-pregnancy' has no 'xx' version; available: en"),
        ("4", "region", "unknown region 'middle'; valid regions: lower, upper, both"),
        ("5", "paper", "unknown paper 'b5'; valid papers: a4, letter, a5, half-letter"),
        ("6", "email", "not an email address such as name@example.org"),
        ("7", "date", "'24/11/2026' is not a date; write it as YYYY-MM-DD"),
        ("7", "large_print", "'maybe' is not yes or no"),
        ("10", "format", "unknown format 'poster'; valid formats: handout"),
    ]
    assert len(lines) == len(expected)
    for line, (row, column, message) in zip(lines, expected, strict=True):
        assert line.startswith(f"bad-rows.csv:{row}: {column}: {message}"), line
    assert out == ""
    assert not (workdir / "out").exists()
    assert "not-an-address" not in err  # a bad address is described, not echoed


def test_skip_invalid_builds_the_good_rows(workdir: Path) -> None:
    code, out, err = batch("bad-rows.csv", "--out", "out", "--skip-invalid", "--workers", "2")
    assert code == 0, err
    assert err.count("handout: warning: skipped bad-rows.csv:") == 7
    # Row 8 is blank; row 9 holds a quoted line break and is still one spreadsheet row.
    assert sorted(p.name for p in (workdir / "out").glob("*.pdf")) == [
        f"row-0002_{ARTICLE}_handout_lower_en_a4.pdf",
        f"row-0009_{ARTICLE}_handout_upper_en_letter.pdf",
    ]
    entries = {int(e["row"]): e for e in manifest(workdir / "out")}
    assert {row: e["status"] for row, e in entries.items()} == {
        2: "ok",
        3: "invalid",
        4: "invalid",
        5: "invalid",
        6: "invalid",
        7: "invalid",
        9: "ok",
        10: "invalid",
    }
    assert entries[7]["error"].startswith("date: '24/11/2026' is not a date")
    assert "large_print" in entries[7]["error"]
    assert "Built 2 of 2 rows" in out
    assert "6 invalid rows skipped" in out


def test_header_problems_stop_even_with_skip_invalid(workdir: Path) -> None:
    (workdir / "typo.csv").write_text("name;emial;lang\nAna;a@example.org;en\n", encoding="utf-8")
    code, _, err = batch("typo.csv", "--skip-invalid")
    assert code == 2
    assert err.splitlines() == [
        "handout: error: typo.csv:1: emial: unknown column; known columns: article, name, "
        "email, lang, country, region, format, paper, note, date, large_print, grayscale, cut_marks, password"
    ]


def test_spreadsheet_exports_are_read_as_they_come(workdir: Path) -> None:
    """Excel's UTF-8 BOM, ';' separators and headers like 'Large print' are all fine."""
    (workdir / "excel.csv").write_bytes(
        "\ufeffName;Language;Large print\r\nJosé Núñez;en;yes\r\n".encode()
    )
    code, out, err = batch("excel.csv")
    assert code == 0, err
    assert (
        workdir / "out" / "excel" / f"row-0002_{ARTICLE}_handout_both_en_a4_large.pdf"
    ).is_file()
    assert str(Path("out") / "excel" / MANIFEST) in out


# Slows the builds down so the kill lands part-way through; fork keeps the patch in the workers.
# Each worker's first build is quick (the manifest appears), its next ones slower: seconds in which
# the kill lands part-way even on a loaded machine.
SLOW_HANDOUT = textwrap.dedent("""\
    import multiprocessing, sys, time
    multiprocessing.set_start_method("fork", force=True)
    import handout.delivery.batch as batch
    build = batch.build_pdf
    done_here = []
    def slow_build(*args, **kwargs):
        time.sleep(1.5 if done_here else 0.4)
        done_here.append(1)
        return build(*args, **kwargs)
    batch.build_pdf = slow_build
    from handout.cli import main
    sys.argv[0] = "handout"
    main()
""")


def _check_complete(folder: Path) -> list[Path]:
    """Every visible PDF is whole; a temporary may only be a hidden `.part`."""
    pdfs = sorted(folder.glob("*.pdf"))
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.rstrip().endswith(b"%%EOF"), pdf.name
        assert read_document(data).page_count >= 1
    assert all(part.name.startswith(".") for part in folder.glob("*.part"))
    return pdfs


def _slow_batch_under_way(workdir: Path) -> tuple[subprocess.Popen[str], Path, list[str]]:
    """A slowed two-worker batch in its own process group, once its first row is recorded."""
    out = workdir / "out"
    (workdir / "slow_handout.py").write_text(SLOW_HANDOUT, encoding="utf-8")
    args = ["batch", "patients.csv", "--article", ARTICLE, "--out", str(out), "--workers", "2"]
    proc = subprocess.Popen(
        [sys.executable, "slow_handout.py", *args],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not (out / MANIFEST).exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    return proc, out, args


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork and process groups")
def test_killed_run_leaves_only_whole_files_and_a_rerun_finishes(workdir: Path) -> None:
    proc, out, args = _slow_batch_under_way(workdir)
    os.killpg(
        proc.pid, signal.SIGKILL
    )  # the whole run, workers included, as a closed terminal would
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    done = _check_complete(out)
    recorded = [e for e in manifest(out) if e["status"] == "ok"]
    assert recorded, "the kill should land part-way through"
    assert len(done) < ROWS, "the kill should land part-way through"
    for entry in recorded:
        assert hashlib.sha256((out / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]

    rerun = subprocess.run(
        [sys.executable, "-m", "handout", *args], capture_output=True, text=True, timeout=60
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"Built {ROWS} of {ROWS} rows into {out}/ ({len(recorded)} already done)" in rerun.stdout
    entries = manifest(out)
    assert [int(e["row"]) for e in entries] == list(range(2, ROWS + 2))
    assert {e["status"] for e in entries} == {"ok"}
    assert not list(out.glob("*.part"))
    assert not list(out.glob(".*.part"))
    pdfs = _check_complete(out)
    assert sorted(e["file"] for e in entries) == [p.name for p in pdfs]
    for entry in entries:
        assert hashlib.sha256((out / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]

    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    again = subprocess.run(
        [sys.executable, "-m", "handout", *args], capture_output=True, text=True, timeout=60
    )
    assert again.returncode == 0, again.stderr
    assert f"({ROWS} already done)" in again.stdout
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.suffix == ".pdf"} == {
        k: v for k, v in before.items() if k.endswith(".pdf")
    }  # no PDF rewritten


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork and process groups")
def test_ctrl_c_records_every_finished_file(workdir: Path) -> None:
    proc, out, _ = _slow_batch_under_way(workdir)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in the terminal reaches the whole group
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err.splitlines()[-1].startswith("handout: error: interrupted;")
    assert "Traceback" not in err
    recorded = {e["file"] for e in manifest(out) if e["status"] == "ok"}
    assert {p.name for p in _check_complete(out)} == recorded  # nothing built goes unrecorded
    assert len(recorded) < ROWS
    assert not list(out.glob(".*.part"))


def test_edited_row_is_built_again(workdir: Path) -> None:
    assert batch("patients.csv", "--workers", "1")[0] == 0
    text = (workdir / "patients.csv").read_text(encoding="utf-8")
    (workdir / "patients.csv").write_text(
        text.replace("Swim once a week", "Swim twice a week"), encoding="utf-8"
    )
    code, out, err = batch("patients.csv", "--workers", "1")
    assert code == 0, err
    assert f"({ROWS - 1} already done)" in out


def test_send_twice_sends_each_row_once_and_names_stay_inside_the_pdf(
    workdir: Path,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    args = ("patients.csv", "--clinic", "clinic.yaml", "--send", "--workers", "1")
    code, out, err = batch(*args)
    assert code == 0, err
    assert "not encrypted" in err
    assert f"Sent {ROWS} emails (0 already sent, so not again)" in out
    assert len(smtp_server.received) == ROWS
    code, out2, err2 = batch(*args)
    assert code == 0, err2
    assert f"Sent 0 emails ({ROWS} already sent, so not again)" in out2
    assert len(smtp_server.received) == ROWS  # nothing sent twice
    recipients = sorted(r for got in smtp_server.received for r in got.rcpt_tos)
    assert len(set(recipients)) == ROWS

    folder = workdir / "out" / "patients"
    entries = manifest(folder)
    assert {e["sent"] for e in entries} == {"sent"}
    log = (folder / SENT_LOG).read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[1] for line in log].count("sent") == ROWS
    by_file = {e["file"]: e["sha256"] for e in entries}
    for got in smtp_server.received:
        (attachment,) = list(got.message.iter_attachments())
        filename = attachment.get_filename()
        assert filename is not None
        assert hashlib.sha256(attachment.get_content()).hexdigest() == by_file[filename]

    texts = {
        "stdout": out + out2,
        "stderr": err + err2,
        "manifest": (folder / MANIFEST).read_text(),
        "sent-log": "\n".join(log),
        "file names": " ".join(p.name for p in folder.rglob("*")),
    }
    for name in names_in(workdir / "patients.csv"):
        for where, text in texts.items():
            for part in name.split():
                assert part not in text, f"{part} found in the {where}"
    assert "@example.org" not in texts["sent-log"] + texts["manifest"]
    for pdf in sorted(folder.glob("*.pdf")):
        facts, raw = read_document(pdf.read_bytes()), pdf.read_bytes()
        owner = next(n for n in names_in(workdir / "patients.csv") if n.split()[0] in facts.text)
        for value in facts.info.values():  # printed on the page, absent from the metadata
            assert owner.split()[0] not in value
            assert owner.split()[-1] not in value
        assert owner.split()[-1].encode() not in raw


def test_rows_stopped_while_sending_are_never_sent_again(
    workdir: Path,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    args = ("patients.csv", "--clinic", "clinic.yaml", "--workers", "1")
    assert batch(*args)[0] == 0
    folder = workdir / "out" / "patients"
    first = manifest(folder)[0]
    from handout.delivery.batch import SentLog
    from handout.delivery.keys import folder_key

    # What a run killed between "sending" and "sent" leaves behind, written the way we write it.
    row = next(r for r in _rows(workdir) if r.number == int(first["row"]))
    SentLog(folder, folder_key(folder)).append("sending", row, first["sha256"])
    code, out, err = batch(*args, "--send")
    assert code == 1
    assert f"patients.csv:{row.number}: a previous run stopped while sending this row" in err
    assert f"Sent {ROWS - 1} emails" in out
    assert row.email not in [r for got in smtp_server.received for r in got.rcpt_tos]
    assert manifest(folder)[0]["sent"] == "unknown"


def _rows(workdir: Path) -> list[Row]:
    from handout.clinic import load_clinic
    from handout.delivery.rows import read_rows
    from handout.library import ContentLibrary

    rows, issues = read_rows(
        Path("patients.csv"),
        ContentLibrary(),
        load_clinic(workdir / "clinic.yaml"),
        article=ARTICLE,
        need_email=True,
    )
    assert not issues
    return rows


@pytest.mark.parametrize("failure", ["server down", "login refused"])
def test_send_failures_are_one_line_and_nothing_is_recorded_as_sent(
    workdir: Path,
    smtp_server: SmtpServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    failure: str,
) -> None:
    if failure == "server down":
        monkeypatch.setenv("HANDOUT_SMTP_PORT", str(free_port()))
        expected = "cannot reach SMTP server 127.0.0.1:"
    else:
        monkeypatch.setenv("HANDOUT_SMTP_PASSWORD", "wrong-password")
        expected = "SMTP login refused for user"
    code, out, err = batch("patients.csv", "--clinic", "clinic.yaml", "--send", "--workers", "1")
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("handout: error:")]
    assert len(errors) == 1
    assert expected in errors[0]
    assert f"Built {ROWS} of {ROWS} rows" in out  # the PDFs are made; only the sending failed
    folder = workdir / "out" / "patients"
    assert "\tsent\t" not in (folder / SENT_LOG).read_text(encoding="utf-8")
    assert {e["sent"] for e in manifest(folder)} == {""}
    assert smtp_server.received == []
    monkeypatch.setenv("HANDOUT_SMTP_PORT", str(smtp_server.port))  # the server is back ...
    monkeypatch.setenv("HANDOUT_SMTP_PASSWORD", PASSWORD)  # ... and the password right
    code, out, err = batch("patients.csv", "--clinic", "clinic.yaml", "--send", "--workers", "1")
    assert code == 0, err
    assert f"Sent {ROWS} emails" in out
    assert len(smtp_server.received) == ROWS


def test_refused_recipient_fails_only_its_row(workdir: Path, smtp_server: SmtpServer) -> None:  # noqa: F811
    text = (
        (workdir / "patients.csv")
        .read_text(encoding="utf-8")
        .replace("bart@example.org", "refuse-bart@example.org")
    )
    (workdir / "patients.csv").write_text(text, encoding="utf-8")
    args = ("patients.csv", "--clinic", "clinic.yaml", "--send", "--workers", "1")
    code, out, err = batch(*args)
    assert code == 1
    assert err.splitlines()[-1] == (
        "handout: error: patients.csv:3: the SMTP server refused the recipient: "
        "550 5.1.1 Mailbox unavailable"
    )
    assert len(smtp_server.received) == ROWS - 1
    entries = {int(e["row"]): e for e in manifest(workdir / "out" / "patients")}
    assert entries[3]["sent"] == "failed"
    assert entries[3]["status"] == "ok"
    code, out, _ = batch(*args)  # a re-run tries the refused row again, and only that one
    assert code == 1
    assert f"Sent 0 emails ({ROWS - 1} already sent, so not again); 1 not sent" in out
    assert len(smtp_server.received) == ROWS - 1


def test_encrypted_batch_sends_the_files_it_wrote(
    workdir: Path,
    smtp_server: SmtpServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HANDOUT_PDF_PASSWORD", "batch-password")
    lines = (workdir / "patients.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (workdir / "few.csv").write_text("".join(lines[:4]), encoding="utf-8")
    code, out, err = batch(
        "few.csv", "--clinic", "clinic.yaml", "--send", "--encrypt", "--shared-password", "--workers", "2"
    )
    assert code == 0, err
    assert "not encrypted" not in err
    folder = workdir / "out" / "few"
    written = {hashlib.sha256(p.read_bytes()).hexdigest(): p.read_bytes() for p in folder.glob("*.pdf")}
    for got in smtp_server.received:
        (part,) = list(got.message.iter_attachments())
        assert part.get_filename() == "document.pdf"  # the article's name stays inside the encrypted PDF
        on_disk = written[hashlib.sha256(part.get_content()).hexdigest()]
        assert part.get_content() == on_disk
        assert_aes256(on_disk, "batch-password")
        assert "protected with a password" in plain_body(got.message)
    assert len(smtp_server.received) == 3
