"""What every response says to the browser about itself, and which writes come from our pages.

Two ASGI middlewares, wired once in ``sensus.app`` (docs/SECURITY.md, ADR 0014):

- ``SecurityHeaders`` gives every response — pages, ``/api/v1``, static files, the service
  worker, errors and refusals alike — a strict Content-Security-Policy (no inline script:
  the one inline ``<script>`` the pages have is the import map, allowed by its hash),
  ``nosniff``, no framing, a same-origin Referrer-Policy, and HSTS when the site is served
  over HTTPS.
- ``SameOriginWrites`` refuses a state-changing request (POST, PUT, PATCH, DELETE) whose
  ``Origin`` (or, absent, ``Referer``) names another site, with 403 ``cross_site_request``.
  A request with neither header is let through: browsers send ``Origin`` on every such
  request of theirs, so only tools outside a browser send none (ADR 0014).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sensus.api.problems import problem_response
from sensus.domain import errors

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def content_security_policy(
    script_hashes: Iterable[str] = (), overrides: Mapping[str, str] | None = None
) -> str:
    """The policy of every page: our own files only, and inline scripts only by hash.

    ``overrides`` replaces some directives' sources (a browser reads only the first of two).
    """
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *(f"'{digest}'" for digest in script_hashes)]),
        "style-src": "'self'",
        "img-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    } | dict(overrides or {})
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


class SecurityHeaders:
    """Add the security headers to every HTTP response (replacing any the app set).

    ``per_path`` gives a path a policy of its own (the API docs page loads Swagger UI from
    its CDN with an inline script; it shows no personal data and reads no input).
    """

    def __init__(
        self,
        app: ASGIApp,
        policy: str,
        hsts_seconds: int = 0,
        per_path: Mapping[str, str] | None = None,
    ) -> None:
        self.app = app
        self.per_path = dict(per_path or {})
        self.headers = [
            (b"content-security-policy", policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            # Not no-referrer: under it browsers send "Origin: null" on our own writes.
            (b"referrer-policy", b"same-origin"),
        ]
        if hsts_seconds > 0:
            hsts = f"max-age={hsts_seconds}; includeSubDomains"
            self.headers.append((b"strict-transport-security", hsts.encode()))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        ours = self._headers_for(scope["path"])
        names = {name for name, _ in ours}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + ours}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _headers_for(self, path: str) -> list[tuple[bytes, bytes]]:
        policy = self.per_path.get(path)
        if policy is None:
            return self.headers
        return [(b"content-security-policy", policy.encode()), *self.headers[1:]]


class SameOriginWrites:
    """403 ``cross_site_request`` for a write whose Origin or Referer is another site's."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE_METHODS:
            headers = dict(scope["headers"])
            source = headers.get(b"origin") or headers.get(b"referer")
            if source is not None and not same_site(source, headers.get(b"host")):
                refusal = problem_response(errors.CROSS_SITE_REQUEST)
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)


def same_site(source: bytes, host: bytes | None) -> bool:
    """Whether ``source`` (an Origin or a Referer) names the host the request was sent to.

    Host and port as the browser wrote them (both leave a default port out); the scheme is
    not compared, because behind a proxy that ends TLS the application sees plain HTTP.
    "null" and anything unreadable are another site.
    """
    try:
        netloc = urlsplit(source.decode("latin-1").strip()).netloc
    except ValueError:
        return False
    own = (host or b"").decode("latin-1").strip().lower()
    return bool(netloc) and netloc.lower() == own
