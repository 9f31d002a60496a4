"""The front-desk page: one form, a live preview, and Print, Download, Checklist too and Email.

The form works without script (each button posts it); `static/desk.js` adds the live preview,
the body figure and messages next to each field as choices change. Every post carries the
CSRF token of the page it came from; patient details travel only in POST bodies.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from handout import __version__
from handout.caches import register
from handout.errors import BadInputError, HandoutError
from handout.i18n import LANGUAGES, Labels
from handout.library import SOURCE_LANG
from handout.request import DocumentRequest, Problem, RequestError
from handout.web import catalogue, figure, guard, tasks
from handout.web import fields as web_fields
from handout.web.api import desk_of, pdf_response
from handout.web.desk import Desk

HERE = Path(__file__).resolve().parent
ACTIONS = ("print", "download", "checklist")
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)


def ui_of(request: Request, form: Mapping[str, str] | None = None) -> str:
    """The page's language: the form's, the link's (`?ui=es`), else the browser's first we have."""
    asked = (form or {}).get("ui") or request.query_params.get("ui")
    if asked in catalogue.UI_LANGS:
        return asked
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in catalogue.UI_LANGS:
            return code
    return SOURCE_LANG


def defaults(desk: Desk) -> dict[str, str]:
    ids = desk.library.article_ids
    return {"article": ids[0] if ids else "", "lang": SOURCE_LANG, "region": "both", "format": "handout",
            "paper": "", "country": desk.settings.country or "", "date": dt.date.today().isoformat(),
            "protect": "on"}


@register
@cache
def countries(ui: str) -> tuple[tuple[str, str], ...]:
    """Every country the request model accepts, by its name in the page's language."""
    from babel import Locale

    from handout.request import countries as codes

    names = Locale.parse(ui).territories
    return tuple(sorted(((c, str(names.get(c, c))) for c in codes()), key=lambda item: item[1]))


def _token(request: Request) -> str:
    token = request.cookies.get(guard.CSRF_COOKIE, "")
    return token if 40 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum() else guard.new_token()


def render(request: Request, form: Mapping[str, str], *, problems: Sequence[Problem] = (),
           sent: Mapping[str, str] | None = None, status: int = 200, template: str = "page.html") -> HTMLResponse:
    desk = desk_of(request)
    ui = ui_of(request, form)
    values = {**defaults(desk), **form}
    library = desk.library
    article = values["article"] if values["article"] in library.article_ids else defaults(desk)["article"]
    token = _token(request)
    t = catalogue.ui_labels(ui)
    by_field: dict[str, str] = {}
    for p in problems:
        by_field.setdefault(p.field or "", p.message)
    context: dict[str, Any] = {
        "ui": ui, "t": t, "version": __version__, "csrf": token, "values": values,
        "problems": problems, "by_field": by_field, "general": [p.message for p in problems if not p.field],
        "clinic": desk.settings.clinic.name,
        "articles": [(a, catalogue.article_choice(library, a, ui).title) for a in library.article_ids],
        "article": catalogue.article_choice(library, article, ui) if article else None,
        "formats": catalogue.formats(), "papers": [p["id"] for p in catalogue.papers()],
        "countries": countries(ui), "ui_langs": [(code, LANGUAGES[code].own_name) for code in catalogue.UI_LANGS],
        "hotspots": figure.hotspots, "figure_size": figure.size(), "email_ready": _email_ready(desk),
        "sent": sent or {},
    }
    response = HTMLResponse(_env.get_template(template).render(context), status_code=status)
    response.set_cookie(guard.CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    return response


def _email_ready(desk: Desk) -> bool:
    from handout.delivery import mail

    clinic = desk.settings.clinic
    try:
        mail.signer(clinic, mail.smtp_settings(clinic).require_server().sender)
    except BadInputError:
        return False
    return True


async def home(request: Request) -> Response:
    form = {"article": request.query_params["article"]} if "article" in request.query_params else {}
    return render(request, form)


async def parts(request: Request) -> Response:
    """The article's own choices (languages, regions, figure), for the page to swap in."""
    form = {name: request.query_params[name] for name in ("article", "lang", "region") if name in request.query_params}
    return render(request, form, template="parts.html")


Handler = Callable[[Request, dict[str, str]], Awaitable[Response]]


def posted(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """The endpoint for a post of the page's form: read and checked (CSRF) before `handler` sees it."""

    async def endpoint(request: Request) -> Response:
        try:
            form = web_fields.form_fields(await request.body())
        except web_fields.ShapeError as exc:
            return JSONResponse({"error": "bad-body", "message": str(exc)}, status_code=400)
        if not guard.csrf_ok(request.cookies.get(guard.CSRF_COOKIE), form.get(guard.CSRF_FIELD), request.headers):
            t = catalogue.ui_labels(ui_of(request, form))
            if request.url.path == "/preview":  # the script reloads the page, which gives a new token
                return JSONResponse({"ok": False, "summary": t("csrf_expired"), "problems": []}, status_code=403)
            return render(request, _kept(form), problems=[Problem("", t("csrf_expired"))], status=403)
        return await handler(request, form)

    endpoint.__doc__ = handler.__doc__
    return endpoint


def _kept(form: Mapping[str, str]) -> dict[str, str]:
    """What the form showed, less what is never shown back (the token, the password); a box
    left unticked stays so (the defaults tick `protect`)."""
    kept = {k: v for k, v in form.items() if k not in (guard.CSRF_FIELD, "password", "action")}
    return {**kept, "protect": form.get("protect", "")}


def _asked(desk: Desk, form: Mapping[str, str]) -> DocumentRequest:
    return desk.parse(web_fields.page_values(form))


@posted
async def preview(request: Request, form: dict[str, str]) -> Response:
    """The document's pages as PNG (data URLs in JSON), or the problems to show by each field."""
    desk = desk_of(request)
    t = catalogue.ui_labels(ui_of(request, form))
    try:
        asked = _asked(desk, form)
    except RequestError as exc:
        return _preview_problems(list(exc.problems), t)
    outcome = await desk.run(tasks.preview, desk.job(asked, preview=True))
    if not outcome.ok:
        return _preview_problems(_problems(outcome, t), t)
    count = len(outcome.pngs)
    lang = next((c for c in catalogue.article_choice(desk.library, asked.article, SOURCE_LANG).languages
                 if c.code == asked.opts.lang), None)
    key = "preview_summary" if count != 1 else "preview_summary_one"
    summary = t(key, pages=count, paper=t(f"paper.{asked.opts.paper.value}"),
                language=lang.own_name if lang else asked.opts.lang)
    return JSONResponse({
        "ok": True, "summary": summary, "filename": outcome.filename,
        "pages": [{"src": "data:image/png;base64," + base64.b64encode(png).decode(),
                   "alt": t("preview_alt", page=n + 1, pages=count)} for n, png in enumerate(outcome.pngs)],
    })


def _problems(outcome: tasks.Outcome, t: Labels) -> list[Problem]:
    if outcome.error == tasks.UNEXPECTED:
        return [Problem("", t("build_failed"))]
    return web_fields.placed_lines(outcome.lines)


def _preview_problems(problems: list[Problem], t: Labels) -> JSONResponse:
    return JSONResponse({"ok": False, "summary": t("preview_fix"),
                         "problems": web_fields.problem_json(problems)}, status_code=422)


@posted
async def document(request: Request, form: dict[str, str]) -> Response:
    """Print (inline, for the browser's PDF viewer), Download, or the document with its checklist."""
    desk = desk_of(request)
    action = form.get("action") if form.get("action") in ACTIONS else "download"
    t = catalogue.ui_labels(ui_of(request, form))
    try:
        asked = _asked(desk, form)
    except RequestError as exc:
        return render(request, _kept(form), problems=list(exc.problems), status=422)
    outcome = await desk.run(tasks.document, desk.job(asked, checklist_too=action == "checklist"
                                                      and asked.opts.format != "checklist"))
    if not outcome.ok:
        return render(request, _kept(form), problems=_problems(outcome, t), status=422)
    return pdf_response(outcome, inline=action != "download")


@posted
async def email(request: Request, form: dict[str, str]) -> Response:
    """Build, protect (a password typed, or made now and shown once) and send to the patient."""
    import anyio

    from handout.delivery import mail
    from handout.delivery.encrypt import check_password
    from handout.delivery.passwords import new_password

    desk = desk_of(request)
    t = catalogue.ui_labels(ui_of(request, form))
    kept = _kept(form)
    problems: list[Problem] = []
    try:
        asked = _asked(desk, form)
    except RequestError as exc:
        asked, problems = None, list(exc.problems)
    to = form.get("to", "").strip()
    if not mail.valid_address(to):
        problems.append(Problem("to", t("email_address_needed")))
    protect = bool(form.get("protect"))
    password = form.get("password", "").strip()
    generated = protect and not password
    if protect and password:
        try:
            check_password(password)
        except BadInputError:
            problems.append(Problem("password", t("password_too_short")))
    if problems or asked is None:
        return render(request, kept, problems=problems, status=422)
    password = new_password() if generated else password
    outcome = await desk.run(tasks.document, desk.job(asked, password=password if protect else ""))
    if not outcome.ok:
        return render(request, kept, problems=_problems(outcome, t), status=422)
    clinic = desk.settings.clinic
    try:
        settings = mail.smtp_settings(clinic).require_server()
        title = desk.library.load(asked.article, asked.opts.lang).title
        letter = mail.Letter(to, asked.opts.lang, title, outcome.pdf, outcome.filename, clinic,
                             asked.opts.patient, protect)
        message = mail.compose(letter, settings.sender)
        await anyio.to_thread.run_sync(mail.send_one, message, settings)
    except HandoutError as exc:
        return render(request, kept, problems=[Problem("", line) for line in exc.lines], status=422)
    sent = {"to": to, "password": password if generated else "", "protected": "on" if protect else "",
            "named": "on" if asked.opts.patient and not protect else ""}
    return render(request, {**kept, "to": ""}, sent=sent)


async def figure_svg(request: Request) -> Response:
    desk = desk_of(request)
    article, region = request.path_params["article"], request.path_params["region"]
    if article not in desk.library.article_ids:
        return Response(status_code=404)
    choice = catalogue.article_choice(desk.library, article)
    zones = next((r.zones for r in choice.regions if r.id == region), None)
    if zones is None and region != "none":
        return Response(status_code=404)
    svg = figure.figure_svg(zones or (), desk.settings.clinic.brand_color)
    return Response(svg, media_type="image/svg+xml", headers={
        "content-security-policy": guard.FIGURE_CSP, "cache-control": "public, max-age=3600"})


async def font(request: Request) -> Response:
    """The vendored Noto fonts, so every language's own name reads the same on every tablet."""
    from starlette.responses import FileResponse

    from handout.fonts import FAMILIES, fonts_dir

    name = request.path_params["name"]
    files = {f for family in FAMILIES.values() for f in (family.regular_file, family.bold_file)}
    if name not in files:
        return Response(status_code=404)
    return FileResponse(fonts_dir() / name, media_type="font/ttf", headers={"cache-control": "public, max-age=86400"})


ROUTES = [
    Route("/", home, methods=["GET"]),
    Route("/parts", parts, methods=["GET"]),
    Route("/preview", preview, methods=["POST"]),
    Route("/document", document, methods=["POST"]),
    Route("/email", email, methods=["POST"]),
    Route("/figure/{article}/{region}.svg", figure_svg, methods=["GET"]),
    Route("/fonts/{name}", font, methods=["GET"]),
    Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
]
