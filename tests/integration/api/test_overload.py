"""The real application at capacity: the API says ``overloaded``, health and files still work.

One route is added to the application for the test: it waits for the test's gate, standing
in for a slow database, so that the test decides when the bound is reached.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx2 as httpx

from sensus.app import create_app
from sensus.config import Settings
from sensus.storage.database import Database
from tests.integration.api.helpers import API, CLOSES, OPENS
from tests.serving import serving


def test_beyond_its_bound_the_api_answers_overloaded_and_health_and_files_still_work(
    database: Database,
) -> None:
    settings = Settings(
        database_url="sqlite://",  # not used: the application gets ``database``
        secret_key="a-test-secret-of-enough-length",
        self_response_opens=OPENS,
        self_response_closes=CLOSES,
        max_in_flight=1,
        retry_after_seconds=9,
    )
    app = create_app(settings, database)
    gate = threading.Event()

    def slow() -> dict[str, bool]:
        gate.wait(timeout=10)
        return {"done": True}

    app.add_api_route(f"{API}/test-slow", slow)
    gzip = {"Accept-Encoding": "gzip"}
    with serving(app) as (host, port), ThreadPoolExecutor(1) as pool:
        url = f"http://{host}:{port}"
        held = pool.submit(httpx.get, f"{url}{API}/test-slow", timeout=10)
        _wait_for(lambda: app.state.load.in_flight == 1)
        refused = httpx.get(f"{url}{API}/questionnaire", headers=gzip)
        health = httpx.get(f"{url}/healthz")
        ready = httpx.get(f"{url}/readyz")
        static = httpx.get(f"{url}/static/css/site.css", headers=gzip)
        gate.set()
        assert held.result().status_code == 200
        _wait_for(lambda: app.state.load.in_flight == 0)  # released just after the answer
        after = httpx.get(f"{url}{API}/questionnaire", headers=gzip)
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "9"
    assert "content-encoding" not in refused.headers  # a refusal costs nothing, not even gzip
    assert refused.json()["error"] == {
        "code": "overloaded",
        "message_id": "Server sedang sibuk. Silakan coba lagi sebentar lagi.",
        "message_en": "The server is busy. Please try again shortly.",
        "fields": [],
    }
    counters = health.json()
    assert (counters["in_flight"], counters["max_in_flight"], counters["shed"]) == (1, 1, 1)
    assert (ready.status_code, static.status_code) == (200, 200)
    assert after.status_code == 200
    assert after.headers["content-encoding"] == "gzip"


def _wait_for(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.01)
