"""The respondent's phone budget, measured in real Chromium (Playwright + the DevTools protocol).

    .venv/bin/python bench/page_budget.py [--runs 5] [--json bench/results/page-budget.json]

The server is ``sensus serve`` on 127.0.0.1 over a new SQLite database with a small demo
registry. Every run is a new browser context (empty cache, no cookies), as a phone that
has never seen the site. Measured, medians over ``--runs``:

(a) bytes on the wire (compressed, headers included: CDP ``Network.loadingFinished``
    ``encodedDataLength``) of every response the phone downloads before the
    identification page is usable, and in all until the network is idle;
(b) on emulated 2G (CDP ``Network.emulateNetworkConditions``: 250 kbit/s down, 50 kbit/s
    up, 300 ms latency) and poor 2G (100/50 kbit/s, 800 ms), the time from the navigation
    until the page is usable, and until the phone could work offline (its service worker
    controls the page: the release is installed); the service worker's own downloads are
    slowed too (``phone.SlowServiceWorkers``), not only the page's;
(c) bytes on the wire of one autosave sync: each request to ``/self-response/draft`` (any
    method) after one answer is changed, request and response, headers included
    (Playwright's ``Request.sizes()``).

"Usable" is the end of ``DOMContentLoaded``: module scripts are deferred, so by then every
module the page imports has been fetched and run and its form listens to input.
Budgets (issue 3): (a) at most 100 KB, aim 50 KB; (b) at most 5 s; (c) at most 2 KB.
Goals (issue 11): usable in at most 1.0 s on 2G and 2.5 s on poor 2G.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2 as httpx
from playwright.sync_api import Browser, BrowserContext, CDPSession, Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sensus.services.demo import write_demo_csv
from sensus.services.registry import import_registry
from sensus.storage.database import Database

sys.path.insert(0, str(Path(__file__).resolve().parent))

from phone import CHROMIUM, CHROMIUM_ARGS, PHONE, POOR_2G, TWO_G, SlowServiceWorkers

PASSWORD = "kata-sandi-bench-2026"  # a synthetic household's password
BUDGET_BYTES, AIM_BYTES, BUDGET_SECONDS, BUDGET_SYNC = 100_000, 50_000, 5.0, 2_000
GOALS = {"2G": 1.0, "poor 2G": 2.5}  # seconds until usable (issue 11)


@dataclass
class Resource:
    url: str
    bytes: int
    finished_ms: float  # after the navigation started


@dataclass
class PageLoad:
    usable_ms: float
    bytes_until_usable: int
    bytes_until_idle: int
    resources: list[Resource] = field(default_factory=list)
    offline_ready_ms: float | None = None  # the service worker controls the page


@dataclass
class Sync:
    method: str
    request_bytes: int
    response_bytes: int

    @property
    def total(self) -> int:
        return self.request_bytes + self.response_bytes


@dataclass
class Syncs:
    first_save: list[Sync]  # leaving the roster: the draft's first save
    after_one_answer: list[Sync]  # from changing one answer until the step is left


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write every run's figures here")
    parser.add_argument("--pages-only", action="store_true", help="no autosave measurement")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as folder,
        server(Path(folder), args.runs) as (url, logins),
        sync_playwright() as driver,
    ):
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        workers = SlowServiceWorkers(browser)
        fast = [load_identification(browser, url, None) for _ in range(args.runs)]
        workers.network = TWO_G
        slow = [load_identification(browser, url, TWO_G, offline=True) for _ in range(args.runs)]
        workers.network = POOR_2G
        poor = [load_identification(browser, url, POOR_2G, offline=True) for _ in range(args.runs)]
        workers.network = None
        report_slow("2G", slow)
        report_slow("poor 2G", poor)
        warm = revisit(browser, url)
        syncs = [] if args.pages_only else [autosave(browser, url, x) for x in logins[: args.runs]]
        browser.close()
    report(fast, slow, warm, syncs)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        figures = {
            "fast": [asdict(run) for run in fast],
            "two_g": [asdict(run) for run in slow],
            "poor_two_g": [asdict(run) for run in poor],
            "warm_revisit_bytes": warm,
            "syncs": [
                {
                    name: [asdict(s) | {"total": s.total} for s in getattr(run, name)]
                    for name in ("first_save", "after_one_answer")
                }
                for run in syncs
            ],
        }
        args.json.write_text(json.dumps(figures, indent=1))


@contextmanager
def server(folder: Path, households: int) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """``sensus serve`` over a new database with ``households`` (+2) demo families."""
    url = f"sqlite:///{folder / 'sensus.db'}"
    database = Database.connect(url)
    database.upgrade()
    extract = folder / "extract.csv"
    write_demo_csv(extract, households + 2, seed=2026)
    assert not import_registry(database, extract).rejected
    database.dispose()
    now = datetime.now(UTC)
    env = os.environ | {
        "SENSUS_DATABASE_URL": url,
        "SENSUS_SELF_RESPONSE_OPENS": (now - timedelta(days=1)).isoformat(),
        "SENSUS_SELF_RESPONSE_CLOSES": (now + timedelta(days=30)).isoformat(),
    }
    port = _free_port()
    script = Path(sys.executable).parent / "sensus"
    command = [str(script), "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_ready(f"http://127.0.0.1:{port}/readyz", process)
        yield f"http://127.0.0.1:{port}", _first_logins(extract, households)
    finally:
        process.terminate()
        process.wait(timeout=30)


def load_identification(
    browser: Browser, url: str, network: dict[str, Any] | None, offline: bool = False
) -> PageLoad:
    """Open the identification page on a new phone and note every byte and when it came;
    with ``offline``, also when the phone could work without signal."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = _network_log(context, page, network)
    page.goto(url, wait_until="domcontentloaded")
    _ensure_form(page)
    timing = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return {start: performance.timeOrigin, usable: n.domContentLoadedEventEnd}; }"
    )
    ready = None
    if offline:
        page.wait_for_function(
            "() => navigator.serviceWorker.controller !== null", timeout=300_000, polling=100
        )
        ready = page.evaluate("() => performance.now()")
    page.wait_for_load_state("networkidle")
    time.sleep(0.5)  # anything the page starts after load (a service worker's precache)
    events = cdp.events
    context.close()
    load = _page_load(events, timing["usable"])
    load.offline_ready_ms = ready
    return load


def revisit(browser: Browser, url: str) -> int:
    """Bytes of a second visit on the same phone: the cached files should not come again."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    cdp = _network_log(context, page, None)
    page.goto(url, wait_until="networkidle")
    time.sleep(0.5)
    events = cdp.events
    context.close()
    return sum(event["bytes"] for event in events["finished"].values())


def autosave(browser: Browser, url: str, login: tuple[str, str]) -> Syncs:
    """Sign in, leave the roster, change one answer, go back: the draft syncs on the wire."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    _sign_in(page, url, *login)
    seen: list[Any] = []
    page.on("requestfinished", lambda r: seen.append(r) if "/self-response/draft" in r.url else 0)
    page.click("#app .nav .primary")  # roster → the first person: the first save of the draft
    page.locator("#f-members-0-lama_tinggal").wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    first = len(seen)
    field = page.locator("#f-members-0-lama_tinggal")
    field.fill("11")
    field.dispatch_event("change")
    page.wait_for_timeout(2000)  # an autosave after typing, if the client has one
    page.click("#app .nav .secondary")  # back to the roster: a save on leaving the step
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    syncs = Syncs([_sync(r) for r in seen[:first]], [_sync(r) for r in seen[first:]])
    context.close()
    return syncs


def _sync(request: Any) -> Sync:
    sizes = request.sizes()
    sent = sizes["requestHeadersSize"] + sizes["requestBodySize"]
    received = sizes["responseHeadersSize"] + sizes["responseBodySize"]
    return Sync(request.method, sent, received)


class _NetworkLog:
    def __init__(self, cdp: CDPSession) -> None:
        self.events: dict[str, Any] = {"sent": {}, "finished": {}}
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event: dict[str, Any]) -> None:
        self.events["sent"].setdefault(
            event["requestId"], (event["request"]["url"], event["timestamp"])
        )

    def _finished(self, event: dict[str, Any]) -> None:
        self.events["finished"][event["requestId"]] = {
            "bytes": int(event["encodedDataLength"]),
            "timestamp": event["timestamp"],
        }


def _network_log(
    context: BrowserContext, page: Page, network: dict[str, Any] | None
) -> _NetworkLog:
    cdp = context.new_cdp_session(page)
    log = _NetworkLog(cdp)
    cdp.send("Network.enable")
    if network is not None:
        cdp.send("Network.emulateNetworkConditions", network)
    return log


def _page_load(events: dict[str, Any], usable_ms: float) -> PageLoad:
    sent, finished = events["sent"], events["finished"]
    # CDP timestamps are seconds on one monotonic clock: the first request starts the clock.
    first = min(timestamp for _, timestamp in sent.values())
    resources = [
        Resource(sent[rid][0], done["bytes"], (done["timestamp"] - first) * 1000)
        for rid, done in finished.items()
        if rid in sent
    ]
    resources.sort(key=lambda r: r.finished_ms)
    until_usable = sum(r.bytes for r in resources if r.finished_ms <= usable_ms + 1)
    return PageLoad(usable_ms, until_usable, sum(r.bytes for r in resources), resources)


def _ensure_form(page: Page) -> None:
    if not page.locator("#identify").count():
        raise RuntimeError("the identification form is missing: is self-response open?")


def _sign_in(page: Page, url: str, kk: str, nik: str) -> None:
    page.goto(url)
    page.fill("#kk", kk)
    page.fill("#nik", nik)
    page.click("#identify button[type=submit]")
    page.locator("#password").wait_for(state="visible")
    page.fill("#password", PASSWORD)
    if page.locator("#password-confirm").is_visible():
        page.fill("#password-confirm", PASSWORD)
    page.click("#password-form button[type=submit]")
    page.wait_for_url("**/rumah-tangga")
    page.locator("#app .nav .primary").wait_for(state="visible")


def _next_step(page: Page) -> None:
    page.click("#app .nav .primary")


def _first_logins(extract: Path, count: int) -> list[tuple[str, str]]:
    """(KK, NIK of its first member) of the first ``count`` families in the extract."""
    logins: dict[str, str] = {}
    with extract.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            logins.setdefault(row["kk"], row["nik"])
    return list(logins.items())[:count]


def _wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited before it was ready")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server was not ready within 180 s")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def report(fast: list[PageLoad], slow: list[PageLoad], warm: int, syncs: list[Syncs]) -> None:
    def median(values: list[float]) -> float:
        return statistics.median(values)

    print(f"runs: {len(fast)} (median; min-max)")
    usable = [run.bytes_until_usable for run in fast]
    idle = [run.bytes_until_idle for run in fast]
    print(
        f"(a) bytes until usable: {median(usable):,.0f} ({min(usable):,}-{max(usable):,})"
        f"  budget {BUDGET_BYTES:,}, aim {AIM_BYTES:,}"
    )
    print(f"    bytes until network idle: {median(idle):,.0f}")
    print("    every response of the first run (bytes, finished after ms):")
    first = fast[0]
    for resource in first.resources:
        when = "usable" if resource.finished_ms <= first.usable_ms + 1 else "after"
        path = "/" + resource.url.split("/", 3)[-1]
        print(f"      {resource.bytes:>7,}  {resource.finished_ms:>6.0f}  {when:<6}  {path}")
    seconds = [run.usable_ms / 1000 for run in slow]
    print(
        f"(b) 2G, usable after: {median(seconds):.2f} s ({min(seconds):.2f}-{max(seconds):.2f})"
        f"  budget {BUDGET_SECONDS} s;"
        f" bytes until usable {median([r.bytes_until_usable for r in slow]):,.0f}"
    )
    print(f"    second visit, warm cache: {warm:,} bytes")
    if not syncs:
        return
    after_change = [run.after_one_answer[0].total for run in syncs if run.after_one_answer]
    first_saves = [run.first_save[0].total for run in syncs if run.first_save]
    methods = sorted({s.method for run in syncs for s in run.after_one_answer})
    if not after_change:
        print("(c) no draft sync seen after one answer changed: the bench must follow the client")
        return
    print(
        f"(c) one autosave sync after one answer ({'/'.join(methods)}):"
        f" {median(after_change):,.0f} bytes ({min(after_change):,}-{max(after_change):,})"
        f"  budget {BUDGET_SYNC:,}; the draft's first save {median(first_saves):,.0f} bytes"
    )
    for sync in syncs[0].after_one_answer:
        print(f"      {sync.method} {sync.request_bytes:,} up + {sync.response_bytes:,} down")


def report_slow(name: str, runs: list[PageLoad]) -> None:
    seconds = [run.usable_ms / 1000 for run in runs]
    ready = [run.offline_ready_ms / 1000 for run in runs if run.offline_ready_ms is not None]
    print(
        f"{name}: usable after {statistics.median(seconds):.2f} s"
        f" ({min(seconds):.2f}-{max(seconds):.2f}), goal {GOALS[name]} s;"
        f" ready offline after {statistics.median(ready):.1f} s ({min(ready):.1f}-{max(ready):.1f})"
    )


if __name__ == "__main__":
    main()
