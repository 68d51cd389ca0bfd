"""The census schedule: is the online self-response window open? Is the interview round?"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sensus.config import WIB, Settings
from sensus.domain import errors
from sensus.services import answers

WindowState = Literal["before", "open", "closed"]


@dataclass(frozen=True)
class Window:
    """A period from ``opens`` (included) to ``closes`` (excluded)."""

    opens: datetime
    closes: datetime

    def state(self, now: datetime) -> WindowState:
        if now < self.opens:
            return "before"
        return "open" if now < self.closes else "closed"

    def as_dict(self, now: datetime) -> answers.Window:
        return {
            "opens": self.opens.isoformat(),
            "closes": self.closes.isoformat(),
            "state": self.state(now),
        }


# Until a deployment says otherwise, a schedule built by hand has no interview round.
_NEVER = Window(datetime(9998, 1, 1, tzinfo=WIB), datetime(9999, 1, 1, tzinfo=WIB))


@dataclass(frozen=True)
class Schedule:
    opens: datetime
    closes: datetime
    census_date: str
    interview: Window = field(default=_NEVER)

    @classmethod
    def from_settings(cls, settings: Settings) -> Schedule:
        census_date = settings.census_reference_date.date().isoformat()
        closes = settings.self_response_closes
        if not settings.self_response_during_interviews:
            # Online answers stop when officers start knocking: one effective closing time,
            # so the pages, the API and the checks all say the same.
            closes = max(settings.self_response_opens, min(closes, settings.interview_opens))
        interview = Window(settings.interview_opens, settings.interview_closes)
        return cls(settings.self_response_opens, closes, census_date, interview)

    def state(self, now: datetime) -> WindowState:
        """The self-response window's state."""
        return Window(self.opens, self.closes).state(now)

    def require_open(self, now: datetime) -> None:
        """Refuse self-response outside its window."""
        state = self.state(now)
        if state == "before":
            raise errors.SensusError(errors.WINDOW_NOT_OPEN, detail=self._dates())
        if state == "closed":
            raise errors.SensusError(errors.WINDOW_CLOSED, detail=self._dates())

    def require_interviews_open(self, now: datetime) -> None:
        """Refuse handing out interview work outside the interview round."""
        state = self.interview.state(now)
        detail: dict[str, object] = dict(self.interview.as_dict(now))
        if state == "before":
            raise errors.SensusError(errors.INTERVIEW_WINDOW_NOT_OPEN, detail=detail)
        if state == "closed":
            raise errors.SensusError(errors.INTERVIEW_WINDOW_CLOSED, detail=detail)

    def _dates(self) -> dict[str, object]:
        return {"opens": self.opens.isoformat(), "closes": self.closes.isoformat()}
