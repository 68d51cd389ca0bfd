"""What every integration test module shares: the in-process client, the API's prefix and a
clock the test moves (fakes only for the world outside: time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from starlette.testclient import TestClient

__all__ = ["API", "FakeClock", "TestClient"]

API = "/api/v1"


@dataclass
class FakeClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
