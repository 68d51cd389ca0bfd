"""Request body size limit: refuse oversized bodies before reading them whole."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sensus.api.problems import problem_response
from sensus.domain import errors


class BodyTooLarge(HTTPException):
    """Raised by ``receive`` past the limit.

    An HTTPException, because FastAPI turns any other error met while reading a body into a
    400; this one it re-raises, and ``sensus.api.problems`` answers it as a 413.
    """

    def __init__(self) -> None:
        super().__init__(status_code=413)


class BodySizeLimit:
    """413 for bodies larger than ``max_bytes``, whether announced or streamed.

    ``per_path`` gives some paths another limit (an officer's sync carries hundreds of
    interviews at once).
    """

    def __init__(
        self, app: ASGIApp, max_bytes: int, per_path: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.per_path = dict(per_path or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope["path"], self.max_bytes)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _refuse(scope, receive, send)


async def _refuse(scope: Scope, receive: Receive, send: Send) -> None:
    await problem_response(errors.BODY_TOO_LARGE)(scope, receive, send)
