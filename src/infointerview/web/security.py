"""CSRF tokens and the security headers every response carries.

A random token lives in a SameSite=Lax, HttpOnly cookie and is repeated in a hidden
field of every form (or the X-CSRF-Token header); a state-changing request whose two
copies differ is refused with 403 before it reaches a service. A cross-site Origin is
refused too.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from infointerview.errors import RequestTooLarge
from infointerview.io.text import DEFAULT_LIMIT, size_text

CSRF_COOKIE = "infointerview_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on
    # its own form posts, which the Origin check would refuse.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class CsrfRejected(Exception):
    """A state-changing request without the matching CSRF token, or from another site."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SecurityHeaders:
    """ASGI middleware: security headers on every response, the CSRF cookie, and a limit
    on the size of request bodies.

    It wraps the whole app (host checks included), so refusals carry the headers too.
    The request's token is in ``request.state.csrf_token`` for the templates.
    """

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI call."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = Request(scope).cookies.get(CSRF_COOKIE)
        scope.setdefault("state", {})["csrf_token"] = token or new_token()

        async def _send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                if not scope["path"].startswith("/static/"):
                    # Pages hold contacts' details: keep them out of shared machines' caches.
                    headers["Cache-Control"] = "no-store"
                if not token:
                    headers.append("set-cookie", _cookie(scope["state"]["csrf_token"]))
            await send(message)

        received = 0

        async def _receive_limited() -> Message:
            # A body sent without Content-Length (chunked) is counted as it arrives, so
            # no request can make the form parser store more than MAX_BODY.
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY:
                    raise RequestTooLarge(f"over {size_text(MAX_BODY)}", size_text(MAX_BODY))
            return message

        await self.app(scope, _receive_limited, _send_with_headers)


def _cookie(token: str) -> str:
    # Lax, not Strict: a link followed from another site must not arrive without the
    # cookie and replace it, which would stale the forms open in other tabs. Lax cookies
    # still stay off cross-site POSTs.
    return f"{CSRF_COOKIE}={token}; HttpOnly; Path=/; SameSite=lax"


# The largest body a form may send: the Import page's largest file and its other fields.
MAX_BODY = DEFAULT_LIMIT + 1024 * 1024


def new_token() -> str:
    """Return a fresh, unguessable CSRF token."""
    return secrets.token_urlsafe(32)


async def csrf_protect(request: Request) -> None:
    """Refuse an unsafe request whose CSRF token is missing or wrong (a route dependency).

    Raises:
        CsrfRejected: for a missing or mismatched token or a cross-site Origin.
    """
    if request.method in SAFE_METHODS:
        return
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY:
        # Refused before the body is read: reading the form would store it all first.
        raise RequestTooLarge(size_text(int(length)), size_text(MAX_BODY))
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.headers.get("host"):
        raise CsrfRejected("the request came from another site")
    expected = request.cookies.get(CSRF_COOKIE)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        field = form.get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    if not expected or not sent or not hmac.compare_digest(expected.encode(), sent.encode()):
        raise CsrfRejected("the form's security token is missing or out of date")
