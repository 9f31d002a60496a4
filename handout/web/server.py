"""Starts one server: checks who may connect before it listens, then hands the app to uvicorn."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

from handout.errors import BadInputError, BuildFailedError
from handout.web.settings import ServeSettings, check_exposure, plain_http_warning, read_access


@dataclass(frozen=True)
class Listen:
    host: str = "127.0.0.1"
    port: int = 8000
    certfile: Path | None = None
    keyfile: Path | None = None

    @property
    def https(self) -> bool:
        return self.certfile is not None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        host = f"[{host}]" if ":" in host else host
        return f"{'https' if self.https else 'http'}://{host}:{self.port}/"


def prepare(
    listen: Listen, *, content_root: Path, clinic_file: Path | None, country: str | None, workers: int | None,
    token_file: Path | None, password_file: Path | None,
) -> tuple[ServeSettings, list[str]]:
    """The settings and the warnings to show, or BadInputError before anything listens."""
    import os

    from handout.clinic import load_clinic
    from handout.options import Clinic
    from handout.request import parse_country

    if (listen.certfile is None) != (listen.keyfile is None):
        raise BadInputError("HTTPS needs both --certfile and --keyfile")
    for option, path in (("--certfile", listen.certfile), ("--keyfile", listen.keyfile)):
        if path is not None and not path.is_file():
            raise BadInputError(f"{option} {path}: no such file")
    access = read_access(token_file, password_file)
    check_exposure(listen.host, access)
    try:
        code = parse_country(country) if country else None
    except ValueError as exc:
        raise BadInputError(f"--country: {exc}") from None
    settings = ServeSettings(
        content_root=content_root, clinic=load_clinic(clinic_file) if clinic_file else Clinic(), country=code,
        workers=workers or os.cpu_count() or 1, access=access,
    )
    warning = plain_http_warning(listen.host, listen.https)
    return settings, [warning] if warning else []


def run(settings: ServeSettings, listen: Listen, sock: socket.socket) -> None:
    """Serve on `sock` (from `bind`) until Ctrl-C; the access log has method, path and status, never a body."""
    import uvicorn

    from handout.web.app import create_app

    config = uvicorn.Config(
        create_app(settings), host=listen.host, port=listen.port,
        ssl_certfile=str(listen.certfile) if listen.certfile else None,
        ssl_keyfile=str(listen.keyfile) if listen.keyfile else None,
        server_header=False, h11_max_incomplete_event_size=16 * 1024, log_level="info",
        timeout_graceful_shutdown=5,
    )
    uvicorn.Server(config).run(sockets=[sock])


def bind(listen: Listen) -> socket.socket:
    """The listening socket, bound before anything starts: a port in use is one line, exit 1."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(listen.host, listen.port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        raise BuildFailedError(f"cannot listen on {listen.host} port {listen.port}: {exc.strerror or exc}; "
                               "choose another --port, or stop what is using it") from None
    sock.set_inheritable(True)
    return sock
