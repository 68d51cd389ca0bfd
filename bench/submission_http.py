"""The HTTP side of the submission benchmark: a real server, signed-in households, clients.

The server is ``sensus serve`` (uvicorn with the production defaults) in a process of its
own, so that the clients here do not share its interpreter. Each household is signed in
(its password set, a session cookie made by ``RespondentAccess``) before the clock starts;
the clients then post one complete record per household over N keep-alive connections.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx
from argon2 import PasswordHasher
from submission_documents import BenchHousehold

from sensus.services.container import Services
from sensus.services.respondent_access import SESSION_COOKIE
from sensus.storage import households as store

SUBMISSIONS = "/api/v1/self-response/submissions"
PASSWORD = "kata-sandi-bench-2026"  # a synthetic household's password
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class SignedIn:
    household: BenchHousehold
    cookie: str
    body: bytes  # the request, encoded before the clock starts


@dataclass
class LoadResult:
    elapsed: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    receipts: dict[int, str] = field(default_factory=dict)  # household id -> receipt code
    refusals: Counter[str] = field(default_factory=Counter)  # error codes of non-2xx
    server_cpu: float = 0.0  # seconds of CPU the server process tree used meanwhile
    client_cpu: float = 0.0
    stored_unanswered: int = 0  # households stored although their answer was not 2xx
    transport_errors: Counter[str] = field(default_factory=Counter)  # no answer at all

    @property
    def answered(self) -> int:
        """Requests answered 2xx (for submissions: committed, as the check after shows)."""
        return sum(count for status, count in self.statuses.items() if 200 <= status < 300)

    @property
    def requests(self) -> int:
        return self.statuses.total() + self.transport_errors.total()

    @property
    def rate(self) -> float:
        return self.answered / self.elapsed


def sign_in(services: Services, households: list[BenchHousehold]) -> list[SignedIn]:
    """Give every household a password and a session, as a first sign-in does.

    A real sign-in costs one Argon2 hash per household (about 0.1 s of CPU, by design) and
    the sign-in routes allow 60 attempts a minute per client address: neither is the
    submission path. So one hash is shared, stored per household through the same query a
    sign-in uses, and the cookie is made by the service's own token function.
    """
    password_hash = PasswordHasher().hash(PASSWORD)
    signed_in = []
    for household in households:
        store.set_first_password(services.database, household.id, password_hash, services.clock())
        cookie = services.access.open_session(household.id)  # the cookie a sign-in sets
        signed_in.append(SignedIn(household, cookie, _body(household)))
    return signed_in


def _body(household: BenchHousehold) -> bytes:
    # The client makes a random id (a uuid4), as the browser does.
    body = {"submission_id": str(uuid.uuid4()), "document": household.document}
    return json.dumps(body).encode()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(
    command: list[str], env: dict[str, str], port: int, log: Path, *, graceful: bool = False
) -> Iterator[subprocess.Popen[bytes]]:
    """The server running on 127.0.0.1:``port``; killed at the end (SIGKILL, so whatever
    it answered 2xx must already be on disk), or stopped with SIGINT when ``graceful``."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            _wait_until_ready(process, port, log)
            yield process
        finally:
            _stop(process, graceful)


def _wait_until_ready(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    # Start-up (imports, questionnaire) takes a minute at a load average of 30 on 2 cores.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/schedule", timeout=2).is_success:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not answer within 180 s")


def _stop(process: subprocess.Popen[bytes], graceful: bool) -> None:
    if process.poll() is not None:
        return
    # Our own process group (start_new_session): the server and any workers it started.
    os.killpg(process.pid, signal.SIGINT if graceful else signal.SIGKILL)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def check_session(port: int, item: SignedIn) -> None:
    """A real sign-in over HTTP sets a cookie the server accepts, as the made one is."""
    base = f"http://127.0.0.1:{port}/api/v1/self-response"
    first = item.household.document["members"][0]["answers"]
    login = {"kk": item.household.kk, "nik": first["nik"], "password": PASSWORD}
    with httpx.Client(base_url=base, timeout=30) as client:
        response = client.post("/session", json=login)
        assert response.status_code == 200, response.text
        assert client.cookies.get(SESSION_COOKIE)
        assert client.get("/household").status_code == 200
    made = httpx.get(f"{base}/household", cookies={SESSION_COOKIE: item.cookie}, timeout=30)
    assert made.status_code == 200, made.text


def post_all(port: int, items: list[SignedIn], concurrency: int, server_pid: int) -> LoadResult:
    """Post every household's record once, over ``concurrency`` connections."""
    result = LoadResult()
    cpu_before, client_before = tree_cpu_seconds(server_pid), time.process_time()
    started = time.perf_counter()
    asyncio.run(_post_all(port, items, concurrency, result))
    result.elapsed = time.perf_counter() - started
    result.server_cpu = tree_cpu_seconds(server_pid) - cpu_before
    result.client_cpu = time.process_time() - client_before
    return result


async def _post_all(port: int, items: list[SignedIn], concurrency: int, result: LoadResult) -> None:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    base = f"http://127.0.0.1:{port}"
    pending = iter(items)  # shared by the clients: each takes the next household
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:

        async def one_client() -> None:
            for item in pending:
                await _post(client, item, result)

        await asyncio.gather(*(one_client() for _ in range(concurrency)))


async def _post(client: httpx.AsyncClient, item: SignedIn, result: LoadResult) -> None:
    headers = {
        "content-type": "application/json",
        "cookie": f"{SESSION_COOKIE}={item.cookie}",
    }
    started = time.perf_counter()
    try:
        response = await client.post(SUBMISSIONS, content=item.body, headers=headers)
    except httpx.TransportError as error:
        # The answer is lost (a real client retries with the same id and gets a replay).
        result.transport_errors[type(error).__name__] += 1
        return
    result.latencies.append(time.perf_counter() - started)
    result.statuses[response.status_code] += 1
    if response.is_success:
        result.receipts[item.household.id] = response.json()["receipt_code"]
    else:
        result.refusals[_error_code(response)] += 1


def _error_code(response: httpx.Response) -> str:
    try:
        return str(response.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return f"http_{response.status_code}"


def get_repeatedly(
    port: int, path: str, count: int, concurrency: int, server_pid: int
) -> LoadResult:
    """GET ``path`` ``count`` times over ``concurrency`` connections: the HTTP stack alone."""
    result = LoadResult()
    cpu_before, client_before = tree_cpu_seconds(server_pid), time.process_time()
    started = time.perf_counter()
    asyncio.run(_get_all(port, path, count, concurrency, result))
    result.elapsed = time.perf_counter() - started
    result.server_cpu = tree_cpu_seconds(server_pid) - cpu_before
    result.client_cpu = time.process_time() - client_before
    return result


async def _get_all(port: int, path: str, count: int, concurrency: int, result: LoadResult) -> None:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    pending = iter(range(count))
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits) as client:

        async def one_client() -> None:
            for _ in pending:
                response = await client.get(path)
                result.statuses[response.status_code] += 1

        await asyncio.gather(*(one_client() for _ in range(concurrency)))


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        parents[int(entry.name)] = int(fields[1])
        ticks[int(entry.name)] = int(fields[11]) + int(fields[12])  # utime + stime
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier += children
    return sum(ticks.get(member, 0) for member in tree) / _CLOCK_TICKS


def sensus_serve(port: int, workers: int) -> list[str]:
    """The production entry point: ``sensus serve``."""
    script = Path(sys.executable).parent / "sensus"
    command = [str(script), "serve", "--host", "127.0.0.1", "--port", str(port)]
    return [*command, "--workers", str(workers)]
