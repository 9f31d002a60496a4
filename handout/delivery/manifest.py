"""The batch manifest: one line per CSV row saying what became of it (file, checksum, status,
whether it was sent), rewritten atomically so a killed run leaves a whole one. No names in it:
rows by number, requests by a keyed digest."""

from __future__ import annotations

import csv
import hashlib
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from handout.errors import BadInputError
from handout.output import write_atomic

MANIFEST = "manifest.csv"
MANIFEST_FIELDS = ("row", "file", "sha256", "status", "error", "inputs", "sent")


def manifest_name(shard_suffix: str = "") -> str:
    """`manifest.csv`, or each shard's own `manifest-shard-1-of-4.csv` (shards share a folder)."""
    return f"manifest{shard_suffix}.csv"


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
