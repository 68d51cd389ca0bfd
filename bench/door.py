"""The door's benchmark: does a failed sign-in take the same time whatever exists, and how
many sign-ins can one process hash?

    .venv/bin/python bench/door.py [--attempts 200] [--flood-seconds 10] [--clients 8]

A real server (uvicorn, one process, SQLite in a temporary folder) with the test registry.
Prints the median and quartiles of failed sign-ins for an unknown KK, a known KK with a
wrong NIK and a known KK with a wrong password; then floods sign-ins from ``--clients``
connections and prints sign-ins/s, the server's CPU per hash and its peak RSS. The wait per
KK and the per-address limit are set out of the way: this measures the work, not the limits.
Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sensus.domain.identity import MALE, make_kk, make_nik  # noqa: E402
from tests.registry_files import DISTRICT, FAMILY, write_registry_csv  # noqa: E402
from tests.serving import free_port  # noqa: E402

SESSION = "/api/v1/self-response/session"
PASSWORD = "kata-sandi-bench-2026"
TICKS = os.sysconf("SC_CLK_TCK")

SERVER = """
import uvicorn
from sensus.app import create_app
from sensus.services.registry import import_registry
from sensus.storage.database import Database
from sensus.config import get_settings
settings = get_settings()
database = Database.connect(settings.database_url)
database.upgrade()
import_registry(database, {extract!r})
uvicorn.run(create_app(settings, database), host="127.0.0.1", port={port}, log_level="warning")
"""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed(client: httpx.Client, body: dict[str, str]) -> float:
    start = time.perf_counter()
    response = client.post(SESSION, json=body)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 401, response.text
    return elapsed


def summary(samples: list[float]) -> dict[str, float]:
    q = statistics.quantiles(samples, n=4)
    return {"median_ms": round(q[1], 2), "p25_ms": round(q[0], 2), "p75_ms": round(q[2], 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=200)
    parser.add_argument("--flood-seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="door-bench-"))
    extract = write_registry_csv(folder / "registry.csv", (FAMILY,))
    port = free_port()
    env = os.environ | {
        "SENSUS_DATABASE_URL": f"sqlite:///{folder / 'sensus.db'}",
        "SENSUS_SECRET_KEY": "a-benchmark-secret-of-enough-length",
        "SENSUS_LOCKOUT_ATTEMPTS": "100000000",
        "SENSUS_ADDRESS_FAILURES_PER_HOUR": "100000000",
        "SENSUS_SELF_RESPONSE_OPENS": "2020-01-01T00:00:00+07:00",
    }
    code = SERVER.format(extract=str(extract), port=port)
    server = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # start-up takes a minute at a load of 30
        while True:
            try:
                httpx.get(f"{url}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and server.poll() is None, "no server"
                time.sleep(0.2)
        result = measure(url, server.pid, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(result))


def measure(url: str, pid: int, args: argparse.Namespace) -> dict[str, object]:
    nik = FAMILY.members[0].nik
    wrong_nik = make_nik(DISTRICT, date(1980, 5, 12), MALE, 77)
    with httpx.Client(base_url=url, timeout=60) as client:
        first = client.post(SESSION, json={"kk": FAMILY.kk, "nik": nik, "password": PASSWORD})
        assert first.status_code == 200, first.text
        paths: dict[str, list[float]] = {"unknown_kk": [], "wrong_nik": [], "wrong_password": []}
        for n in range(args.attempts):  # interleaved, so that drift hits all three alike
            unknown = make_kk(DISTRICT, date(2016, 1, 1), 1000 + n)
            client.cookies.clear()
            paths["unknown_kk"].append(
                timed(client, {"kk": unknown, "nik": wrong_nik, "password": "x" * 12})
            )
            paths["wrong_nik"].append(
                timed(client, {"kk": FAMILY.kk, "nik": wrong_nik, "password": "x" * 12})
            )
            paths["wrong_password"].append(
                timed(client, {"kk": FAMILY.kk, "nik": nik, "password": "x" * 12})
            )
    result: dict[str, object] = {k: summary(v) for k, v in paths.items()}
    flood(url, args)  # a warm-up: the dummy hash, the connection pool, the page cache
    cpu_before = cpu_seconds(pid)
    # CPU per hash measured on a flood of its own, so that the latency runs are not counted.
    started = time.monotonic()
    checked, refused = flood(url, args)
    wall = time.monotonic() - started
    cpu = cpu_seconds(pid) - cpu_before
    result |= {
        "signins_per_s": round(checked / wall, 1),
        "refused_503_per_s": round(refused / wall, 1),
        "cpu_ms_per_signin": round(1000 * cpu / max(checked, 1), 1),
        "server_cpu_share": round(cpu / wall, 2),
        "peak_rss_mb": round(peak_rss_mb(pid), 1),
        "cores": len(os.sched_getaffinity(0)),
    }
    return result


def flood(url: str, args: argparse.Namespace) -> tuple[int, int]:
    """Failed sign-ins from ``clients`` connections for ``flood_seconds``: (checked, 503)."""
    counts = {"checked": 0, "refused": 0}
    lock = threading.Lock()
    stop = time.monotonic() + args.flood_seconds
    wrong_nik = make_nik(DISTRICT, date(1980, 5, 12), MALE, 77)

    def run(worker: int) -> None:
        serial = 1
        with httpx.Client(base_url=url, timeout=60) as client:
            while time.monotonic() < stop:
                kk = make_kk(DISTRICT, date(2017, 1, 1 + worker), serial)
                serial += 1
                body = {"kk": kk, "nik": wrong_nik, "password": "x" * 12}
                status = client.post(SESSION, json=body).status_code
                with lock:
                    counts["checked" if status == 401 else "refused"] += 1

    threads = [threading.Thread(target=run, args=(n,)) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts["checked"], counts["refused"]


if __name__ == "__main__":
    main()
