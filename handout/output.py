"""Writes files atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from handout.errors import BuildFailedError


def ensure_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildFailedError(f"cannot create output folder {folder}: {exc.strerror}; choose another --out") from None
    if not os.access(folder, os.W_OK):
        raise BuildFailedError(f"output folder {folder} is not writable; choose another --out")


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` so a reader never sees half a file, even if we are killed."""
    ensure_folder(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException as exc:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise BuildFailedError(f"cannot write {path}: {exc.strerror}") from None
        raise
    return path
