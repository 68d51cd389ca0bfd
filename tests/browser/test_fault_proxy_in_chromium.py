"""Chromium behind the fault proxy: pages load through it, and each fault reaches ``fetch``.

What a page's ``fetch`` sees is what the client's outbox must handle: a 503 it can read
(with ``Retry-After``), a request that fails outright although the server carried it out
(Chromium may even have sent it several times first), and an answer whose head arrived
but whose body never completes.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from sensus.trial.faultproxy import FaultProxy, Faults, running_proxy
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser

QUESTIONNAIRE = "/api/v1/questionnaire"

# Runs in the page: "status <n> <retry-after>" when the body was read, "body failed" when
# the head came but the body broke off, "fetch failed" when fetch itself rejected.
FETCH = """async (path) => {
  let response;
  try { response = await fetch(path); } catch { return "fetch failed"; }
  try { await response.text(); } catch { return "body failed"; }
  return `status ${response.status} ${response.headers.get("Retry-After")}`;
}"""


@pytest.fixture
def proxy(live_server: LiveServer) -> Iterator[FaultProxy]:
    upstream = urlsplit(live_server.url)
    assert upstream.hostname is not None and upstream.port is not None
    with running_proxy(upstream.hostname, upstream.port, seed=1) as started:
        yield started


def test_the_identification_page_loads_and_runs_through_a_slow_link(
    proxy: FaultProxy, phone: Page
) -> None:
    proxy.set_faults(Faults(latency_ms=100, bandwidth_down_kbps=2000))
    phone.goto(proxy.url)
    phone.locator("#kk").fill("123")
    phone.locator("#identify button[type=submit]").click()
    expect(phone.locator("#kk-error")).to_be_visible()  # the module scripts came and run
    assert proxy.stats.forwarded >= 5


def test_what_fetch_sees_of_each_fault(proxy: FaultProxy, phone: Page) -> None:
    phone.goto(proxy.url)
    only_questionnaire = {"path_prefix": QUESTIONNAIRE}
    cases = [
        (Faults(), "status 200 null"),
        (Faults(refuse_503=1.0, retry_after_s=3, **only_questionnaire), "status 503 3"),
        (Faults(reset_after_request=1.0, **only_questionnaire), "fetch failed"),
        (Faults(reset_mid_response=1.0, **only_questionnaire), "body failed"),
        (Faults(blackout=True), "fetch failed"),
    ]
    seen = []
    for faults, _ in cases:
        proxy.set_faults(faults)
        seen.append(phone.evaluate(FETCH, QUESTIONNAIRE))
    assert seen == [expected for _, expected in cases]
    stats = proxy.stats.snapshot()
    assert (stats["refused_503"], stats["reset_mid_response"]) == (1, 1)
    # Chromium sends a request again, unasked, when a reused keep-alive connection resets
    # before any answer: one fetch can reach the server several times. Hence idempotency.
    assert stats["reset_after_request"] >= 1
    assert stats["blackout_closed"] >= 1
