"""Keyed digests for what a batch folder records about patients (addresses, requests).

A plain SHA-256 of an address or of a request that holds a name can be matched against a list
of candidates; an HMAC with a secret kept beside the records (mode 0600, one per output folder,
shared by the shards that write there) cannot, unless the secret leaks with them.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from handout.errors import BuildFailedError

KEY_FILE = ".handout-key"


def folder_key(folder: Path) -> bytes:
    """The folder's secret, made on first use; a shard that loses the race reads the winner's."""
    path = folder / KEY_FILE
    if not path.exists():
        tmp = folder / f".{KEY_FILE}.{os.getpid()}.part"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, secrets.token_hex(32).encode() + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)  # atomic: never a half-written key, never two keys
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    try:
        text = path.read_text(encoding="ascii").strip()
        return bytes.fromhex(text)
    except (OSError, ValueError):
        raise BuildFailedError(
            f"{path} is not a key this tool wrote; move it away to start the folder afresh"
        ) from None


def digest(key: bytes, text: str) -> str:
    """A short keyed digest: 128 bits, enough to tell records apart, useless to guess with."""
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:32]
