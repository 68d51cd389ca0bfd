"""Load shedding: a bound on requests in flight, 503 + Retry-After beyond it, and a time limit.

At the national peak a server that queues everything answers everyone late, and phones on
2G give up and retry, which adds to the queue. So past ``limit`` requests in flight the next
one is refused at once with 503, ``Retry-After`` and the API's ``overloaded`` error, and the
client's outbox tries again later (ADR 0009). A request whose handler has not started its
answer within the time limit (plus an allowance for uploading its body) gets the same 503,
so no request hangs.

Static files, the service worker's release files and health checks are never shed: they
cost next to nothing and must keep working.
The bound is per server process; it is an ASGI middleware and holds no locks, because the
check and the count happen on the event loop without an ``await`` between them.
"""

from __future__ import annotations

import asyncio
import html
import logging
from dataclasses import dataclass

import anyio
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sensus.api.problems import problem_response
from sensus.domain import errors

log = logging.getLogger(__name__)

# Health checks, and what the service worker installs a release from (web/release.py): files
# and shells served from memory, no database, and an install that fails on any one refusal.
NEVER_SHED_PATHS = frozenset({"/healthz", "/readyz", "/sw.js", "/release.json"})
NEVER_SHED_PREFIXES = ("/static/", "/shell/")
# The time limit grows by one second per KiB of declared body: an upload at 8 kbit/s, well
# below 2G, so that a large sync from a phone on a slow link is never cut for being slow.
UPLOAD_FLOOR_BYTES_PER_SECOND = 1024


@dataclass
class Load:
    """The shedder's counters, shared with ``/healthz``."""

    limit: int
    in_flight: int = 0
    shed: int = 0  # refused because ``limit`` requests were in flight
    timed_out: int = 0  # answered 503 because the handler had not answered in time


class LoadShedding:
    """Bound the requests in flight to ``load.limit``; answer within ``timeout_s``."""

    def __init__(
        self,
        app: ASGIApp,
        load: Load,
        retry_after_s: int,
        timeout_s: float,
        door: Load | None = None,
        door_paths: frozenset[str] = frozenset(),
    ) -> None:
        self.app = app
        self.load = load
        # Sign-ins (POST to ``door_paths``) count against ``door`` instead of ``load``: the
        # hash pool's own admission, so that they never take the households' capacity.
        self.door = door
        self.door_paths = door_paths
        self.retry_after_s = retry_after_s
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _never_shed(scope["path"]):
            await self.app(scope, receive, send)
            return
        load = self._load_of(scope)
        if load.in_flight >= load.limit:
            load.shed += 1
            await self._refuse(scope, receive, send)
            return
        load.in_flight += 1
        try:
            await self._within_time_limit(scope, receive, send)
        finally:
            # Whatever happened (an answer, an error, a client gone): the slot comes back.
            load.in_flight -= 1

    def _load_of(self, scope: Scope) -> Load:
        if self.door is not None and scope["method"] == "POST" and scope["path"] in self.door_paths:
            return self.door
        return self.load

    async def _within_time_limit(self, scope: Scope, receive: Receive, send: Send) -> None:
        loop = asyncio.get_running_loop()
        answering: asyncio.Future[None] = loop.create_future()
        refused = False

        async def guarded_send(message: Message) -> None:
            if refused:
                return  # the client already has its 503; what the handler says now is dropped
            if message["type"] == "http.response.start" and not answering.done():
                answering.set_result(None)
            await send(message)

        # Cancelled through anyio, not Task.cancel(): anyio lets a handler running in the
        # thread pool finish first, where a plain cancel would abandon its thread.
        stop = anyio.CancelScope()

        async def handle() -> None:
            with stop:
                await self.app(scope, receive, guarded_send)

        handler = loop.create_task(handle())
        try:
            limit = self.timeout_s + _declared_length(scope) / UPLOAD_FLOOR_BYTES_PER_SECOND
            await asyncio.wait({handler, answering}, timeout=limit, return_when="FIRST_COMPLETED")
            if handler.done() or answering.done():
                await handler
                return
            refused = True
            self._load_of(scope).timed_out += 1
            log.warning("%s %s unanswered after %.1fs: 503", scope["method"], scope["path"], limit)
            await self._refuse(scope, receive, send)
            stop.cancel()
            # The slot stays taken until the work has really stopped: a handler running in a
            # thread finishes its database transaction first (idempotency makes that safe).
            await asyncio.wait({handler})
            _report_late_failure(handler)
        finally:
            if not handler.done():
                handler.cancel()

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = {"Retry-After": str(self.retry_after_s), "Cache-Control": "no-store"}
        response: Response
        if scope["path"].startswith("/api/"):
            response = problem_response(errors.OVERLOADED, headers=headers)
        else:
            response = _page(headers)
        await response(scope, receive, send)


def _declared_length(scope: Scope) -> int:
    for name, value in scope["headers"]:
        if name == b"content-length" and value.isdigit():
            return int(value)
    return 0


def _never_shed(path: str) -> bool:
    return path in NEVER_SHED_PATHS or path.startswith(NEVER_SHED_PREFIXES)


def _page(headers: dict[str, str]) -> HTMLResponse:
    """A page navigation gets a short page in both languages rather than JSON."""
    problem = errors.OVERLOADED
    body = (
        '<!doctype html><html lang="id"><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>503</title><p>{html.escape(problem.id)}</p>"
        f'<p lang="en">{html.escape(problem.en)}</p></html>'
    )
    return HTMLResponse(body, status_code=503, headers=headers)


def _report_late_failure(handler: asyncio.Task[None]) -> None:
    if not handler.cancelled() and handler.exception() is not None:
        log.error("a request that timed out then failed", exc_info=handler.exception())
