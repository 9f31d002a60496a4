"""Runs a mail-merge: one handout per row, built on every core, resumable, never sent twice.

Nothing written here carries a patient's name: files are `row-0007_<build name>.pdf`, the
manifest and the sent-log name rows by number, and recipients by a hash of their address.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from handout import jobs
from handout.build import build_pdf
from handout.delivery.rows import Row
from handout.errors import BadInputError, BuildFailedError, HandoutError
from handout.library import ContentLibrary
from handout.output import ensure_folder, write_atomic
from handout.writers import first_line

if TYPE_CHECKING:
    from handout.delivery.mail import SmtpSettings

MANIFEST = "manifest.csv"
SENT_LOG = "sent-log.tsv"


def manifest_name(shard_suffix: str = "") -> str:
    """`manifest.csv`, or each shard's own `manifest-shard-1-of-4.csv` (shards share a folder)."""
    return f"manifest{shard_suffix}.csv"


def sent_log_name(shard_suffix: str = "") -> str:
    return f"sent-log{shard_suffix}.tsv"
MANIFEST_FIELDS = ("row", "file", "sha256", "status", "error", "inputs", "sent")
MANIFEST_EVERY = 0.5  # seconds between manifest rewrites while rows finish


@dataclass(frozen=True)
class Entry:
    """One manifest line: what became of a row."""

    row: int
    file: str = ""
    sha256: str = ""
    status: str = ""  # ok | failed | invalid
    error: str = ""
    inputs: str = ""
    sent: str = ""  # "" | sent | failed | unknown (stopped while sending: never sent again)


# --- the manifest -----------------------------------------------------------------------------


def read_manifest(folder: Path, name: str = MANIFEST) -> dict[int, Entry]:
    """The entries of a previous run (empty if there was none or it cannot be read)."""
    try:
        with open(folder / name, newline="", encoding="utf-8") as handle:
            return {
                int(r["row"]): Entry(int(r["row"]), *(r.get(k) or "" for k in MANIFEST_FIELDS[1:]))
                for r in csv.DictReader(handle)
                if (r.get("row") or "").isdigit()
            }
    except (OSError, csv.Error, KeyError, TypeError):
        return {}


def write_manifest(folder: Path, entries: Iterable[Entry], name: str = MANIFEST) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MANIFEST_FIELDS)
    for e in sorted(entries, key=lambda e: e.row):
        writer.writerow([e.row, e.file, e.sha256, e.status, e.error, e.inputs, e.sent])
    return write_atomic(folder / name, buffer.getvalue().encode())


def sha256_file(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


# --- building, in parallel --------------------------------------------------------------------


@dataclass
class BuildReport:
    entries: dict[int, Entry]
    skipped: int = 0  # already done by an earlier run

    @property
    def failed(self) -> list[Entry]:
        return [
            e for e in sorted(self.entries.values(), key=lambda e: e.row) if e.status == "failed"
        ]


def build_rows(
    rows: list[Row],
    out: Path,
    root: Path,
    *,
    password: str | None = None,
    workers: int | None = None,
    invalid: Iterable[Entry] = (),
    on_done: Callable[[Entry], None] = lambda _: None,
    shard_suffix: str = "",
) -> BuildReport:
    """Build every row that is not already done; each file and the manifest written atomically.

    A row is done when the previous manifest says ok for the same inputs and its file still has
    the recorded checksum. The manifest is rewritten every half second while rows finish, so a
    killed run loses little work; temporary files a killed run left behind are removed first.
    """
    ensure_folder(out)
    manifest = manifest_name(shard_suffix)
    for stale in [*out.glob(".row-*.part"), *out.glob(f".{manifest}.*.part")]:
        stale.unlink(missing_ok=True)
    previous = read_manifest(out, manifest)
    report = BuildReport({e.row: e for e in invalid})
    todo = []
    for row in rows:
        old = previous.get(row.number)
        if (
            old
            and old.status == "ok"
            and old.file == row.filename
            and old.inputs == row.inputs
            and sha256_file(out / row.filename) == old.sha256
        ):
            report.entries[row.number] = replace(old, error="")  # any error was a sending one
            report.skipped += 1
            on_done(old)
        else:
            todo.append(row)
    last_write = time.monotonic()

    def record(_index: int, entry: Entry) -> None:
        nonlocal last_write
        report.entries[entry.row] = entry
        on_done(entry)
        if time.monotonic() - last_write > MANIFEST_EVERY:
            write_manifest(out, report.entries.values(), manifest)
            last_write = time.monotonic()

    try:
        jobs.run(_build_row, [_RowJob(row, out, root, password) for row in todo], workers=workers, chunk_size=1,
                 on_result=record)
    finally:
        write_manifest(out, report.entries.values(), manifest)
    return report


@dataclass(frozen=True)
class _RowJob:
    row: Row
    out: Path
    root: Path
    password: str | None


def _build_row(job: _RowJob) -> Entry:
    """Build, maybe encrypt, and write one row; errors become the entry's one-line message."""
    row = job.row
    base = Entry(row.number, row.filename, inputs=row.inputs)
    try:
        pdf = build_pdf(jobs.library_at(job.root), row.article, row.opts).pdf
        if row.encrypt:
            from handout.delivery.encrypt import encrypt_pdf

            assert job.password, "encrypting needs a password"
            pdf = encrypt_pdf(pdf, job.password)
        write_atomic(job.out / row.filename, pdf)
    except HandoutError as exc:
        message = first_line(exc)
    except Exception as exc:  # noqa: BLE001 - one bad row must not stop the others
        message = f"unexpected {type(exc).__name__}: {exc}"
    else:
        return replace(base, sha256=hashlib.sha256(pdf).hexdigest(), status="ok")
    if row.opts.patient:
        message = message.replace(row.opts.patient, "<name>")
    return replace(base, status="failed", error=message)


# --- the sent-log -----------------------------------------------------------------------------


class SentLog:
    """Append-only record of sends; a row is written down as `sending` before it goes and as
    `sent` (or `failed`) after, so a run killed in between never sends that row again."""

    def __init__(self, folder: Path, shard_suffix: str = "") -> None:
        self.path = folder / sent_log_name(shard_suffix)

    @staticmethod
    def key(row: Row) -> str:
        return f"{row.filename}\t{row.inputs}\tto={row.recipient}"

    def states(self) -> dict[str, str]:
        """Latest event per key in every shard's log of the folder (a row edited into another
        shard is still known); a half-written last line (killed mid-append) is ignored."""
        states: dict[str, str] = {}
        for path in sorted({self.path, *self.path.parent.glob(sent_log_name("*"))}):
            try:
                text = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                continue
            for line in text.splitlines(keepends=True):
                fields = line.rstrip("\n").split("\t")
                if line.endswith("\n") and len(fields) >= 5:
                    states["\t".join(fields[2:5])] = fields[1]
        return states

    def append(self, event: str, row: Row, sha256: str) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        line = f"{stamp}\t{event}\t{self.key(row)}\tsha256={sha256}\n"
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode())
            os.fsync(fd)
        finally:
            os.close(fd)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One sender per folder at a time: a second run would read the log before we write it."""
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            try:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except ImportError:  # Windows: no advisory locks; one run at a time is on the user
                pass
            except OSError:
                raise BuildFailedError(
                    f"another handout batch is sending from {self.path.parent}; "
                    "wait for it to finish"
                ) from None
            yield
        finally:
            os.close(fd)


# --- sending ----------------------------------------------------------------------------------


@dataclass
class SendReport:
    sent: int = 0
    before: int = 0  # sent by an earlier run, so not again
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row, what went wrong)


def send_rows(
    rows: list[Row],
    report: BuildReport,
    out: Path,
    settings: SmtpSettings,
    library: ContentLibrary,
    *,
    on_done: Callable[[Row], None] = lambda _: None,
    shard_suffix: str = "",
) -> SendReport:
    """Email every built row that has not gone yet; the report says what did not, and why.

    A server that cannot be reached or refuses the login raises MailServerError before
    anything is written to the sent-log; a refused recipient fails only its own row.
    """
    from handout.delivery.mail import (
        Letter,
        Mailer,
        MailServerError,
        RecipientRefusedError,
        compose,
    )

    log, result = SentLog(out, shard_suffix), SendReport()

    def mark(row: Row, sent: str, error: str = "") -> None:
        entry = report.entries[row.number]
        report.entries[row.number] = replace(entry, sent=sent, error=error or entry.error)
        if error:
            result.problems.append((row.number, error))
        on_done(row)

    try:
        with log.locked():
            states, pending = log.states(), []
            for row in rows:
                entry = report.entries.get(row.number)
                state = states.get(log.key(row))
                if entry is None or entry.status != "ok":
                    continue
                if state == "sent":
                    result.before += 1
                    mark(row, "sent")
                elif state == "sending":
                    mark(
                        row,
                        "unknown",
                        "a previous run stopped while sending this row, so it may have "
                        "arrived; it is not sent again (check the clinic's sent mail)",
                    )
                else:
                    pending.append(row)
            if not pending:
                return result
            with Mailer(settings) as mailer:
                for row in pending:
                    entry = report.entries[row.number]
                    pdf = (out / row.filename).read_bytes()
                    if hashlib.sha256(pdf).hexdigest() != entry.sha256:
                        mark(
                            row,
                            "failed",
                            f"{row.filename} changed since it was built; run again to rebuild it",
                        )
                        continue
                    title = library.load(row.article, row.opts.lang).title
                    msg = compose(
                        Letter(
                            row.email,
                            row.opts.lang,
                            title,
                            pdf,
                            row.filename,
                            row.opts.clinic,
                            row.opts.patient,
                            row.encrypt,
                        ),
                        settings.sender,
                    )
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
    finally:
        write_manifest(out, report.entries.values(), manifest_name(shard_suffix))
    return result


# --- shards' manifests, joined ------------------------------------------------------------------


@dataclass(frozen=True)
class Merged:
    path: Path
    manifests: int
    entries: list[Entry]


def merge_manifests(folders: Iterable[Path], out: Path) -> Merged:
    """Every shard's manifest in `folders` joined into `out`/manifest.csv, by row. Files in other
    folders are named relative to `out`. A row recorded twice, differently, is an error."""
    target = out / MANIFEST
    joined: dict[int, Entry] = {}
    count = 0
    for folder in folders:
        found = sorted(p for p in folder.glob(manifest_name("*")) if p.resolve() != target.resolve())
        if not found:
            raise BadInputError(f"{folder}: no manifest*.csv here; give the folders the shards wrote to")
        for path in found:
            count += 1
            prefix = os.path.relpath(folder, out)
            for row, entry in read_manifest(folder, path.name).items():
                if entry.file and prefix != ".":
                    entry = replace(entry, file=f"{prefix}/{entry.file}")
                if joined.get(row, entry) != entry:
                    raise BadInputError(f"{path}: row {row} is also in another manifest, with another result; "
                                        "merge the manifests of one run only")
                joined[row] = entry
    write_manifest(out, joined.values())
    return Merged(target, count, sorted(joined.values(), key=lambda e: e.row))
