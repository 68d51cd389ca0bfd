"""The officer app's first day on a phone: first load, the app installed, the work downloaded,
in real Chromium on an emulated 2G link.

    .venv/bin/python bench/officer_app.py [--runs 3]

The officer holds ten SLS of 25 synthetic families (250 households, ``officer_setup.py``)
and is signed in (the session cookie is on the phone, as after the sign-in page). Each run
is a new phone (empty cache, no service worker), on CDP ``Network.emulateNetworkConditions``
2G (250 kbit/s down, 50 kbit/s up, 300 ms latency, as bench/page_budget.py). Measured,
medians over ``--runs``:

(a) the app's page until usable (``DOMContentLoaded``): time and bytes on the wire;
(b) "Unduh tugas saya" until the areas show: the bundle, the questionnaire and the region
    look-ups, time and bytes on the wire;
(c) the release the service worker installs (every file of both apps, checked by SHA-256):
    bytes as the server sends them gzipped, and the time from the navigation until the
    service worker controls the page (the app works offline), with the service worker's
    own downloads on the same 2G (``phone.SlowServiceWorkers``; CDP emulates a page's
    network for the page's own requests only).
Goal (issue 11): the app usable on 2G in at most 3 s.
"""

from __future__ import annotations

import argparse
import gzip
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2 as httpx
from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))

from officer_setup import fresh_database, officer_with_250_households
from phone import CHROMIUM, CHROMIUM_ARGS, PHONE, TWO_G, SlowServiceWorkers

APP = "/petugas/lapangan"


@dataclass
class Run:
    usable_s: float
    page_bytes: int
    download_s: float
    download_bytes: int
    bundle_bytes: int
    offline_s: float


class Wire:
    """Bytes on the wire of every finished request (CDP ``encodedDataLength``), by URL."""

    def __init__(self) -> None:
        self.urls: dict[str, str] = {}
        self.bytes: dict[str, int] = {}

    def sent(self, event: dict[str, Any]) -> None:
        self.urls.setdefault(event["requestId"], event["request"]["url"])

    def finished(self, event: dict[str, Any]) -> None:
        self.bytes[event["requestId"]] = int(event["encodedDataLength"])

    def total(self, contains: str = "") -> int:
        return sum(n for rid, n in self.bytes.items() if contains in self.urls.get(rid, ""))


def first_day(browser: Browser, url: str, cookie: dict[str, str]) -> Run:
    context = browser.new_context(**PHONE)
    host = url.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [{"name": k, "value": v, "domain": host, "path": "/"} for k, v in cookie.items()]
    )
    page = context.new_page()
    page.set_default_timeout(120_000)
    cdp = context.new_cdp_session(page)
    wire = Wire()
    cdp.on("Network.requestWillBeSent", wire.sent)
    cdp.on("Network.loadingFinished", wire.finished)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", TWO_G)
    page.goto(f"{url}{APP}", wait_until="domcontentloaded")
    usable = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    page.locator("#download").wait_for()
    page.wait_for_load_state("load")
    page_bytes = wire.total()
    started = time.monotonic()
    page.locator("#download").click()
    page.get_by_role("heading", name="Wilayah tugas Anda").wait_for()
    download_s = time.monotonic() - started
    page.wait_for_function(
        "() => navigator.serviceWorker.controller !== null", timeout=300_000, polling=100
    )
    offline_s = page.evaluate("() => performance.now()") / 1000
    run = Run(
        usable / 1000,
        page_bytes,
        download_s,
        wire.total() - page_bytes,
        wire.total("/officer/bundle"),
        offline_s,
    )
    context.close()
    return run


def release_bytes(url: str) -> tuple[int, int]:
    """(files, bytes gzipped as served) of the release the service worker installs."""
    entries = httpx.get(f"{url}/release.json", timeout=60).json()["entries"]
    total = 0
    with httpx.Client(base_url=url, headers={"Accept-Encoding": "gzip"}, timeout=60) as client:
        for entry in entries:
            with client.stream("GET", entry["url"]) as response:
                raw = b"".join(response.iter_raw())
            gzipped = response.headers.get("content-encoding") == "gzip"
            total += len(raw) if gzipped else len(gzip.compress(raw))
    return len(entries), total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {platform.platform()}")
    with fresh_database("sqlite", None) as db_url, officer_with_250_households(db_url) as field:
        files, precache = release_bytes(field.url)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            workers = SlowServiceWorkers(browser)
            workers.network = TWO_G
            runs = [first_day(browser, field.url, field.cookie) for _ in range(args.runs)]
            browser.close()
    median = statistics.median
    print(f"runs: {len(runs)} (median), emulated 2G: 250 kbit/s down, 50 up, 300 ms")
    print(f"(a) app page usable: {median(r.usable_s for r in runs):.2f} s, "
          f"{median(r.page_bytes for r in runs):,.0f} bytes on the wire")  # fmt: skip
    print(f"(b) work downloaded (250 households): {median(r.download_s for r in runs):.2f} s, "
          f"{median(r.download_bytes for r in runs):,.0f} bytes "
          f"(bundle {median(r.bundle_bytes for r in runs):,.0f})")  # fmt: skip
    seconds = precache * 8 / 250_000
    print(f"(c) release installed by the service worker: {files} files, {precache:,} bytes "
          f"gzipped (≈ {seconds:.1f} s at 250 kbit/s); the app offline-ready after "
          f"{median(r.offline_s for r in runs):.1f} s from the navigation")  # fmt: skip


if __name__ == "__main__":
    main()
