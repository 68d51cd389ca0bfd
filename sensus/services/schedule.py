"""The census schedule: is the online self-response window open?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sensus.config import Settings
from sensus.domain import errors

WindowState = Literal["before", "open", "closed"]


@dataclass(frozen=True)
class Schedule:
    opens: datetime
    closes: datetime
    census_date: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Schedule:
        census_date = settings.census_reference_date.date().isoformat()
        return cls(settings.self_response_opens, settings.self_response_closes, census_date)

    def state(self, now: datetime) -> WindowState:
        if now < self.opens:
            return "before"
        return "open" if now < self.closes else "closed"

    def require_open(self, now: datetime) -> None:
        state = self.state(now)
        if state == "before":
            raise errors.SensusError(errors.WINDOW_NOT_OPEN, detail=self._dates())
        if state == "closed":
            raise errors.SensusError(errors.WINDOW_CLOSED, detail=self._dates())

    def _dates(self) -> dict[str, object]:
        return {"opens": self.opens.isoformat(), "closes": self.closes.isoformat()}
