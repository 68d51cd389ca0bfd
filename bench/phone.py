"""The phone the page benchmarks load pages on: Chromium as the tests launch it, a
360x740 touch screen, and the issue's 2G link for CDP network emulation."""

from __future__ import annotations

import json
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
# The poor 2G: 100 kbit/s down, 50 up, 800 ms round trip.
POOR_2G = {
    "offline": False,
    "latency": 800,
    "downloadThroughput": 100_000 / 8,
    "uploadThroughput": 50_000 / 8,
}


class SlowServiceWorkers:
    """Network emulation for every service worker the browser starts, not only for pages
    (CDP applies a page's emulation to the page's own requests alone). Through the browser's
    DevTools session: each new service-worker target is attached and slowed as it appears,
    before its release download starts (that waits for the page's ``load``)."""

    def __init__(self, browser: Any) -> None:
        self.session = browser.new_browser_cdp_session()
        self.network: dict[str, Any] | None = None
        self.session.on("Target.targetCreated", self._created)
        self.session.send("Target.setDiscoverTargets", {"discover": True})

    def _created(self, event: dict[str, Any]) -> None:
        info = event["targetInfo"]
        if info["type"] != "service_worker" or self.network is None:
            return
        attached = self.session.send(
            "Target.attachToTarget", {"targetId": info["targetId"], "flatten": False}
        )
        for number, (method, params) in enumerate(
            (("Network.enable", {}), ("Network.emulateNetworkConditions", self.network))
        ):
            message = {"id": 900_000 + number, "method": method, "params": params}
            self.session.send(
                "Target.sendMessageToTarget",
                {"sessionId": attached["sessionId"], "message": json.dumps(message)},
            )
