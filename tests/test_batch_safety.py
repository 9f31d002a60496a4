"""Safe with real patients: an edited CSV never re-sends, each patient has her own password,
what travels or rests in clear names nobody, and a stopped send can be settled from the CLI."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from handout.cli import app
from handout.delivery.mail import SmtpSettings
from handout.errors import BadInputError
from handout.quality.pdf_facts import read_document

from .conftest import ARTICLE, FIXTURES
from .test_email import CLINIC_YAML, SmtpServer, _smtp_controller, free_port, plain_body, smtp_server  # noqa: F401

runner = CliRunner()
PATIENTS = FIXTURES / "batch" / "patients.csv"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(PATIENTS, tmp_path / "patients.csv")
    (tmp_path / "clinic.yaml").write_text(CLINIC_YAML, encoding="utf-8")
    monkeypatch.delenv("HANDOUT_PDF_PASSWORD", raising=False)
    return tmp_path


def batch(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["batch", *args, "--article", ARTICLE, "--clinic", "clinic.yaml", "--workers", "2"])
    return result.exit_code, result.stdout, result.stderr


def rows_of(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def pdf_text(data: bytes, password: str | None = None) -> str:
    return read_document(data, password=password).text


def test_a_patient_inserted_at_the_top_sends_one_email_and_leaves_no_misnumbered_file(
    workdir: Path, smtp_server: SmtpServer,  # noqa: F811
) -> None:
    code, out, err = batch("patients.csv", "--send")
    assert code == 0, err
    sent_first = len(smtp_server.received)
    rows = rows_of(workdir / "patients.csv")
    newcomer = {**rows[0], "name": "Nadia Okafor", "email": "nadia@example.org", "note": ""}
    write_rows(workdir / "patients.csv", [newcomer, *rows])
    code, out, err = batch("patients.csv", "--send")
    assert code == 0, err
    assert len(smtp_server.received) == sent_first + 1
    assert smtp_server.received[-1].rcpt_tos == ["nadia@example.org"]
    assert f"Sent 1 email ({sent_first} already sent, so not again)" in out
    folder = workdir / "out" / "patients"
    entries = rows_of(folder / "manifest.csv")
    assert len(entries) == len(rows) + 1
    assert {p.name for p in folder.glob("row-*.pdf")} == {e["file"] for e in entries}  # no stale file
    for entry, row in zip(entries, [newcomer, *rows], strict=True):  # each file is its own row's patient's
        assert row["name"].split()[-1] in pdf_text((folder / entry["file"]).read_bytes())


def test_deleting_and_reordering_rows_sends_nothing_again(workdir: Path, smtp_server: SmtpServer) -> None:  # noqa: F811
    assert batch("patients.csv", "--send")[0] == 0
    before = len(smtp_server.received)
    rows = rows_of(workdir / "patients.csv")
    write_rows(workdir / "patients.csv", list(reversed(rows[2:])))
    code, out, err = batch("patients.csv", "--send")
    assert code == 0, err
    assert len(smtp_server.received) == before
    assert f"Sent 0 emails ({len(rows) - 2} already sent, so not again)" in out


def test_the_same_document_to_the_same_address_twice_in_one_csv_goes_once(
    workdir: Path, smtp_server: SmtpServer,  # noqa: F811
) -> None:
    rows = rows_of(workdir / "patients.csv")[:2]
    write_rows(workdir / "twice.csv", [rows[0], rows[1], rows[0]])
    code, out, err = batch("twice.csv", "--send")
    assert code == 0, err
    assert len(smtp_server.received) == 2
    assert "Sent 2 emails (1 already sent, so not again)" in out


def test_every_patient_gets_her_own_password_kept_across_reruns(workdir: Path) -> None:
    code, out, err = batch("patients.csv", "--encrypt")
    assert code == 0, err
    folder = workdir / "out" / "patients"
    path = folder / "passwords.csv"
    assert "Each patient's password: out/patients/passwords.csv" in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    issued = rows_of(path)
    entries = {e["row"]: e for e in rows_of(folder / "manifest.csv")}
    assert len({i["password"] for i in issued}) == len(issued) == len(entries)
    first, second = issued[0], issued[1]
    data = (folder / first["file"]).read_bytes()
    assert PdfReader(io.BytesIO(data)).decrypt(second["password"]) == 0  # another patient's does not open it
    assert PdfReader(io.BytesIO(data)).decrypt(first["password"]) != 0
    assert "name" not in path.read_text(encoding="utf-8").splitlines()[0]
    code, out, err = batch("patients.csv", "--encrypt")
    assert code == 0, err
    assert f"({len(entries)} already done)" in out
    assert rows_of(path) == issued


def test_a_password_column_sets_each_rows_password_and_a_short_one_is_never_echoed(workdir: Path) -> None:
    rows = [{**r, "password": f"secret-{i:04d}-x"} for i, r in enumerate(rows_of(workdir / "patients.csv")[:2])]
    write_rows(workdir / "own.csv", rows)
    code, out, err = batch("own.csv")
    assert code == 0, err
    folder = workdir / "out" / "own"
    assert not (folder / "passwords.csv").exists()
    for entry, row in zip(rows_of(folder / "manifest.csv"), rows, strict=True):
        data = (folder / entry["file"]).read_bytes()
        assert row["name"].split()[-1] in pdf_text(data, row["password"])
    write_rows(workdir / "short.csv", [{**rows[0], "password": "abc12"}])
    code, _, err = batch("short.csv")
    assert code == 2
    assert "short.csv:2: password: shorter than 8 characters" in err
    assert "abc12" not in err


def test_an_encrypted_email_names_neither_the_patient_nor_the_condition(
    workdir: Path, smtp_server: SmtpServer,  # noqa: F811
) -> None:
    rows = rows_of(workdir / "patients.csv")[:1]
    write_rows(workdir / "one.csv", rows)
    code, out, err = batch("one.csv", "--send", "--encrypt")
    assert code == 0, err
    (got,) = smtp_server.received
    body = plain_body(got.message)
    clear = str(got.message["Subject"]) + body
    for word in (*rows[0]["name"].split(), "spasm", "pregnan", "Back"):
        assert word.lower() not in clear.lower()
    assert "A document from Riverside Midwives" == str(got.message["Subject"])
    assert "password" in body


def test_a_send_a_stopped_run_left_unknown_is_settled_from_the_cli(
    workdir: Path, smtp_server: SmtpServer,  # noqa: F811
) -> None:
    from handout.clinic import load_clinic
    from handout.delivery.keys import folder_key
    from handout.delivery.rows import read_rows
    from handout.delivery.sentlog import SentLog
    from handout.library import ContentLibrary

    rows = rows_of(workdir / "patients.csv")[:3]
    write_rows(workdir / "three.csv", rows)
    assert batch("three.csv")[0] == 0
    folder = workdir / "out" / "three"
    parsed, _ = read_rows(Path("three.csv"), ContentLibrary(), load_clinic(workdir / "clinic.yaml"), article=ARTICLE)
    log = SentLog(folder, folder_key(folder))
    log.append("sending", parsed[0])  # killed between handing the message over and logging it
    log.append("sending", parsed[1])
    code, out, err = batch("three.csv", "--send")
    assert code == 1
    assert "three.csv:2: a previous run stopped while sending this row" in err
    assert "--mark-sent 2 or --send-again 2" in err
    assert len(smtp_server.received) == 1
    code, out, err = batch("three.csv", "--send", "--mark-sent", "2", "--send-again", "3")
    assert code == 0, err
    assert [got.rcpt_tos for got in smtp_server.received][1:] == [[rows[1]["email"]]]
    code, out, err = batch("three.csv", "--send")
    assert code == 0, err
    assert "Sent 0 emails (3 already sent, so not again)" in out
    code, out, err = batch("three.csv", "--send", "--mark-sent", "2")
    assert code == 2
    assert "row 2 is not one a stopped run left unknown" in err


def test_records_at_rest_hold_keyed_digests_only(workdir: Path, smtp_server: SmtpServer) -> None:  # noqa: F811
    rows = rows_of(workdir / "patients.csv")[:2]
    write_rows(workdir / "two.csv", rows)
    first = runner.invoke(app, ["batch", "two.csv", "--article", ARTICLE, "--clinic", "clinic.yaml", "--send",
                                "--out", "a"])
    second = runner.invoke(app, ["batch", "two.csv", "--article", ARTICLE, "--clinic", "clinic.yaml", "--out", "b"])
    assert first.exit_code == second.exit_code == 0
    key_file = workdir / "a" / ".handout-key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    log = (workdir / "a" / "sent-log.tsv").read_text(encoding="utf-8")
    for row in rows:
        address = row["email"].strip().lower().encode()
        assert hashlib.sha256(address).hexdigest()[:16] not in log
        assert row["email"] not in log
    inputs_a = [e["inputs"] for e in rows_of(workdir / "a" / "manifest.csv")]
    inputs_b = [e["inputs"] for e in rows_of(workdir / "b" / "manifest.csv")]
    assert inputs_a != inputs_b  # the same request gives another digest in another folder


def test_a_glyph_error_does_not_copy_the_name_into_the_manifest(workdir: Path) -> None:
    rows = rows_of(workdir / "patients.csv")[:1]
    write_rows(workdir / "emoji.csv", [{**rows[0], "name": "Zoë 😀 Quartermaine"}])
    code, out, err = batch("emoji.csv", "--skip-invalid")
    folder = workdir / "out" / "emoji"
    text = (folder / "manifest.csv").read_text(encoding="utf-8") if (folder / "manifest.csv").exists() else ""
    assert code == 1  # the row could not be built
    assert "1 failed" in out
    for part in ("Zoë", "ë", "😀", "Quartermaine", "1F600", "00EB", "GRINNING"):
        assert part not in text
        assert part not in out + err


@pytest.mark.parametrize(("host", "allowed"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                               ("smtp.riverside.example", False), ("10.0.0.5", False)])
def test_a_clear_text_login_is_refused_unless_the_server_is_on_this_machine(host: str, allowed: bool) -> None:
    settings = SmtpSettings(host=host, port=25, security="none", user="desk", sender="a@b.org", password="pw")
    if allowed:
        assert settings.require_server() is settings
    else:
        with pytest.raises(BadInputError, match="would cross the network in clear text; use starttls or tls"):
            settings.require_server()
