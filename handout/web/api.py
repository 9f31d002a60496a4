"""The HTTP API for clinic systems: the catalogue, one PDF per JSON request, health, OpenAPI."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from handout import __version__
from handout.request import Problem, RequestError
from handout.web import catalogue, tasks
from handout.web import fields as web_fields
from handout.web.desk import Desk

JSON = "application/json"


def desk_of(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


def error(status: int, code: str, message: str, problems: Sequence[Problem] = ()) -> JSONResponse:
    return JSONResponse({"error": code, "message": message, "problems": web_fields.problem_json(list(problems))},
                        status_code=status)


def refused(problems: list[Problem], code: str = tasks.INVALID) -> JSONResponse:
    what = "the request has problems" if code == tasks.INVALID else "the document cannot be made"
    first = "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in problems[:3])
    return error(422, code, f"{what}: {first}", problems)


async def articles(request: Request) -> Response:
    return JSONResponse(catalogue.as_json(desk_of(request).library))


async def documents(request: Request) -> Response:
    """POST a JSON object of the request model's fields; the PDF comes back, built in memory."""
    desk = desk_of(request)
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != JSON:
        return error(415, "unsupported-media-type", "send the fields as a JSON object with Content-Type: "
                     "application/json")
    try:
        data = web_fields.json_fields(await request.body())
        fields, extra = web_fields.values(data, ("password",))
        asked = desk.parse(fields)
    except web_fields.ShapeError as exc:
        return error(400, "bad-body", str(exc))
    except RequestError as exc:
        return refused(list(exc.problems))
    password = extra.get("password", "")
    if asked.encrypt:
        from handout.delivery.encrypt import MIN_PASSWORD

        if len(password) < MIN_PASSWORD:
            return refused([Problem("password", f"encrypt needs a password of at least {MIN_PASSWORD} characters, "
                                                "given to the patient separately")])
    elif password:
        return refused([Problem("password", "is used only with \"encrypt\": true")])
    outcome = await desk.run(tasks.document, desk.job(asked, password=password if asked.encrypt else ""))
    if not outcome.ok:
        return failed(outcome)
    return pdf_response(outcome, inline=False)


def failed(outcome: tasks.Outcome) -> JSONResponse:
    if outcome.error == tasks.UNEXPECTED:
        return error(500, tasks.UNEXPECTED, "the document could not be built; the server log names the error")
    return refused(web_fields.placed_lines(outcome.lines), outcome.error)


def pdf_response(outcome: tasks.Outcome, *, inline: bool) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(outcome.pdf, media_type="application/pdf", headers={
        "content-disposition": f'{disposition}; filename="{outcome.filename}"',
        "x-handout-pages": str(outcome.pages),
    })


async def healthz(request: Request) -> Response:
    desk = desk_of(request)
    return JSONResponse({"status": "ok", "version": __version__,
                         "workers": desk.pool.workers if desk.pool else 0})


async def openapi(request: Request) -> Response:
    return JSONResponse(desk_of(request).schema())


ROUTES = [
    Route("/api/v1/articles", articles, methods=["GET"]),
    Route("/api/v1/documents", documents, methods=["POST"]),
    Route("/api/v1/openapi.json", openapi, methods=["GET"]),
    Route("/healthz", healthz, methods=["GET"]),
]
