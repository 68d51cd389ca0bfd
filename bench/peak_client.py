"""A lean load generator: raw HTTP/1.1 with keep-alive over many connections, on uvloop.

The httpx client of ``submission_http.py`` costs 1.5-5 ms of CPU per request, more than the
server it measures (docs/PERFORMANCE.md). Here every request is bytes made before the clock
starts, and an answer is read as a status line, headers and a ``Content-Length`` body: tens
of microseconds a request. Each connection runs its own loop of ``Work``: a request, and
what to do with its answer.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import uvloop


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[bytes, bytes]
    body: bytes
    seconds: float
    cookies: list[str] = field(default_factory=list)  # name=value of each Set-Cookie


@dataclass
class Tally:
    """What one phase saw: answers by status, latencies of 2xx and of refusals."""

    statuses: Counter[int] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)  # 2xx
    refusals: list[float] = field(default_factory=list)  # 503
    retry_after: Counter[bytes] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)  # no answer at all
    elapsed: float = 0.0

    def note(self, answer: Answer) -> None:
        self.statuses[answer.status] += 1
        if 200 <= answer.status < 300:
            self.latencies.append(answer.seconds)
        elif answer.status == 503:
            self.refusals.append(answer.seconds)
            self.retry_after[answer.headers.get(b"retry-after", b"")] += 1

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)

    @property
    def rate(self) -> float:
        return self.ok / self.elapsed if self.elapsed else 0.0


def request(method: str, path: str, body: bytes = b"", cookie: str = "") -> bytes:
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    if cookie:
        head.append(f"Cookie: {cookie}")
    if body or method in ("POST", "PUT", "PATCH"):
        head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class Connection:
    """One keep-alive connection to 127.0.0.1:``port``, reopened if the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def send(self, raw: bytes) -> Answer:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self._reader is not None
        started = time.perf_counter()
        try:
            self._writer.write(raw)
            answer = await _read(self._reader, started)
        except (OSError, asyncio.IncompleteReadError):
            self.close()
            raise
        if answer.headers.get(b"connection", b"").lower() == b"close":
            self.close()
        return answer

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


async def _read(reader: asyncio.StreamReader, started: float) -> Answer:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    headers, cookies = {}, []
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
            if name.strip().lower() == b"set-cookie":
                cookies.append(value.strip().split(b";", 1)[0].decode())
    if b"content-length" in headers:
        body = await reader.readexactly(int(headers[b"content-length"]))
    elif headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        body = await _chunks(reader)
    else:
        body = b""
    return Answer(status, headers, body, time.perf_counter() - started, cookies)


async def _chunks(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


Worker = Callable[[Connection, Tally], Awaitable[None]]


def run(port: int, connections: int, worker: Worker, tally: Tally) -> Tally:
    """Run ``worker`` on ``connections`` connections until each returns; timed."""

    async def main() -> None:
        opened = [Connection(port) for _ in range(connections)]
        started = time.perf_counter()
        await asyncio.gather(*(worker(c, tally) for c in opened))
        tally.elapsed = time.perf_counter() - started
        for connection in opened:
            connection.close()

    uvloop.run(main())
    return tally


async def send_noted(connection: Connection, raw: bytes, tally: Tally) -> Answer | None:
    """Send one request and note its answer; None when the connection broke instead."""
    try:
        answer = await connection.send(raw)
    except (OSError, asyncio.IncompleteReadError) as error:
        tally.errors[type(error).__name__] += 1
        return None
    tally.note(answer)
    return answer
