"""A per-client limit on identification attempts, on top of the per-KK lockout.

The lockout stops guessing the NIK of one known KK; this stops one client from trying many
KKs. Generous on purpose: in Indonesia many phones share one carrier address (CGNAT).
"""

from __future__ import annotations

import threading
import time
from collections import deque


class Throttle:
    """At most ``limit`` events per ``window`` seconds for each key, kept in memory."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        moment = time.monotonic() if now is None else now
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and events[0] <= moment - self.window:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(moment)
            if len(self._events) > 100_000:  # bound memory under a spray of addresses
                self._events = {k: v for k, v in self._events.items() if v}
            return True
