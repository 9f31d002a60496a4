"""One password per patient: the row's own (`password` column) or one made for that row alone,
written to `passwords.csv` (mode 0600) for staff to read out by phone, and kept across re-runs
for rows that did not change (their PDF is already locked with it)."""

from __future__ import annotations

import csv
import io
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# No 0/O, 1/I/L: read out over the phone without spelling mistakes. 12 of 31 symbols: ~59 bits.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PASSWORDS = "passwords.csv"


def passwords_name(shard_suffix: str = "") -> str:
    return f"passwords{shard_suffix}.csv"


def new_password() -> str:
    """Like `K7QM-4XPT-9RWD`: three groups of four, easy to read aloud and to type."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return "-".join(symbols[i : i + 4] for i in range(0, 12, 4))


@dataclass(frozen=True)
class Issued:
    """A password made for one row: which file it opens and the request it was made for."""

    row: int
    file: str
    inputs: str
    password: str


def read_issued(folder: Path, name: str = PASSWORDS) -> dict[int, Issued]:
    try:
        with open(folder / name, newline="", encoding="utf-8") as handle:
            return {int(r["row"]): Issued(int(r["row"]), r["file"], r["inputs"], r["password"])
                    for r in csv.DictReader(handle) if (r.get("row") or "").isdigit()}
    except (OSError, csv.Error, KeyError):
        return {}


def write_issued(folder: Path, issued: Iterable[Issued], name: str = PASSWORDS) -> Path:
    """Written whole, readable by the owner only, never half a file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["row", "file", "password", "inputs"])
    for item in sorted(issued, key=lambda i: i.row):
        writer.writerow([item.row, item.file, item.password, item.inputs])
    path = folder / name
    tmp = folder / f".{name}.{os.getpid()}.part"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, buffer.getvalue().encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    return path
