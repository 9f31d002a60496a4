"""What one server is set up with, and who may connect to it.

On loopback (the default) anyone on this computer may use the page. On any other address the
server refuses to start without an access token or a staff password, read from an environment
variable or a file: never from the command line, where `ps` and shell history would show it.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from handout.delivery.mail import is_loopback  # one rule for "this computer only", SMTP's and ours
from handout.errors import BadInputError
from handout.options import Clinic

TOKEN_ENV = "HANDOUT_WEB_TOKEN"
PASSWORD_ENV = "HANDOUT_WEB_PASSWORD"
MIN_SECRET = 12
MAX_BODY = 64 * 1024  # a request holds a name, a note and a few choices: a few hundred bytes


@dataclass(frozen=True)
class Access:
    """The secrets a request may carry: `Authorization: Bearer <token>` (clinic systems) or the
    password of HTTP Basic with any user name (staff in a browser). No secrets: no check."""

    secrets: tuple[str, ...] = field(default=(), repr=False)

    @property
    def required(self) -> bool:
        return bool(self.secrets)

    def allows(self, authorization: str) -> bool:
        if not self.secrets:
            return True
        scheme, _, value = authorization.strip().partition(" ")
        offered = ""
        if scheme.lower() == "bearer":
            offered = value.strip()
        elif scheme.lower() == "basic":
            import base64
            import binascii

            try:
                offered = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")[2]
            except (binascii.Error, UnicodeDecodeError):
                return False
        # Compare with every secret, so the time taken says nothing about which one nearly matched.
        matches = [hmac.compare_digest(offered.encode(), secret.encode()) for secret in self.secrets]
        return bool(offered) and any(matches)


def read_access(
    token_file: Path | None = None, password_file: Path | None = None, env: Mapping[str, str] | None = None
) -> Access:
    """The token and staff password from HANDOUT_WEB_TOKEN / HANDOUT_WEB_PASSWORD or from files
    (their first line); each at least MIN_SECRET characters."""
    env = os.environ if env is None else env
    found: list[str] = []
    for option, path, variable in (("--token-file", token_file, TOKEN_ENV), ("--password-file", password_file,
                                                                              PASSWORD_ENV)):
        secret = env.get(variable, "").strip() if path is None else _first_line(option, path)
        if secret and len(secret) < MIN_SECRET:
            where = f"{option} {path}" if path is not None else variable
            raise BadInputError(f"{where}: the secret has {len(secret)} characters; use at least {MIN_SECRET}")
        if secret:
            found.append(secret)
    return Access(tuple(found))


def _first_line(option: str, path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BadInputError(f"{option} {path}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise BadInputError(f"{option} {path}: not a text file") from None
    if not lines or not lines[0].strip():
        raise BadInputError(f"{option} {path}: the file is empty; put the secret on its first line")
    return lines[0].strip()


def check_exposure(host: str, access: Access) -> None:
    """Refuse to listen beyond this computer with nobody asked who they are."""
    if not is_loopback(host) and not access.required:
        raise BadInputError(
            f"--host {host} lets other computers connect; set {PASSWORD_ENV} (a staff password) or "
            f"{TOKEN_ENV} (an access token for clinic systems), or give --password-file or --token-file"
        )


def plain_http_warning(host: str, https: bool) -> str | None:
    if https or is_loopback(host):
        return None
    return (f"serving plain HTTP on {host}: the staff password and patient names cross the network "
            "unencrypted; give --certfile and --keyfile, or serve it behind an HTTPS reverse proxy")


@dataclass(frozen=True)
class ServeSettings:
    """Everything a server instance needs; the same for every worker, so any of them can answer."""

    content_root: Path
    clinic: Clinic = field(default_factory=Clinic)
    country: str | None = None
    workers: int = 1
    access: Access = field(default_factory=Access)
    max_body: int = MAX_BODY
    preview_dpi: float = 90
    build_timeout: float = 60.0

    @property
    def hosts_checked(self) -> bool:
        """With no secret the server is for this computer only: a page on another site that
        points a name at 127.0.0.1 (DNS rebinding) must not reach it, so the Host is checked."""
        return not self.access.required
