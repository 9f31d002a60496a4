"""Runs a mail-merge: one handout per row, built on every core, resumable, never sent twice.

Nothing written here carries a patient's name: files are `row-0007_<build name>.pdf`, the
manifest and the sent-log name rows by number, and requests and recipients by keyed digests
(`keys.py`). Each patient's PDF gets its own password when encrypted (`passwords.py`).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from handout import jobs
from handout.build import build_pdf
from handout.delivery.keys import folder_key
from handout.delivery.manifest import (
    MANIFEST,
    Entry,
    manifest_name,
    merge_manifests,
    read_manifest,
    sha256_file,
    write_manifest,
)
from handout.delivery.passwords import Issued, new_password, passwords_name, read_issued, write_issued
from handout.delivery.rows import Row
from handout.delivery.sentlog import SENT_LOG, SentLog, sent_log_name
from handout.errors import BadInputError, HandoutError
from handout.library import ContentLibrary
from handout.output import ensure_folder, write_atomic
from handout.writers import first_line

if TYPE_CHECKING:
    from handout.delivery.mail import SmtpSettings

__all__ = [
    "MANIFEST", "SENT_LOG", "BuildReport", "Entry", "SendReport", "SentLog", "build_rows", "manifest_name",
    "merge_manifests", "send_rows", "sent_log_name",
]
MANIFEST_EVERY = 0.5  # seconds between manifest rewrites while rows finish


@dataclass
class BuildReport:
    entries: dict[int, Entry]
    skipped: int = 0  # already done by an earlier run
    passwords: Path | None = None  # the file of passwords made for this run's rows, if any
    removed: int = 0  # files of an earlier run that no row asks for any more

    @property
    def failed(self) -> list[Entry]:
        return [e for e in sorted(self.entries.values(), key=lambda e: e.row) if e.status == "failed"]


def build_rows(
    rows: list[Row],
    out: Path,
    root: Path,
    *,
    shared_password: str | None = None,
    workers: int | None = None,
    invalid: Iterable[Entry] = (),
    on_done: Callable[[Entry], None] = lambda _: None,
    shard_suffix: str = "",
) -> BuildReport:
    """Build every row that is not already done; each file and the manifest written atomically.

    A row is done when the previous manifest says ok for the same request and its file still has
    the recorded checksum. The manifest is rewritten every half second while rows finish, so a
    killed run loses little work; temporary files a killed run left behind are removed first, and
    files of an earlier run that no row asks for any more (rows inserted, deleted, moved) go too.
    """
    ensure_folder(out)
    key, manifest = folder_key(out), manifest_name(shard_suffix)
    for stale in [*out.glob(".row-*.part"), *out.glob(f".{manifest}.*.part")]:
        stale.unlink(missing_ok=True)
    previous = read_manifest(out, manifest)
    rows = _with_passwords(rows, out, key, shared_password, shard_suffix)
    report = BuildReport({e.row: e for e in invalid})
    report.passwords = out / passwords_name(shard_suffix) if any(r.encrypt and not shared_password for r in rows) \
        else None
    report.removed = _remove_unclaimed(out, previous, rows)
    todo = []
    for row in rows:
        old = previous.get(row.number)
        inputs = row.inputs(key)
        if old and old.status == "ok" and old.file == row.filename and old.inputs == inputs \
                and sha256_file(out / row.filename) == old.sha256:
            report.entries[row.number] = replace(old, error="")  # any error was a sending one
            report.skipped += 1
            on_done(old)
        else:
            todo.append(_RowJob(row, out, root, inputs))
    last_write = time.monotonic()

    def record(_index: int, entry: Entry) -> None:
        nonlocal last_write
        report.entries[entry.row] = entry
        on_done(entry)
        if time.monotonic() - last_write > MANIFEST_EVERY:
            write_manifest(out, report.entries.values(), manifest)
            last_write = time.monotonic()

    try:
        jobs.run(_build_row, todo, workers=workers, chunk_size=1, on_result=record)
    finally:
        write_manifest(out, report.entries.values(), manifest)
    return report


def _with_passwords(rows: list[Row], out: Path, key: bytes, shared: str | None, suffix: str) -> list[Row]:
    """Each encrypted row with its password: the shared one when asked for, the row's own, the
    one made for it by an earlier run (same request), or a new one, written to the passwords file."""
    if shared is not None:
        return [replace(row, password=shared) if row.encrypt else row for row in rows]
    issued = read_issued(out, passwords_name(suffix))
    kept: dict[int, Issued] = {}
    result = []
    for row in rows:
        if row.encrypt and not row.password:
            inputs = row.inputs(key)
            old = issued.get(row.number)
            made = old if old and old.inputs == inputs and old.file == row.filename else \
                Issued(row.number, row.filename, inputs, new_password())
            kept[row.number] = made
            row = replace(row, password=made.password)
        result.append(row)
    if kept or issued:
        write_issued(out, kept.values(), passwords_name(suffix))
    return result


def _remove_unclaimed(out: Path, previous: dict[int, Entry], rows: list[Row]) -> int:
    """Delete an earlier run's PDFs that no current row claims: after a row is inserted, the file
    numbered for it must never be taken for another patient's."""
    claimed = {row.number: row.filename for row in rows}
    removed = 0
    for entry in previous.values():
        if entry.file.startswith("row-") and "/" not in entry.file and claimed.get(entry.row) != entry.file:
            path = out / entry.file
            if path.is_file():
                path.unlink()
                removed += 1
    return removed


@dataclass(frozen=True)
class _RowJob:
    row: Row
    out: Path
    root: Path
    inputs: str


def _build_row(job: _RowJob) -> Entry:
    """Build, maybe encrypt, and write one row; errors become the entry's one-line message."""
    row = job.row
    base = Entry(row.number, row.filename, inputs=job.inputs)
    try:
        pdf = build_pdf(jobs.library_at(job.root), row.article, row.opts).pdf
        if row.encrypt:
            from handout.delivery.encrypt import encrypt_pdf

            assert row.password, "encrypting needs a password"
            pdf = encrypt_pdf(pdf, row.password)
        write_atomic(job.out / row.filename, pdf)
    except HandoutError as exc:
        message = first_line(exc)
    except Exception as exc:  # noqa: BLE001 - one bad row must not stop the others
        message = f"unexpected {type(exc).__name__}: {exc}"
    else:
        return replace(base, sha256=hashlib.sha256(pdf).hexdigest(), status="ok")
    return replace(base, status="failed", error=scrub(message, row))


def scrub(message: str, row: Row) -> str:
    """The message without anything the patient's fields hold: the name, its words, and any
    letter of them outside ASCII (a glyph error names the letters it cannot draw)."""
    private = [text for text in (row.opts.patient, row.opts.note, row.email) if text]
    for text in private:
        message = message.replace(text, "<patient data>")
        for word in text.split():
            if len(word) > 1:
                message = message.replace(word, "<patient data>")
    import unicodedata

    letters = {ch for text in private for ch in text if ord(ch) > 127}
    for ch in letters:
        message = message.replace(f"U+{ord(ch):04X}", "U+….").replace(ch, "…")
        if unicodedata.name(ch, ""):
            message = message.replace(unicodedata.name(ch), "…")
    return message


# --- sending ----------------------------------------------------------------------------------


@dataclass
class SendReport:
    sent: int = 0
    before: int = 0  # sent already (by an earlier run, or the same document to the same address)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row, what went wrong)


UNKNOWN = ("a previous run stopped while sending this row, so it may have arrived; it is not sent again. "
           "Check the clinic's sent mail, then run again with --mark-sent {row} or --send-again {row}")


def send_rows(
    rows: list[Row],
    report: BuildReport,
    out: Path,
    settings: SmtpSettings,
    library: ContentLibrary,
    *,
    on_done: Callable[[Row], None] = lambda _: None,
    shard_suffix: str = "",
    mark_sent: Collection[int] = (),
    send_again: Collection[int] = (),
) -> SendReport:
    """Email every built row whose document has not gone to its address yet; the report says
    what did not, and why. `mark_sent` and `send_again` settle rows a killed run left unknown.

    A server that cannot be reached or refuses the login raises MailServerError before
    anything is written to the sent-log; a refused recipient fails only its own row.
    """
    log, result = SentLog(out, folder_key(out), shard_suffix), SendReport()

    def mark(row: Row, sent: str, error: str = "") -> None:
        entry = report.entries[row.number]
        report.entries[row.number] = replace(entry, sent=sent, error=error or entry.error)
        if error:
            result.problems.append((row.number, error))
        on_done(row)

    try:
        with log.locked():
            states = log.states()
            _settle(rows, states, log, mark_sent, send_again)
            pending: list[Row] = []
            queued: set[str] = set()  # the same document to the same address on two rows goes once
            for row in rows:
                entry, key = report.entries.get(row.number), log.key(row)
                if entry is None or entry.status != "ok":
                    continue
                if states.get(key) == "sent" or key in queued:
                    result.before += 1
                    mark(row, "sent")
                elif states.get(key) == "sending":
                    mark(row, "unknown", UNKNOWN.format(row=row.number))
                else:
                    pending.append(row)
                    queued.add(key)
            if pending:
                _deliver(pending, report, out, settings, library, log, result, mark)
    finally:
        write_manifest(out, report.entries.values(), manifest_name(shard_suffix))
    return result


def _settle(rows: list[Row], states: dict[str, str], log: SentLog, mark_sent: Collection[int],
            send_again: Collection[int]) -> None:
    """Apply the user's word on rows a killed run left unknown; refuse it for any other row."""
    numbers = {row.number: row for row in rows}
    for number in [*mark_sent, *send_again]:
        row = numbers.get(number)
        if row is None or states.get(log.key(row)) != "sending":
            raise BadInputError(f"row {number} is not one a stopped run left unknown; "
                                "--mark-sent and --send-again take only those rows")
        event = "marked-sent" if number in mark_sent else "send-again"
        log.append(event, row)
        states[log.key(row)] = "sent" if number in mark_sent else ""


def _deliver(pending: list[Row], report: BuildReport, out: Path, settings: SmtpSettings, library: ContentLibrary,
             log: SentLog, result: SendReport, mark: Callable[..., None]) -> None:
    from handout.delivery.mail import Letter, Mailer, MailServerError, RecipientRefusedError, compose

    with Mailer(settings) as mailer:
        for row in pending:
            entry = report.entries[row.number]
            pdf = (out / row.filename).read_bytes()
            if hashlib.sha256(pdf).hexdigest() != entry.sha256:
                mark(row, "failed", f"{row.filename} changed since it was built; run again to rebuild it")
                continue
            title = library.load(row.article, row.opts.lang).title
            letter = Letter(row.email, row.opts.lang, title, pdf, row.filename, row.opts.clinic, row.opts.patient,
                            row.encrypt)
            msg = compose(letter, settings.sender)
            log.append("sending", row, entry.sha256)
            try:
                mailer.send(msg)
            except RecipientRefusedError as exc:
                log.append("failed", row, entry.sha256)
                mark(row, "failed", exc.message)
                continue
            except MailServerError:
                log.append("failed", row, entry.sha256)
                mark(row, "failed", "not sent: the connection to the server was lost")
                raise
            log.append("sent", row, entry.sha256)
            result.sent += 1
            mark(row, "sent")
