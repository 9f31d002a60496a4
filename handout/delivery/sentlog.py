"""The sent-log: an append-only record of every email a batch folder sent, keyed by what was
sent (the request's digest and the recipient's), never by the row's place in the CSV, so rows
inserted, deleted or re-ordered between runs are never emailed twice.

A send is written down as `sending` before it goes and as `sent` (or `failed`) after; a run
killed in between leaves `sending`, which is never sent again unless the user, having checked
the clinic's sent mail, says so (`--mark-sent` or `--send-again`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from handout.delivery.rows import Row
from handout.errors import BuildFailedError

SENT_LOG = "sent-log.tsv"
EVENTS = ("sending", "sent", "failed", "marked-sent", "send-again")


def sent_log_name(shard_suffix: str = "") -> str:
    return f"sent-log{shard_suffix}.tsv"


class SentLog:
    """One shard's log in a folder; it reads every shard's log, appends to its own."""

    def __init__(self, folder: Path, key: bytes, shard_suffix: str = "") -> None:
        self.path = folder / sent_log_name(shard_suffix)
        self.secret = key

    def key(self, row: Row) -> str:
        return f"doc={row.inputs(self.secret)}\tto={row.recipient(self.secret)}"

    def states(self) -> dict[str, str]:
        """Latest event per key over every shard's log; a half-written last line (killed
        mid-append) is ignored. `marked-sent` reads as sent, `send-again` as never sent."""
        states: dict[str, str] = {}
        for path in sorted({self.path, *self.path.parent.glob(sent_log_name("*"))}):
            try:
                text = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                continue
            for line in text.splitlines(keepends=True):
                fields = line.rstrip("\n").split("\t")
                if line.endswith("\n") and len(fields) >= 4 and fields[1] in EVENTS:
                    event = {"marked-sent": "sent", "send-again": ""}.get(fields[1], fields[1])
                    states["\t".join(fields[2:4])] = event
        return states

    def append(self, event: str, row: Row, sha256: str = "") -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        line = f"{stamp}\t{event}\t{self.key(row)}\trow={row.number}\tsha256={sha256}\n"
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode())
            os.fsync(fd)
        finally:
            os.close(fd)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One sender per log at a time: a second run would read the log before we write it."""
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            try:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except ImportError:  # Windows: no advisory locks; one run at a time is on the user
                pass
            except OSError:
                raise BuildFailedError(
                    f"another handout batch is sending from {self.path.parent}; wait for it to finish"
                ) from None
            yield
        finally:
            os.close(fd)
