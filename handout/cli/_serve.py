"""`handout serve`: the front-desk page and the HTTP API, on this computer or the clinic network."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handout.cli._options import ClinicOpt, ContentOpt, CountryOpt, WorkersOpt
from handout.cli._report import reporting, warn

PasswordFile = Annotated[
    Path | None, typer.Option(help="File whose first line is the staff password (or set HANDOUT_WEB_PASSWORD).")
]
TokenFile = Annotated[
    Path | None, typer.Option(help="File whose first line is the API access token (or set HANDOUT_WEB_TOKEN).")
]


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; anything but loopback needs a password.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: WorkersOpt = None,
    clinic: ClinicOpt = None,
    country: CountryOpt = None,
    content: ContentOpt = None,
    password_file: PasswordFile = None,
    token_file: TokenFile = None,
    certfile: Annotated[Path | None, typer.Option(help="TLS certificate (PEM) for HTTPS.")] = None,
    keyfile: Annotated[Path | None, typer.Option(help="TLS private key (PEM) for HTTPS.")] = None,
) -> None:
    """Serve the front-desk page and the API (POST /api/v1/documents); open the address it prints.

    \b
    Examples:
      handout serve --clinic clinic.yaml
      HANDOUT_WEB_PASSWORD=... handout serve --host 0.0.0.0 --certfile cert.pem --keyfile key.pem
    """
    with reporting():
        from handout.cli._context import content_library
        from handout.web import server

        listen = server.Listen(host, port, certfile, keyfile)
        settings, warnings = server.prepare(
            listen, content_root=content_library(content).root, clinic_file=clinic, country=country,
            workers=workers, token_file=token_file, password_file=password_file,
        )
        for line in warnings:
            warn(line)
        sock = server.bind(listen)
        plural = "s" if settings.workers != 1 else ""
        typer.echo(f"Front desk: open {listen.url} in a browser ({settings.workers} build worker{plural}; "
                   "Ctrl-C stops it)")
        server.run(settings, listen, sock)
