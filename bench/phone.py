"""The phone the page benchmarks load pages on: Chromium as the tests launch it, a
360x740 touch screen, and the issue's 2G link for CDP network emulation."""

from __future__ import annotations

from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE: dict[str, Any] = {
    "viewport": {"width": 360, "height": 740},
    "has_touch": True,
    "is_mobile": True,
}
TWO_G = {
    "offline": False,
    "latency": 300,  # ms, added to every request (the "300 ms round trip")
    "downloadThroughput": 250_000 / 8,  # bytes per second
    "uploadThroughput": 50_000 / 8,
}
