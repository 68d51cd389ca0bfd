"""The interview round: the window, assignments, and checking an interview's document.

When the interview window is open, every household of an area that has not submitted online
becomes an assignment for the area's officer. Assignments are made lazily and idempotently:
when an officer downloads a bundle (for that officer's areas) and by ``sensus interviews
assign`` (for all areas), so no scheduled job is needed. A household that answers online
later loses its unfinished assignment in the same transaction as its submission.

An interview is checked by the same questionnaire engine as a self-response: the document's
rules, then the registry roster (every registry member accounted for).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sensus.config import Settings
from sensus.domain import errors
from sensus.domain.errors import FieldError
from sensus.domain.questionnaire import Questionnaire
from sensus.domain.questionnaire.validate import REGISTRY, validate_and_clean
from sensus.domain.roster import check_against_registry
from sensus.domain.staff import ADMIN, StaffMember, require_role
from sensus.services.clock import Clock
from sensus.services.schedule import Schedule
from sensus.storage import areas as area_store
from sensus.storage.assignments import ensure_assignments
from sensus.storage.database import Database

# Officers work offline for days: what they recorded before the round closed may reach the
# server this long after it.
SYNC_GRACE = timedelta(days=14)


@dataclass(frozen=True)
class AssignReport:
    areas: int
    households_linked: int
    assignments_made: int


@dataclass(frozen=True)
class CheckedInterview:
    problems: list[FieldError]
    cleaned: dict[str, Any]


class InterviewRound:
    """The schedule of the round, its assignments, and the check of an interview."""

    def __init__(
        self, settings: Settings, database: Database, questionnaire: Questionnaire, clock: Clock
    ) -> None:
        self._db = database
        self._clock = clock
        self.questionnaire = questionnaire
        self.schedule = Schedule.from_settings(settings)

    def now(self) -> datetime:
        return self._clock().astimezone(UTC)

    def assign_all(self, actor: StaffMember) -> AssignReport:
        """Link the households of every area and make their missing assignments."""
        require_role(actor, ADMIN)
        self.schedule.require_interviews_open(self.now())
        return self.assign(area_store.areas_of(self._db, None))

    def assign(self, areas: Collection[area_store.AreaRecord]) -> AssignReport:
        """Link and assign the households of ``areas`` (the caller checked the window)."""
        listed = list(areas)
        linked = area_store.link_households(self._db, listed)
        made = ensure_assignments(self._db, listed, self.now())
        return AssignReport(len(listed), linked, made)

    def require_sync_open(self) -> None:
        """Records are taken from the round's opening until a grace period after it closes."""
        now = self.now()
        window = self.schedule.interview
        if now < window.opens:
            self.schedule.require_interviews_open(now)
        if now >= window.closes + SYNC_GRACE:
            raise errors.SensusError(errors.INTERVIEW_WINDOW_CLOSED)

    def check(
        self, document: dict[str, Any], registry_ids: Collection[str], source: str = REGISTRY
    ) -> CheckedInterview:
        """Every problem of an interview's document, and the document as it is stored
        (``source``: the household's, for the rules)."""
        q = self.questionnaire
        problems, cleaned = validate_and_clean(q, document, self.schedule.census_date, source)
        problems += check_against_registry(document, registry_ids)
        return CheckedInterview(problems, cleaned)

    def questionnaire_changed(self, document: dict[str, Any]) -> bool:
        """The device filled in another version of the questionnaire than the server's."""
        stated = (document.get("questionnaire_id"), document.get("questionnaire_version"))
        current = (self.questionnaire.id, self.questionnaire.version)
        return all(isinstance(part, str) for part in stated) and stated != current
