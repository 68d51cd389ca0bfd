"""One client connection through the fault proxy: its requests in turn, each with its fate.

HTTP/1.1 framing is h11's on both sides: an ``h11.Connection`` in the server role reads the
client's requests and frames what goes back down; one in the client role per upstream
connection frames what goes up and reads the server's answers. The proxy itself only decides
each request's fate and times the bytes h11 produces.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import h11

from sensus.domain import errors
from sensus.trial.faults import NO_FAULTS, Faults, Outcome, draw, latency_of
from sensus.trial.link import Link, flushed, reset, sleep_until

if TYPE_CHECKING:
    from sensus.trial.faultproxy import FaultProxy

log = logging.getLogger(__name__)

# A larger body than this is not a request a census client sends; refuse it rather than hold it.
MAX_REQUEST_BODY = 64 * 1024 * 1024
_READ_SIZE = 64 * 1024
# Framing is h11's to decide for the bytes it writes; these never go through as they came.
_REFRAMED = {b"content-length", b"transfer-encoding", b"expect"}


class ProxyProtocolError(Exception):
    """A peer did not speak HTTP/1.1 as h11 understands it, or sent too much."""


@dataclass
class Upstream:
    """One connection to the server, with its own h11 state (client role)."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    h11: h11.Connection

    def close(self) -> None:
        self.writer.transport.abort()


@dataclass(frozen=True)
class Received:
    """A request read whole from the client: what goes up, and its size on the wire."""

    method: str
    path: str
    wire: bytes  # the request as h11 frames it for the upstream connection
    request: h11.Request
    body: bytes


class ClientConnection:
    """One client connection: its requests in turn, its own upstream connection, its links."""

    def __init__(
        self, proxy: FaultProxy, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.proxy = proxy
        self.reader, self.writer = reader, writer
        self.client = h11.Connection(h11.SERVER)
        self.up, self.down = Link(), Link()
        self.upstream: Upstream | None = None
        self.delay = 0.0  # the request in hand's latency each way, in seconds

    async def run(self) -> None:
        try:
            while await self._exchange():
                self.client.start_next_cycle()
        except (h11.ProtocolError, ProxyProtocolError) as error:
            log.debug("closing a connection: %s", error)
            reset(self.writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            reset(self.writer)  # the client went away (or a fault made it): nothing to answer
        finally:
            self._close_upstream()

    async def _exchange(self) -> bool:
        """Handle one request; True when the connection stays open for another."""
        received = await self._receive()
        if received is None:
            return False
        proxy = self.proxy
        proxy.stats.add("requests")
        faults = proxy.faults
        if faults.blackout:
            proxy.stats.add("blackout_closed")
            reset(self.writer)
            return False
        active = faults if faults.applies_to(received.method, received.path) else NO_FAULTS
        outcome = draw(active, proxy.rng)
        self.delay = latency_of(active, proxy.rng)
        if outcome is Outcome.RESET_MID_REQUEST:
            proxy.stats.add(outcome.value)
            await self.up.occupy(len(received.wire) // 2, active.bandwidth_up_kbps)
            reset(self.writer)
            return False
        if outcome is Outcome.REFUSE_503:
            # Counted before the client can see it, so that a test reading stats never races.
            proxy.stats.add("refused_503")
            await asyncio.sleep(self.delay)  # the request still travels up
            await self.up.occupy(len(received.wire), active.bandwidth_up_kbps)
            await self._deliver(active, self._refusal(active.retry_after_s))
            return self._client_keeps_alive()
        return await self._forward(received, active, outcome)

    async def _receive(self) -> Received | None:
        """The client's next request, body and all; None when it closed between requests."""
        event = await self._next_from_client()
        if isinstance(event, h11.ConnectionClosed):
            return None
        if not isinstance(event, h11.Request):
            raise ProxyProtocolError(f"expected a request, got {type(event).__name__}")
        request = event
        if self.client.they_are_waiting_for_100_continue:
            # The body is read whole before it goes up, so we say "go on" ourselves.
            go_on = h11.InformationalResponse(status_code=100, headers=[], reason=b"Continue")
            self.writer.write(self.client.send(go_on) or b"")
        body = bytearray()
        while not isinstance(event := await self._next_from_client(), h11.EndOfMessage):
            if not isinstance(event, h11.Data):
                raise ProxyProtocolError("connection closed inside a request")
            body += event.data
            if len(body) > MAX_REQUEST_BODY:
                raise ProxyProtocolError("request body too large")
        headers = [(n, v) for n, v in request.headers.raw_items() if n.lower() not in _REFRAMED]
        if body or request.method not in (b"GET", b"HEAD", b"DELETE", b"OPTIONS"):
            headers.append((b"Content-Length", str(len(body)).encode()))
        upward = h11.Request(method=request.method, target=request.target, headers=headers)
        wire = _frame_request(upward, bytes(body))
        method = request.method.decode("latin-1")
        return Received(method, _path_of(request.target), wire, upward, bytes(body))

    async def _next_from_client(self) -> h11.Event:
        while (event := self.client.next_event()) is h11.NEED_DATA:
            self.client.receive_data(await self.reader.read(_READ_SIZE))
        assert not isinstance(event, type)  # h11.PAUSED: only after a protocol switch
        return event

    async def _forward(self, received: Received, active: Faults, outcome: Outcome) -> bool:
        await asyncio.sleep(self.delay)
        try:
            response = await self._send_upstream(received, active)
        except (OSError, h11.ProtocolError, asyncio.IncompleteReadError):
            self.proxy.stats.add("upstream_failed")
            self._close_upstream()
            self.writer.write(_bad_gateway(self.client))
            await self.writer.drain()
            return False
        self.proxy.stats.add("forwarded")
        if outcome is Outcome.FORWARD:
            await self._relay(active, response)
            return self._client_keeps_alive()
        wire = self.client.send(response) or b""
        head = len(wire)
        while not isinstance(event := await self._next_from_upstream(), h11.EndOfMessage):
            wire += self.client.send(event) or b""
        wire += self.client.send(event) or b""
        self._close_upstream()
        self.proxy.stats.add(outcome.value)
        if outcome is Outcome.RESET_MID_RESPONSE:
            body = len(wire) - head
            cut = head + body // 2 if body else head // 2
            await self._deliver(active, wire[:cut])
            await flushed(self.writer)  # a reset drops what is still buffered: send it first
        reset(self.writer)
        return False

    async def _send_upstream(self, received: Received, active: Faults) -> h11.Response:
        """Send the request and read the response head (skipping interim 1xx answers)."""
        reused = self.upstream is not None
        if not reused:
            await self._open_upstream()
        try:
            return await self._try_upstream(received, active)
        except ConnectionError:
            if not reused:
                raise
        # A kept-alive upstream connection may close just as we reuse it; a browser retries
        # once on a fresh connection, and so do we.
        await self._open_upstream()
        return await self._try_upstream(received, active)

    async def _try_upstream(self, received: Received, active: Faults) -> h11.Response:
        upstream = self._upstream()
        connection = upstream.h11
        wire = connection.send(received.request) or b""
        if received.body:
            wire += connection.send(h11.Data(data=received.body)) or b""
        wire += connection.send(h11.EndOfMessage()) or b""
        await self.up.send(upstream.writer, wire, active.bandwidth_up_kbps)
        while True:
            event = await self._next_from_upstream(answered=False)
            if isinstance(event, h11.Response):
                return event
            if not isinstance(event, h11.InformationalResponse):
                raise h11.RemoteProtocolError(f"unexpected {type(event).__name__} upstream")

    async def _next_from_upstream(self, *, answered: bool = True) -> h11.Event:
        upstream = self._upstream()
        connection = upstream.h11
        while (event := connection.next_event()) is h11.NEED_DATA:
            data = await upstream.reader.read(_READ_SIZE)
            if not data and not answered:
                raise ConnectionResetError("the upstream closed without answering")
            connection.receive_data(data)
        assert not isinstance(event, type)  # h11.PAUSED: only after a protocol switch
        if isinstance(event, h11.ConnectionClosed):
            raise ConnectionResetError("the upstream closed inside a response")
        return event

    async def _relay(self, active: Faults, response: h11.Response) -> None:
        """Stream the response down, each piece ``latency_ms`` after the upstream sent it."""
        loop = asyncio.get_running_loop()
        pieces: asyncio.Queue[tuple[float, bytes] | BaseException | None] = asyncio.Queue(64)

        async def pump() -> None:
            try:
                await pieces.put((loop.time(), self.client.send(response) or b""))
                while True:
                    event = await self._next_from_upstream()
                    await pieces.put((loop.time(), self.client.send(event) or b""))
                    if isinstance(event, h11.EndOfMessage):
                        break
            except (OSError, h11.ProtocolError, asyncio.IncompleteReadError) as error:
                await pieces.put(error)  # the relay resets the client: the answer broke off
            else:
                await pieces.put(None)

        pumping = asyncio.create_task(pump())
        try:
            while (item := await pieces.get()) is not None:
                if isinstance(item, BaseException):
                    self._close_upstream()
                    raise ConnectionResetError("the upstream broke off its answer") from item
                arrived, data = item
                await sleep_until(arrived + self.delay)
                await self.down.send(self.writer, data, active.bandwidth_down_kbps)
        finally:
            if not pumping.done():
                # Cancel and wait for the pump, without swallowing a cancellation of our own
                # (asyncio.wait does not raise the pump's CancelledError; it raises ours).
                pumping.cancel()
                await asyncio.wait([pumping])
            if not pumping.cancelled():
                pumping.exception()  # looked at, so asyncio never logs it as unretrieved
        self._end_upstream_cycle()

    async def _deliver(self, active: Faults, data: bytes) -> None:
        """Send bytes the proxy made (or held back) down the link, with its latency."""
        await asyncio.sleep(self.delay)
        await self.down.send(self.writer, data, active.bandwidth_down_kbps)

    def _client_keeps_alive(self) -> bool:
        client = self.client
        return client.our_state is h11.DONE and client.their_state is h11.DONE

    def _end_upstream_cycle(self) -> None:
        """Keep the upstream connection for the next request if both sides may go on."""
        upstream = self.upstream
        if upstream is None:
            return
        if upstream.h11.our_state is h11.DONE and upstream.h11.their_state is h11.DONE:
            upstream.h11.start_next_cycle()
        else:
            self._close_upstream()

    def _refusal(self, retry_after_s: int) -> bytes:
        """The 503 an overloaded sensus answers (``sensus.api.shedding``), made by the proxy."""
        problem = errors.OVERLOADED
        error = {"code": problem.code, "message_id": problem.id, "message_en": problem.en}
        body = json.dumps({"error": {**error, "fields": []}}).encode()
        headers = [
            (b"Content-Type", b"application/json"),
            (b"Content-Length", str(len(body)).encode()),
            (b"Retry-After", str(retry_after_s).encode()),
            (b"Cache-Control", b"no-store"),
        ]
        return b"".join(
            self.client.send(event) or b""
            for event in (
                h11.Response(status_code=503, headers=headers, reason=b"Service Unavailable"),
                h11.Data(data=body),
                h11.EndOfMessage(),
            )
        )

    async def _open_upstream(self) -> None:
        self._close_upstream()
        reader, writer = await asyncio.open_connection(*self.proxy.upstream)
        self.upstream = Upstream(reader, writer, h11.Connection(h11.CLIENT))

    def _upstream(self) -> Upstream:
        if self.upstream is None:
            raise ConnectionResetError("no upstream connection")
        return self.upstream

    def _close_upstream(self) -> None:
        if self.upstream is not None:
            self.upstream.close()
            self.upstream = None


def _path_of(target: bytes) -> str:
    text = target.decode("latin-1")
    # Absolute form ("http://host/path?q") when a client treats us as a forward proxy.
    return urlsplit(text).path if "://" in text else text.partition("?")[0]


def _frame_request(request: h11.Request, body: bytes) -> bytes:
    """The request's bytes as h11 frames them (for its size on the simulated link)."""
    framer = h11.Connection(h11.CLIENT)
    wire = framer.send(request) or b""
    if body:
        wire += framer.send(h11.Data(data=body)) or b""
    return wire + (framer.send(h11.EndOfMessage()) or b"")


def _bad_gateway(client: h11.Connection) -> bytes:
    headers = [(b"Content-Length", b"0"), (b"Connection", b"close")]
    try:
        refusal = h11.Response(status_code=502, headers=headers, reason=b"Bad Gateway")
        return (client.send(refusal) or b"") + (client.send(h11.EndOfMessage()) or b"")
    except h11.LocalProtocolError:
        return b""  # part of an answer already went down: the reset says the rest
