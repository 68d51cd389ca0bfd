"""The fault proxy in front of a real uvicorn server: each fault does what it says, no more.

The upstream is a tiny Starlette application that records every request it handles, so a
test can tell "the server handled it but the client saw an error" from "never arrived".
"""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from sensus.trial.faultproxy import FaultProxy, Faults, running_proxy
from tests.serving import free_port, serving

BIG = 50_000  # bytes in /big


@dataclass
class Upstream:
    host: str
    port: int
    handled: list[tuple[str, str, bytes, int]] = field(
        default_factory=list
    )  # method, path, body, client port


def upstream_app(upstream: Upstream) -> Starlette:
    async def record(request: Request) -> Response:
        body = await request.body()
        client_port = request.client.port if request.client else 0
        upstream.handled.append((request.method, request.url.path, body, client_port))
        return JSONResponse({"received": len(body)})

    async def big(request: Request) -> Response:
        upstream.handled.append((request.method, "/big", b"", 0))
        return PlainTextResponse("x" * BIG)

    async def chunks() -> AsyncIterator[bytes]:
        for n in range(5):
            yield f"chunk-{n};".encode()

    async def slow_chunks() -> AsyncIterator[bytes]:
        for n in range(40):
            yield f"slow-{n};".encode()
            await asyncio.sleep(0.05)

    return Starlette(
        routes=[
            Route("/record", record, methods=["GET", "POST", "HEAD"]),
            Route("/api/submit", record, methods=["GET", "POST"]),
            Route("/big", big),
            Route("/stream", lambda _: StreamingResponse(chunks())),
            Route("/slow", lambda _: StreamingResponse(slow_chunks())),
        ]
    )


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    state = Upstream("", 0)
    with serving(upstream_app(state)) as (host, port):
        state.host, state.port = host, port
        yield state


@pytest.fixture
def proxy(upstream: Upstream) -> Iterator[FaultProxy]:
    with running_proxy(upstream.host, upstream.port, seed=7) as started:
        yield started


@pytest.fixture
def client(proxy: FaultProxy) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=proxy.url, timeout=10) as http:
        yield http


def test_without_faults_keep_alive_requests_pass_through_one_connection(
    proxy: FaultProxy, client: httpx.Client, upstream: Upstream
) -> None:
    assert client.get("/record").json() == {"received": 0}
    assert client.post("/record", content=b"a" * 3000).json() == {"received": 3000}
    # A generator body goes up chunked; a streamed answer comes down chunked.
    chunked = client.post("/record", content=iter([b"one,", b"two,", b"three"]))
    assert chunked.json() == {"received": len(b"one,two,three")}
    assert client.get("/stream").text == "".join(f"chunk-{n};" for n in range(5))
    assert client.head("/record").status_code == 200
    assert client.get("/record").status_code == 200
    assert [body for _, _, body, _ in upstream.handled][2] == b"one,two,three"
    # One client connection, one upstream connection: the server saw a single client port.
    assert len({port for *_, port in upstream.handled}) == 1
    stats = proxy.stats.snapshot()
    assert (stats["requests"], stats["forwarded"], sum(stats.values())) == (6, 6, 12)


def test_refuse_503_answers_with_retry_after_and_forwards_nothing(
    proxy: FaultProxy, client: httpx.Client, upstream: Upstream
) -> None:
    proxy.set_faults(Faults(refuse_503=1.0, retry_after_s=7))
    response = client.post("/record", content=b"household")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "7"
    assert response.json()["error"]["code"] == "overloaded"
    assert upstream.handled == []
    assert proxy.stats.refused_503 == 1
    proxy.set_faults(Faults())
    assert client.post("/record", content=b"household").status_code == 200  # same connection


def test_reset_after_request_lets_the_server_handle_it_but_the_client_sees_an_error(
    proxy: FaultProxy, client: httpx.Client, upstream: Upstream
) -> None:
    proxy.set_faults(Faults(reset_after_request=1.0))
    with pytest.raises(httpx.TransportError):
        client.post("/record", content=b"submission-1")
    assert [(m, body) for m, _, body, _ in upstream.handled] == [("POST", b"submission-1")]
    assert proxy.stats.reset_after_request == 1


def test_reset_mid_response_delivers_part_of_the_answer_then_resets(
    proxy: FaultProxy, upstream: Upstream
) -> None:
    proxy.set_faults(Faults(reset_mid_response=1.0))
    received, error = _raw_get(proxy, "/big")
    head_end = received.index(b"\r\n\r\n") + 4
    assert received.startswith(b"HTTP/1.1 200")
    assert 0 < len(received) - head_end < BIG  # some of the body, not all of it
    assert isinstance(error, ConnectionResetError)
    assert upstream.handled == [("GET", "/big", b"", 0)]
    assert proxy.stats.reset_mid_response == 1


def test_reset_mid_request_cuts_the_request_before_it_reaches_the_server(
    proxy: FaultProxy, client: httpx.Client, upstream: Upstream
) -> None:
    proxy.set_faults(Faults(reset_mid_request=1.0))
    with pytest.raises(httpx.TransportError):
        client.post("/record", content=b"submission-1")
    assert upstream.handled == []
    assert proxy.stats.reset_mid_request == 1


def test_jitter_varies_the_latency(proxy: FaultProxy, client: httpx.Client) -> None:
    client.get("/record")  # the connection is open: what follows is the latency alone
    proxy.set_faults(Faults(jitter_ms=300))
    delays = []
    for _ in range(6):
        started = time.monotonic()
        client.get("/record")
        delays.append(time.monotonic() - started)
    assert max(delays) - min(delays) > 0.05  # not one fixed delay


def test_faults_apply_only_to_the_chosen_path_and_method(
    proxy: FaultProxy, client: httpx.Client, upstream: Upstream
) -> None:
    proxy.set_faults(Faults(refuse_503=1.0, path_prefix="/api/", method="POST"))
    assert client.get("/api/submit").status_code == 200  # another method
    assert client.post("/record").status_code == 200  # another path
    assert client.post("/api/submit").status_code == 503
    assert [(m, p) for m, p, *_ in upstream.handled] == [
        ("GET", "/api/submit"),
        ("POST", "/record"),
    ]


def test_latency_is_added_each_way(proxy: FaultProxy, client: httpx.Client) -> None:
    client.get("/record")  # the connection is open: what follows is the latency alone
    proxy.set_faults(Faults(latency_ms=250))
    started = time.monotonic()
    assert client.get("/record").status_code == 200
    assert time.monotonic() - started >= 0.5


def test_bandwidth_down_throttles_the_response(proxy: FaultProxy, client: httpx.Client) -> None:
    proxy.set_faults(Faults(bandwidth_down_kbps=800))  # 100 kB/s: 50 kB take half a second
    started = time.monotonic()
    assert len(client.get("/big").content) == BIG
    assert time.monotonic() - started >= 0.45


def test_bandwidth_up_throttles_the_request(proxy: FaultProxy, client: httpx.Client) -> None:
    proxy.set_faults(Faults(bandwidth_up_kbps=400))  # 50 kB/s: 25 kB take half a second
    started = time.monotonic()
    assert client.post("/record", content=b"u" * 25_000).json() == {"received": 25_000}
    assert time.monotonic() - started >= 0.45


def test_blackout_closes_new_connections_and_cuts_open_ones(
    proxy: FaultProxy, upstream: Upstream
) -> None:
    with (
        httpx.Client(base_url=proxy.url, timeout=10) as streaming,
        streaming.stream("GET", "/slow") as response,
    ):
        pieces = response.iter_bytes()
        assert next(pieces).startswith(b"slow-0")
        proxy.set_faults(Faults(blackout=True))
        with pytest.raises(httpx.TransportError):
            for _ in pieces:
                pass
    with httpx.Client(base_url=proxy.url, timeout=10) as fresh, pytest.raises(httpx.TransportError):
        fresh.get("/record")
    assert proxy.stats.blackout_closed >= 2
    proxy.set_faults(Faults())
    with httpx.Client(base_url=proxy.url, timeout=10) as after:
        assert after.get("/record").status_code == 200


def test_the_same_seed_gives_the_same_faults(upstream: Upstream) -> None:
    def statuses(seed: int) -> list[int]:
        faults = Faults(refuse_503=0.5)
        with (
            running_proxy(upstream.host, upstream.port, faults=faults, seed=seed) as proxy,
            httpx.Client(base_url=proxy.url) as http,
        ):
            return [http.get("/record").status_code for _ in range(24)]

    first = statuses(seed=3)
    assert statuses(seed=3) == first
    assert statuses(seed=4) != first
    assert {200, 503} == set(first)


def test_an_unreachable_upstream_gets_502() -> None:
    with running_proxy("127.0.0.1", free_port()) as proxy, httpx.Client(base_url=proxy.url) as http:
        assert http.get("/record").status_code == 502
        assert proxy.stats.upstream_failed == 1


def test_expect_100_continue_is_answered_by_the_proxy(
    proxy: FaultProxy, upstream: Upstream
) -> None:
    with socket.create_connection(("127.0.0.1", int(proxy.url.rsplit(":", 1)[1]))) as sock:
        sock.settimeout(5)
        sock.sendall(
            b"POST /record HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"
        )
        assert sock.recv(100).startswith(b"HTTP/1.1 100 Continue")
        sock.sendall(b"hello")
        assert b'{"received":5}' in _read_until(sock, b'{"received":5}')
    assert upstream.handled[0][2] == b"hello"


def test_impossible_faults_are_refused() -> None:
    with pytest.raises(ValueError, match="add up"):
        Faults(refuse_503=0.6, reset_after_request=0.6)
    with pytest.raises(ValueError, match="bandwidth"):
        Faults(bandwidth_down_kbps=0)


def _raw_get(proxy: FaultProxy, path: str) -> tuple[bytes, Exception | None]:
    """GET over a bare socket: every byte that arrived, and how the connection ended."""
    port = int(proxy.url.rsplit(":", 1)[1])
    received = b""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(5)
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        try:
            while piece := sock.recv(65536):
                received += piece
        except OSError as error:
            return received, error
    return received, None


def _read_until(sock: socket.socket, marker: bytes) -> bytes:
    data = b""
    while marker not in data:
        piece = sock.recv(4096)
        if not piece:
            break
        data += piece
    return data


def test_the_trial_proxy_command_serves_until_interrupted(upstream: Upstream) -> None:
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("sensus")),
        "trial",
        "proxy",
        f"--upstream={upstream.host}:{upstream.port}",
        f"--port={port}",
        "--refuse-503=1",
        "--path-prefix=/api/",
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        assert f"fault proxy on http://127.0.0.1:{port}" in process.stdout.readline()
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            assert http.get("/record").status_code == 200
            assert http.post("/api/submit").status_code == 503
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=15)
    assert process.returncode == 0
    assert "forwarded 1, refused_503 1" in output


def test_the_trial_proxy_command_plays_a_network_profile(upstream: Upstream) -> None:
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("sensus")),
        "trial",
        "proxy",
        f"--upstream={upstream.host}:{upstream.port}",
        f"--port={port}",
        "--profile=3g",  # 150 ms each way, and more with jitter
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        assert f"fault proxy on http://127.0.0.1:{port}" in process.stdout.readline()
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            started = time.monotonic()
            assert http.get("/record").status_code == 200
            assert time.monotonic() - started >= 0.3
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=15)
    assert process.returncode == 0
