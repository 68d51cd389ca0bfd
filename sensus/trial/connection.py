"""One client connection through the fault proxy: its requests in turn, each with its fate."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING

from sensus.domain import errors
from sensus.trial import http1
from sensus.trial.faults import NO_FAULTS, Faults, Outcome, draw, latency_of
from sensus.trial.link import Link, flushed, reset, sleep_until

if TYPE_CHECKING:
    from sensus.trial.faultproxy import FaultProxy

log = logging.getLogger(__name__)

_BAD_GATEWAY = b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"


class ClientConnection:
    """One client connection: its requests in turn, its own upstream connection, its links."""

    def __init__(
        self, proxy: FaultProxy, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.proxy = proxy
        self.reader, self.writer = reader, writer
        self.up, self.down = Link(), Link()
        self.upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self.delay = 0.0  # the request in hand's latency each way, in seconds

    async def run(self) -> None:
        try:
            while await self._exchange():
                pass
        except http1.ProtocolError as error:
            log.debug("closing a connection: %s", error)
            reset(self.writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            reset(self.writer)  # the client went away (or a fault made it): nothing to answer
        finally:
            self._close_upstream()

    async def _exchange(self) -> bool:
        """Handle one request; True when the connection stays open for another."""
        head = await http1.read_head(self.reader)
        if head is None:
            return False
        if b"100-continue" in head.tokens(b"expect"):
            # The body is read whole before it goes up, so we say "go on" ourselves.
            self.writer.write(_CONTINUE)
            head = head.without(b"expect")
        body = await http1.read_body(self.reader, *http1.request_framing(head))
        request = http1.Request(head, body)
        proxy = self.proxy
        proxy.stats.add("requests")
        faults = proxy.faults
        if faults.blackout:
            proxy.stats.add("blackout_closed")
            reset(self.writer)
            return False
        active = faults if faults.applies_to(request.method, request.path) else NO_FAULTS
        outcome = draw(active, proxy.rng)
        self.delay = latency_of(active, proxy.rng)
        if outcome is Outcome.RESET_MID_REQUEST:
            proxy.stats.add(outcome.value)
            await self.up.occupy(len(request.raw) // 2, active.bandwidth_up_kbps)
            reset(self.writer)
            return False
        if outcome is Outcome.REFUSE_503:
            # Counted before the client can see it, so that a test reading stats never races.
            proxy.stats.add("refused_503")
            await asyncio.sleep(self.delay)  # the request still travels up
            await self.up.occupy(len(request.raw), active.bandwidth_up_kbps)
            await self._deliver(active, _refusal(active.retry_after_s))
            return request.keep_alive
        return await self._forward(request, active, outcome)

    async def _forward(self, request: http1.Request, active: Faults, outcome: Outcome) -> bool:
        await asyncio.sleep(self.delay)
        try:
            response, stream = await self._send_upstream(request, active)
        except (OSError, http1.ProtocolError, asyncio.IncompleteReadError):
            self.proxy.stats.add("upstream_failed")
            self.writer.write(_BAD_GATEWAY)
            await self.writer.drain()
            return False
        self.proxy.stats.add("forwarded")
        if outcome is Outcome.FORWARD:
            await self._relay(active, response, stream)
            return (
                request.keep_alive
                and http1.keeps_alive(response, response.start[0])
                and (stream[0] is not http1.Framing.UNTIL_CLOSE)
            )
        body = await http1.read_body(self._upstream_reader(), *stream)
        self._close_upstream()
        self.proxy.stats.add(outcome.value)
        if outcome is Outcome.RESET_MID_RESPONSE:
            cut = len(response.raw) + len(body) // 2 if body else len(response.raw) // 2
            await self._deliver(active, (response.raw + body)[:cut])
            await flushed(self.writer)  # a reset drops what is still buffered: send it first
        reset(self.writer)
        return False

    async def _send_upstream(
        self, request: http1.Request, active: Faults
    ) -> tuple[http1.Head, tuple[http1.Framing, int]]:
        """Send the request and read the response head (skipping interim 1xx answers)."""
        reused = self.upstream is not None and not self._upstream_reader().at_eof()
        if not reused:
            await self._open_upstream()
        try:
            return await self._try_upstream(request, active)
        except ConnectionError:
            if not reused:
                raise
        # A kept-alive upstream connection may close just as we reuse it; a browser retries
        # once on a fresh connection, and so do we.
        await self._open_upstream()
        return await self._try_upstream(request, active)

    async def _try_upstream(
        self, request: http1.Request, active: Faults
    ) -> tuple[http1.Head, tuple[http1.Framing, int]]:
        _, writer = self._upstream()
        await self.up.send(writer, request.raw, active.bandwidth_up_kbps)
        while True:
            head = await http1.read_head(self._upstream_reader())
            if head is None:
                raise ConnectionResetError("the upstream closed without answering")
            if not 100 <= http1.status_of(head) < 200:
                return head, http1.response_framing(head, request.method)

    async def _relay(
        self, active: Faults, head: http1.Head, framing: tuple[http1.Framing, int]
    ) -> None:
        """Stream the response down, each piece ``latency_ms`` after the upstream sent it."""
        loop = asyncio.get_running_loop()
        pieces: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue(maxsize=64)

        async def pump() -> None:
            await pieces.put((loop.time(), head.raw))
            async for piece in http1.iter_body(self._upstream_reader(), *framing):
                await pieces.put((loop.time(), piece))
            await pieces.put(None)

        pumping = asyncio.create_task(pump())
        try:
            while (item := await pieces.get()) is not None:
                arrived, data = item
                await sleep_until(arrived + self.delay)
                await self.down.send(self.writer, data, active.bandwidth_down_kbps)
            await pumping
        finally:
            pumping.cancel()

    async def _deliver(self, active: Faults, data: bytes) -> None:
        """Send bytes the proxy made (or held back) down the link, with its latency."""
        await asyncio.sleep(self.delay)
        await self.down.send(self.writer, data, active.bandwidth_down_kbps)

    async def _open_upstream(self) -> None:
        self._close_upstream()
        self.upstream = await asyncio.open_connection(*self.proxy.upstream)

    def _upstream(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self.upstream is None:
            raise ConnectionResetError("no upstream connection")
        return self.upstream

    def _upstream_reader(self) -> asyncio.StreamReader:
        return self._upstream()[0]

    def _close_upstream(self) -> None:
        if self.upstream is not None:
            self.upstream[1].transport.abort()
            self.upstream = None


def _refusal(retry_after_s: int) -> bytes:
    """The 503 an overloaded sensus answers (``sensus.api.shedding``), made by the proxy."""
    problem = errors.OVERLOADED
    body = json.dumps(
        {
            "error": {
                "code": problem.code,
                "message_id": problem.id,
                "message_en": problem.en,
                "fields": [],
            }
        }
    ).encode()
    head = (
        "HTTP/1.1 503 Service Unavailable\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"Retry-After: {retry_after_s}\r\n"
        "Cache-Control: no-store\r\n\r\n"
    )
    return head.encode() + body
