"""The ASGI application: the page's and the API's routes behind the guard, the pool for its lifetime.

`handout serve` builds it from its options. For several processes on one machine, uvicorn (or
gunicorn with uvicorn workers) builds one per process from the environment instead:

    HANDOUT_WEB_PASSWORD=... uvicorn --factory handout.web.app:from_env --host 0.0.0.0 --workers 4
"""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette

from handout.errors import BadInputError, HandoutError
from handout.web import api, page
from handout.web.desk import Desk
from handout.web.settings import ServeSettings, read_access

CLINIC_ENV, COUNTRY_ENV, WORKERS_ENV = "HANDOUT_WEB_CLINIC", "HANDOUT_WEB_COUNTRY", "HANDOUT_WEB_WORKERS"


def create_app(settings: ServeSettings) -> Starlette:
    from handout.web.guard import Guard

    desk = Desk(settings)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        desk.start()
        try:
            yield
        finally:
            desk.stop()

    app = Starlette(routes=[*page.ROUTES, *api.ROUTES], lifespan=lifespan)
    app.state.desk = desk
    app.add_middleware(Guard, settings=settings)
    return app


def from_env() -> Starlette:
    """The app as `uvicorn --factory` makes it: settings from HANDOUT_WEB_* variables. It does not
    know the address it is served on, so it always asks for a token or password."""
    from handout.clinic import load_clinic
    from handout.library import bundled_content_dir
    from handout.options import Clinic
    from handout.request import parse_country
    from handout.web.settings import PASSWORD_ENV, TOKEN_ENV

    try:
        access = read_access(_path("HANDOUT_WEB_TOKEN_FILE"), _path("HANDOUT_WEB_PASSWORD_FILE"))
        if not access.required:
            raise BadInputError(f"set {PASSWORD_ENV} or {TOKEN_ENV} (or their _FILE variants): a server started "
                               "by uvicorn may be reached from the network")
        clinic_file = _path(CLINIC_ENV)
        country = os.environ.get(COUNTRY_ENV, "").strip()
        try:
            country_code = parse_country(country) if country else None
        except ValueError as exc:
            raise BadInputError(f"{COUNTRY_ENV}: {exc}") from None
        workers = os.environ.get(WORKERS_ENV, "1").strip()
        if not workers.isdigit() or int(workers) < 1:
            raise BadInputError(f"{WORKERS_ENV} '{workers}' is not a number of workers such as 1 or 2")
        settings = ServeSettings(
            content_root=bundled_content_dir(), clinic=load_clinic(clinic_file) if clinic_file else Clinic(),
            country=country_code, workers=int(workers), access=access,
        )
    except HandoutError as exc:
        for line in exc.lines:
            print(f"handout: error: {line}", file=sys.stderr)  # noqa: T201 - uvicorn shows a traceback otherwise
        raise SystemExit(exc.exit_code) from None
    return create_app(settings)


def _path(variable: str) -> Path | None:
    value = os.environ.get(variable, "").strip()
    return Path(value) if value else None
