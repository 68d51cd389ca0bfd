"""A flood of sign-ins cannot take the capacity that signed-in households need (issue 7).

Real uvicorn on 127.0.0.1, real Argon2: sign-ins with random KKs run for a few seconds from
many threads while a signed-in household keeps reading its page. The sign-ins have their own
admission and hash pool (ADR 0013), so the reads all succeed; sign-ins beyond the pool's
queue get 503 + Retry-After at once. Bounded: it stops by itself after ``FLOOD_SECONDS``.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import httpx2 as httpx

from sensus.app import create_app
from sensus.config import Settings
from sensus.domain.identity import make_kk
from sensus.storage.database import Database
from tests.integration.api.helpers import CLOSES, OPENS, PASSWORD, SELF, credentials
from tests.integration.api.test_identification import UNKNOWN_NIK
from tests.registry_files import DISTRICT
from tests.serving import serving

FLOOD_SECONDS = 3.0
FLOODERS = 12


def test_signed_in_reads_succeed_while_a_flood_of_sign_ins_runs(database: Database) -> None:
    settings = Settings(
        database_url="sqlite://",  # not used: the application gets ``database``
        secret_key="a-test-secret-of-enough-length",
        self_response_opens=OPENS,
        self_response_closes=CLOSES,
        max_in_flight=4,
        hash_workers=1,
        hash_queue=2,
        address_failures_per_hour=1_000_000,  # one test address stands for many phones
    )
    app = create_app(settings, database)
    stop = threading.Event()
    sign_in_statuses: list[int] = []
    retry_after: set[str | None] = set()

    def flood(url: str, worker: int) -> None:
        serial = 1
        with httpx.Client(base_url=url, timeout=30) as client:
            while not stop.is_set():
                kk = make_kk(DISTRICT, date(2016, 1, 1 + worker), serial)
                serial += 1
                body = {"kk": kk, "nik": UNKNOWN_NIK, "password": "salah-salah"}
                response = client.post(f"{SELF}/session", json=body)
                sign_in_statuses.append(response.status_code)
                if response.status_code == 503:
                    retry_after.add(response.headers.get("retry-after"))

    with serving(app) as (host, port), ThreadPoolExecutor(FLOODERS) as pool:
        url = f"http://{host}:{port}"
        household = httpx.Client(base_url=url, timeout=30)
        signed = household.post(f"{SELF}/session", json=credentials() | {"password": PASSWORD})
        assert signed.status_code == 200, signed.text
        flooders = [pool.submit(flood, url, n) for n in range(FLOODERS)]
        reads: list[int] = []
        deadline = time.monotonic() + FLOOD_SECONDS
        while time.monotonic() < deadline:
            reads.append(household.get(f"{SELF}/household").status_code)
            time.sleep(0.02)
        stop.set()
        for flooder in flooders:
            flooder.result(timeout=30)
        household.close()

    assert reads and set(reads) == {200}, reads
    assert 401 in sign_in_statuses  # the flood was real: hashes were checked
    assert 503 in sign_in_statuses  # and beyond the pool's queue refused at once
    assert retry_after == {str(settings.retry_after_seconds)}
