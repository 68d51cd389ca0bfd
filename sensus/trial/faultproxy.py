"""A fault-injecting HTTP/1.1 proxy, for tests, the trial and benchmarks.

It listens on 127.0.0.1 in front of one upstream ``host:port`` and passes each request
through, or not, according to the ``Faults`` in force when the request arrives::

    from sensus.trial.faultproxy import Faults, running_proxy

    with running_proxy("127.0.0.1", server_port, faults=Faults(latency_ms=300)) as proxy:
        page.goto(proxy.url)                       # http://127.0.0.1:<port>
        proxy.set_faults(Faults(refuse_503=1.0, retry_after_s=2,
                                path_prefix="/api/v1/self-response/submissions",
                                method="POST"))
        ...
        assert proxy.stats.refused_503 >= 1

API
  ``Faults`` (frozen dataclass, every field optional; see ``sensus.trial.faults``):
    ``latency_ms`` added each way: the request waits before it goes up, and every chunk of
    the response is delivered that long after the upstream sent it (pipelined, not summed);
    ``jitter_ms`` adds up to that much to each request's latency, and ``loss`` is the chance
    that a request meets a lost packet, which costs TCP's retransmission timeout (1 s,
    doubling, at most three in a row) on its latency;
    ``bandwidth_down_kbps`` / ``bandwidth_up_kbps`` throttle server→client / client→server,
    per connection; ``blackout`` closes every new connection at once and cuts (resets) the
    open ones; ``refuse_503`` answers 503 with ``Retry-After: retry_after_s`` and the API's
    ``overloaded`` error body without forwarding; ``reset_after_request`` forwards the
    request, reads the server's whole answer, then resets the client connection before any
    response byte; ``reset_mid_response`` forwards, sends the response head and half the
    body, then resets; ``reset_mid_request`` cuts the connection while the request goes up,
    so the server never sees it. The four probabilities are exclusive (one draw per request
    from the proxy's ``random.Random(seed)``) and must add up to at most 1. ``path_prefix`` and
    ``method`` limit every fault except ``blackout`` to matching requests.
  ``FaultProxy(upstream_host, upstream_port, *, seed=0)``:
    ``url`` (valid once started), ``set_faults(faults)`` (thread-safe; new requests see it,
    and a blackout also cuts open connections), ``faults``, ``stats`` (``ProxyStats``:
    ``requests``, ``forwarded``, ``refused_503``, ``reset_after_request``,
    ``reset_mid_response``, ``reset_mid_request``, ``blackout_closed``, ``upstream_failed``;
    ``snapshot()``), and
    for asyncio callers ``await start(port=0)`` / ``await close()``.
  ``running_proxy(upstream_host, upstream_port, *, faults=Faults(), seed=0, port=0,
  host="127.0.0.1")``:
    a context manager that runs the proxy's event loop in a daemon thread and yields the
    started ``FaultProxy``; on exit it closes every connection and joins the thread.

HTTP/1.1 framing is h11's on both sides (``sensus.trial.connection``). Keep-alive
connections carry several requests, each judged on its own. Request bodies are
read whole before they go up (store and forward); responses are streamed. Each client
connection has its own upstream connection, as a phone behind a bad link would.
"""

from __future__ import annotations

import asyncio
import random
import threading
import weakref
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress

from sensus.trial.connection import ClientConnection
from sensus.trial.faults import NO_FAULTS, Faults, ProxyStats
from sensus.trial.link import reset

__all__ = ["FaultProxy", "Faults", "ProxyStats", "running_proxy"]


class FaultProxy:
    """The proxy; start it with ``running_proxy`` (a thread) or ``await start()``."""

    def __init__(self, upstream_host: str, upstream_port: int, *, seed: int = 0) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.stats = ProxyStats()
        # The only source of chance: the same seed gives the same faults. Not for secrets.
        self.rng = random.Random(seed)  # noqa: S311
        self._faults = NO_FAULTS
        self._lock = threading.Lock()
        self._server: asyncio.Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connections: dict[asyncio.StreamWriter, asyncio.Task[None]] = {}
        # Every client connection from the moment asyncio made it, before its handler runs:
        # close() aborts the ones no handler got to (their sockets would leak otherwise).
        self._transports: weakref.WeakSet[asyncio.Transport] = weakref.WeakSet()
        self._closing = False
        self._port = 0
        self._host = "127.0.0.1"

    @property
    def url(self) -> str:
        if not self._port:
            raise RuntimeError("the proxy has not started")
        return f"http://{self._host}:{self._port}"

    @property
    def port(self) -> int:
        return self._port

    @property
    def faults(self) -> Faults:
        with self._lock:
            return self._faults

    def set_faults(self, faults: Faults) -> None:
        """Replace the faults in force, from any thread; requests that arrive next see them."""
        with self._lock:
            self._faults = faults
            loop = self._loop
        if faults.blackout and loop is not None and not loop.is_closed():
            with suppress(RuntimeError):  # the loop stopped meanwhile: nothing left to cut
                loop.call_soon_threadsafe(self._cut_all, True)

    async def start(self, port: int = 0, host: str = "127.0.0.1") -> None:
        """Listen on ``host``:``port`` (0: a free port, see ``url``); loopback by default."""
        loop = self._loop = asyncio.get_running_loop()

        def protocol() -> asyncio.StreamReaderProtocol:
            return _TrackedProtocol(self._transports, asyncio.StreamReader(), self._accept)

        self._server = await loop.create_server(protocol, host, port)
        self._host = host
        self._port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        """Stop listening, cut every connection and wait for their handlers to end."""
        self._closing = True
        if self._server is not None and self._loop is not None:
            # Stop accepting first, and let connections being accepted reach their handler
            # (which resets them) while the server is still open: Python 3.11 finishes an
            # accept in a task of its own, and one that runs after close() fails and leaks
            # its socket (Server._attach asserts the server is still serving).
            for sock in self._server.sockets:
                self._loop.remove_reader(sock.fileno())
            for _ in range(3):
                await asyncio.sleep(0)
            self._server.close()
        # A connection accepted just before has a handler that has not run yet: let it run,
        # see the proxy closing and cut its connection (left alone, its socket would leak).
        await asyncio.sleep(0)
        tasks = list(self._connections.values())
        self._cut_all(False)
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
        # Connections accepted while closing whose handler never ran (Python 3.11 makes the
        # transport in a task of its own, which wait_closed() does not wait for, and a task
        # cancelled before it starts never runs its finally): abort them, and give the loop
        # the turns in which it closes their sockets.
        for _ in range(3):
            await asyncio.sleep(0)
            for transport in list(self._transports):
                if not transport.is_closing():
                    transport.abort()
        await asyncio.sleep(0)

    def _cut_all(self, blackout: bool) -> None:
        for writer, task in list(self._connections.items()):
            if blackout:
                self.stats.add("blackout_closed")
            reset(writer)
            task.cancel()
        self._connections.clear()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._closing:
            reset(writer)
            return
        if self.faults.blackout:
            self.stats.add("blackout_closed")
            reset(writer)
            return
        task = asyncio.current_task()
        assert task is not None
        self._connections[writer] = task
        try:
            await ClientConnection(self, reader, writer).run()
            writer.close()  # unlike abort(), close() sends what is still buffered first
            with suppress(ConnectionError):
                await writer.wait_closed()
        except asyncio.CancelledError:
            pass  # cut by a blackout or by close(): the connection is gone, nothing to report
        finally:
            self._connections.pop(writer, None)
            # Whatever ended the handler (an error asyncio logs, too): never leave the
            # client's connection open behind it (its socket would leak, unclosed).
            if not writer.transport.is_closing():
                reset(writer)


class _TrackedProtocol(asyncio.StreamReaderProtocol):
    """asyncio's stream protocol that also records its transport as soon as it exists."""

    def __init__(
        self,
        transports: weakref.WeakSet[asyncio.Transport],
        reader: asyncio.StreamReader,
        handler: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]],
    ) -> None:
        super().__init__(reader, handler)
        self._transports = transports

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        if isinstance(transport, asyncio.Transport):
            self._transports.add(transport)
        super().connection_made(transport)


@contextmanager
def running_proxy(
    upstream_host: str,
    upstream_port: int,
    *,
    faults: Faults = NO_FAULTS,
    seed: int = 0,
    port: int = 0,
    host: str = "127.0.0.1",
) -> Iterator[FaultProxy]:
    """A started proxy whose event loop runs in a daemon thread; stopped and joined on exit."""
    proxy = FaultProxy(upstream_host, upstream_port, seed=seed)
    proxy.set_faults(faults)
    ready = threading.Event()
    failure: list[BaseException] = []
    stop: list[asyncio.Event] = []

    async def main() -> None:
        stopping = asyncio.Event()
        stop.append(stopping)
        try:
            await proxy.start(port, host)
        except BaseException as error:
            failure.append(error)
            raise
        finally:
            ready.set()
        await stopping.wait()
        await proxy.close()

    def run() -> None:
        with suppress(BaseException):
            asyncio.run(main())

    thread = threading.Thread(target=run, name="fault-proxy", daemon=True)
    thread.start()
    ready.wait()
    if failure:
        thread.join()
        raise failure[0]
    try:
        yield proxy
    finally:
        loop = proxy._loop
        assert loop is not None
        loop.call_soon_threadsafe(stop[0].set)
        thread.join(timeout=30)
