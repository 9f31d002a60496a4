"""The middleware every request passes: who may ask, how much they may send, and the headers
that keep the page to itself (a strict Content-Security-Policy: no inline script or style, nothing
from another site). Pure ASGI, so a refused body is never read into memory."""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from handout.delivery.mail import is_loopback
from handout.web.settings import ServeSettings

log = logging.getLogger("handout.web")
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
# An SVG shown as an image is its own document; ReportLab writes its colours as style attributes.
FIGURE_CSP = "default-src 'none'; style-src 'unsafe-inline'"
OPEN_PATHS = ("/healthz",)
CSRF_COOKIE = "handout_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


async def _answer(
    send: Send, status: int, body: dict[str, object], extra: tuple[tuple[bytes, bytes], ...] = ()
) -> None:
    data = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
               *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


class Guard:
    """Host check (loopback servers), access check, body limit and security headers, in that order."""

    def __init__(self, app: ASGIApp, settings: ServeSettings) -> None:
        self.app, self.settings = app, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        secured = _with_headers(send, scope.get("scheme") == "https", scope["path"].startswith("/static/"))
        if self.settings.hosts_checked and not _loopback_host(headers.get("host", "")):
            await _answer(secured, 421, {"error": "wrong-host", "message": "this server answers only as localhost "
                                         "or 127.0.0.1; set a password to serve it under another name"})
            return
        if scope["path"] not in OPEN_PATHS and not self.settings.access.allows(headers.get("authorization", "")):
            await _answer(secured, 401, {"error": "unauthorized", "message": "give the access token "
                                         "(Authorization: Bearer ...) or the staff password"},
                          ((b"www-authenticate", b'Basic realm="handout", charset="UTF-8"'),))
            return
        length = headers.get("content-length", "0")
        if not length.isdigit() or int(length) > self.settings.max_body:
            await _answer(secured, 413, _too_large(self.settings.max_body))
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await secured(message)

        try:
            await self.app(scope, _limited(receive, self.settings.max_body), sending)
        except BodyTooLarge:
            if not started:
                await _answer(secured, 413, _too_large(self.settings.max_body))
        except Exception as exc:  # noqa: BLE001 - the last line: no traceback in the log or the answer
            # The type and the route only: the text of an exception may quote a patient's name.
            log.error("unexpected %s on %s %s", type(exc).__name__, scope.get("method"), scope["path"])
            if not started:
                await _answer(secured, 500, {"error": "internal",
                                             "message": "something went wrong; the server log names the error"})


def _too_large(limit: int) -> dict[str, object]:
    return {"error": "too-large", "message": f"the request is over {limit // 1024} KB; send only the request's fields"}


class BodyTooLarge(Exception):
    """A body without Content-Length that grew past the limit (chunked)."""


def _limited(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge
        return message

    return wrapped


def _with_headers(send: Send, https: bool, static: bool = False) -> Send:
    """Security headers on every answer; nothing is cached but the page's own script and style."""
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            have = {k.lower() for k, _ in message.get("headers", [])}
            extra = [
                (b"content-security-policy", CSP.encode()),
                (b"x-content-type-options", b"nosniff"),
                (b"referrer-policy", b"no-referrer"),
                (b"x-frame-options", b"DENY"),
                (b"cross-origin-opener-policy", b"same-origin"),
                (b"cross-origin-resource-policy", b"same-origin"),
                (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
                (b"cache-control", b"public, max-age=3600" if static else b"no-store"),
            ]
            if https:
                extra.append((b"strict-transport-security", b"max-age=31536000"))
            message["headers"] = [*message.get("headers", []), *(h for h in extra if h[0] not in have)]
        await send(message)

    return wrapped


def _loopback_host(host: str) -> bool:
    """The Host header names this computer: `localhost:8000`, `127.0.0.1`, `[::1]:8000`."""
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 or host.startswith("[") else host
    return is_loopback(name)


# --- CSRF: a double-submitted random token (stateless: any worker can check it) --------------


def new_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(cookie: str | None, offered: str | None, headers: dict[str, str] | Any) -> bool:
    """The token in the form (or header) equals the cookie's, and the browser says the request
    came from this site (Sec-Fetch-Site / Origin), when it says anything."""
    import hmac

    if not cookie or not offered or not hmac.compare_digest(cookie.encode(), offered.encode()):
        return False
    site = headers.get("sec-fetch-site")
    return site in (None, "same-origin", "none")
