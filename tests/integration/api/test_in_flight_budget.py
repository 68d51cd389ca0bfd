"""The bounds on work in flight are the machine's, shared among its worker processes.

With ``--workers N`` each process used to admit the whole bound, so the machine admitted N
times it (and, with the default of eight per CPU, N·N·8 requests on N cores). ADR 0017.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx2 as httpx

from tests.integration.api.helpers import TestClient
from tests.serving import free_port

ROOT = Path(__file__).resolve().parents[3]


def test_each_worker_admits_its_share_of_the_machines_budgets(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(max_in_flight=16, workers=4, hash_workers=2, hash_queue=8)
    assert client.get("/healthz").json()["max_in_flight"] == 4
    # A hash worker and two waiting sign-ins each: never fewer than one of either.
    assert client.app.state.door.limit == 1 + 2  # type: ignore[attr-defined]


def test_one_process_admits_the_whole_budget(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_in_flight=16, hash_workers=2, hash_queue=8)
    assert client.get("/healthz").json()["max_in_flight"] == 16
    assert client.app.state.door.limit == 10  # type: ignore[attr-defined]


def test_sensus_serve_with_two_workers_admits_the_budget_once(tmp_path: Path) -> None:
    port = free_port()
    env = os.environ | {
        "PYTHONPATH": str(ROOT),
        "SENSUS_DATABASE_URL": f"sqlite:///{tmp_path / 'sensus.db'}",
        "SENSUS_MAX_IN_FLIGHT": "10",
    }
    env.pop("SENSUS_WORKERS", None)
    command = [sys.executable, "-c", "from sensus.cli import app; app()", "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--workers", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        limits = {_limit(port, process) for _ in range(20)}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    assert limits == {5}  # whichever worker answers: half of 10


def _limit(port: int, process: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 60
    while True:
        try:
            # A new connection each time, so that both workers get asked.
            answer = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
            return int(answer.json()["max_in_flight"])
        except httpx.TransportError:
            assert process.poll() is None and time.monotonic() < deadline, "no server"
            time.sleep(0.2)
