"""Load shedding under real uvicorn: a bound on work in flight, refusals at once, no leaks.

The application behind the shedder is a tiny Starlette app whose ``/api/hold`` waits for the
test to open a gate, so a test decides exactly how many requests are in flight.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field

import httpx2 as httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from sensus.api.shedding import Load, LoadShedding
from tests.serving import serving

RETRY_AFTER = 4
NEVER_SHED = [
    "/static/css/site.css",
    "/healthz",
    "/readyz",
    "/sw.js",
    "/release.json",
    "/shell/identify",
]


@dataclass
class Shed:
    url: str
    load: Load
    gate: threading.Event = field(default_factory=threading.Event)

    def get(self, path: str) -> httpx.Response:
        return httpx.get(f"{self.url}{path}", timeout=10)


def held_app(load: Load, gate: threading.Event, timeout_s: float) -> Starlette:
    def hold(_: Request) -> Response:
        gate.wait(timeout=10)  # a handler in the thread pool, like our database routes
        return JSONResponse({"held": True})

    async def ok(_: Request) -> Response:
        return JSONResponse({"ok": True})

    async def echo(request: Request) -> Response:
        return JSONResponse({"received": len(await request.body())})

    async def hang(_: Request) -> Response:
        await asyncio.sleep(3600)  # an await that never returns, such as a lost connection
        return JSONResponse({})

    async def boom(_: Request) -> Response:
        raise RuntimeError("a bug in a handler")

    async def endless() -> AsyncIterator[bytes]:
        while True:
            yield b"x" * 100
            await asyncio.sleep(0.05)

    async def slow_pieces() -> AsyncIterator[bytes]:
        for _ in range(8):
            yield b"piece;"
            await asyncio.sleep(0.1)

    return Starlette(
        routes=[
            Route("/api/hold", hold),
            Route("/api/fast", ok),
            Route("/api/boom", boom),
            Route("/api/hang", hang),
            Route("/api/echo", echo, methods=["POST"]),
            Route("/api/endless", lambda _: StreamingResponse(endless())),
            Route("/api/slow-stream", lambda _: StreamingResponse(slow_pieces())),
            Route("/page", lambda _: HTMLResponse("<p>page</p>")),
            *[Route(path, ok) for path in NEVER_SHED],
        ],
        middleware=[
            Middleware(LoadShedding, load=load, retry_after_s=RETRY_AFTER, timeout_s=timeout_s)
        ],
    )


@pytest.fixture
def shed_server() -> Iterator[Callable[..., Shed]]:
    """Start a shedding server: ``shed_server(limit=2, timeout_s=30)``."""
    with ExitStack() as stack:

        def start(limit: int, timeout_s: float = 30.0) -> Shed:
            load, gate = Load(limit=limit), threading.Event()
            stack.callback(gate.set)  # never leave a handler waiting at the end
            # Errors in handlers are the point of some tests: keep uvicorn's tracebacks quiet.
            app = held_app(load, gate, timeout_s)
            host, port = stack.enter_context(serving(app, log_level="critical"))
            return Shed(f"http://{host}:{port}", load, gate)

        yield start


def wait_until(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.01)


def test_requests_beyond_the_bound_are_refused_at_once_while_the_others_complete(
    shed_server: Callable[..., Shed],
) -> None:
    shed = shed_server(limit=2)
    with ThreadPoolExecutor(2) as pool:
        held = [pool.submit(shed.get, "/api/hold") for _ in range(2)]
        wait_until(lambda: shed.load.in_flight == 2)
        started = time.monotonic()
        refused = [shed.get("/api/fast") for _ in range(3)]
        elapsed = time.monotonic() - started
        shed.gate.set()
        assert [future.result().status_code for future in held] == [200, 200]
    assert [response.status_code for response in refused] == [503, 503, 503]
    assert elapsed < 2  # not queued behind the held requests, which hold for up to 10 s
    assert refused[0].headers["retry-after"] == str(RETRY_AFTER)
    assert refused[0].json()["error"]["code"] == "overloaded"
    assert refused[0].json()["error"]["message_id"].startswith("Server sedang sibuk")
    assert shed.load.shed == 3
    # The answer leaves a moment before the slot is released: wait, don't assume.
    wait_until(lambda: shed.load.in_flight == 0)
    assert shed.get("/api/fast").status_code == 200


def test_static_files_release_files_and_health_checks_are_never_shed(
    shed_server: Callable[..., Shed],
) -> None:
    shed = shed_server(limit=1)
    with ThreadPoolExecutor(1) as pool:
        held = pool.submit(shed.get, "/api/hold")
        wait_until(lambda: shed.load.in_flight == 1)
        assert shed.get("/api/fast").status_code == 503
        assert {path: shed.get(path).status_code for path in NEVER_SHED} == dict.fromkeys(
            NEVER_SHED, 200
        )
        shed.gate.set()
        assert held.result().status_code == 200


def test_a_page_is_refused_with_a_short_page_in_both_languages(
    shed_server: Callable[..., Shed],
) -> None:
    shed = shed_server(limit=1)
    with ThreadPoolExecutor(1) as pool:
        held = pool.submit(shed.get, "/api/hold")
        wait_until(lambda: shed.load.in_flight == 1)
        refused = shed.get("/page")
        shed.gate.set()
        held.result()
    assert refused.status_code == 503
    assert refused.headers["content-type"].startswith("text/html")
    assert refused.headers["retry-after"] == str(RETRY_AFTER)
    assert "Server sedang sibuk" in refused.text and "The server is busy" in refused.text


def test_the_bound_is_released_after_errors(shed_server: Callable[..., Shed]) -> None:
    shed = shed_server(limit=1)
    assert [shed.get("/api/boom").status_code for _ in range(3)] == [500, 500, 500]
    assert shed.load.in_flight == 0
    assert shed.get("/api/fast").status_code == 200


def test_the_bound_is_released_when_a_client_leaves_a_streamed_answer(
    shed_server: Callable[..., Shed],
) -> None:
    shed = shed_server(limit=1)
    with httpx.Client(timeout=10) as client, client.stream("GET", f"{shed.url}/api/endless") as r:
        pieces = r.iter_bytes()  # kept: dropping the iterator would close the stream
        next(pieces)
        assert shed.get("/api/fast").status_code == 503  # the stream holds the only slot
    wait_until(lambda: shed.load.in_flight == 0)
    assert shed.get("/api/fast").status_code == 200


def test_work_a_client_abandoned_holds_its_slot_until_it_ends_and_then_frees_it(
    shed_server: Callable[..., Shed],
) -> None:
    shed = shed_server(limit=1)
    port = int(shed.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /api/hold HTTP/1.1\r\nHost: x\r\n\r\n")
        wait_until(lambda: shed.load.in_flight == 1)
    # The client is gone but its handler still works: that work still counts.
    assert shed.get("/api/fast").status_code == 503
    shed.gate.set()
    wait_until(lambda: shed.load.in_flight == 0)
    assert shed.get("/api/fast").status_code == 200


def test_a_request_unanswered_within_the_time_limit_gets_503(
    shed_server: Callable[..., Shed],
) -> None:
    shed = shed_server(limit=4, timeout_s=0.3)
    started = time.monotonic()
    response = shed.get("/api/hold")
    assert response.status_code == 503
    assert time.monotonic() - started < 5  # the handler itself would hold for 10 s
    assert response.headers["retry-after"] == str(RETRY_AFTER)
    assert response.json()["error"]["code"] == "overloaded"
    assert shed.load.timed_out == 1
    assert shed.load.in_flight == 1  # the handler's work goes on until it ends
    shed.gate.set()
    wait_until(lambda: shed.load.in_flight == 0)


def test_a_hung_handler_is_stopped_after_its_503_and_frees_its_slot(
    shed_server: Callable[..., Shed],
) -> None:
    shed = shed_server(limit=1, timeout_s=0.3)
    assert shed.get("/api/hang").status_code == 503
    wait_until(lambda: shed.load.in_flight == 0, seconds=2)
    assert shed.get("/api/fast").status_code == 200


def test_a_slow_upload_is_not_cut_by_the_time_limit(shed_server: Callable[..., Shed]) -> None:
    shed = shed_server(limit=4, timeout_s=0.3)
    port = int(shed.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(10)
        sock.sendall(b"POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\n\r\n")
        for _ in range(8):  # 2 KiB over about 1.2 s: slower than 2G, longer than the limit
            time.sleep(0.15)
            sock.sendall(b"b" * 256)
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:40]
    assert answer.endswith(b'{"received":2048}')
    assert shed.load.timed_out == 0


def test_an_answer_started_in_time_is_not_cut_by_the_time_limit(
    shed_server: Callable[..., Shed],
) -> None:
    shed = shed_server(limit=4, timeout_s=0.3)
    response = shed.get("/api/slow-stream")  # eight pieces over 0.8 s
    assert response.status_code == 200
    assert response.text == "piece;" * 8
    assert shed.load.timed_out == 0
