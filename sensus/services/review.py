"""An interview as the supervisor's page shows it: the household, its roster and answers with
the questionnaire's labels, and every other record of the same household with which is final.

Who may read it is decided by ``SupervisionService.interview`` (a supervisor's own officers,
an administrator everybody's; others get ``interview_not_found``, as for an unknown id).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sensus.domain import regions
from sensus.domain.identity import mask
from sensus.domain.questionnaire import Questionnaire
from sensus.domain.roster import registry_member_id
from sensus.domain.staff import StaffMember
from sensus.services.readable import ReadableDocument, read_document
from sensus.services.supervision import SupervisionService
from sensus.services.times import aware
from sensus.storage import households as household_store
from sensus.storage import review as store
from sensus.storage.database import Database


@dataclass(frozen=True)
class HouseholdSummary:
    id: int
    kk_masked: str | None
    address: str
    rt: str
    rw: str
    village: str  # "Mantuil (6371011001)"
    source: str  # registry | self_registered | field_found


@dataclass(frozen=True)
class HouseholdRecord:
    record_id: str
    mode: str  # self_response | interview
    is_final: bool
    received_at: datetime
    officer: str | None
    review_status: str | None
    document: ReadableDocument


@dataclass(frozen=True)
class InterviewReading:
    interview: dict[str, Any]  # ``I`` of docs/CONTRACTS.md (the API's interview summary)
    household: HouseholdSummary
    document: ReadableDocument
    records: list[HouseholdRecord]  # every record of the household, this one included

    @property
    def others(self) -> list[HouseholdRecord]:
        return [r for r in self.records if r.record_id != self.interview["record_id"]]


class InterviewReader:
    """Reads one interview for review, in the page's language."""

    def __init__(
        self, database: Database, questionnaire: Questionnaire, supervision: SupervisionService
    ) -> None:
        self._db = database
        self._questionnaire = questionnaire
        self._supervision = supervision

    def read(self, actor: StaffMember, record_id: str, lang: str) -> InterviewReading:
        found = self._supervision.interview(actor, record_id)  # scope check: 404 otherwise
        household_id = int(found["household_id"])
        names = {
            registry_member_id(p.id): p.name
            for p in household_store.registry_persons(self._db, household_id)
        }
        records = [
            HouseholdRecord(
                record_id=r.submission_id,
                mode=r.mode,
                is_final=r.is_final,
                received_at=aware(r.submitted_at),
                officer=r.officer_username,
                review_status=r.review_status,
                document=read_document(self._questionnaire, json.loads(r.payload), lang, names),
            )
            for r in store.household_documents(self._db, household_id)
        ]
        summary = {k: v for k, v in found.items() if k not in ("document", "household_records")}
        return InterviewReading(
            interview=summary,
            household=self._household(household_id),
            document=read_document(self._questionnaire, found["document"], lang, names),
            records=records,
        )

    def _household(self, household_id: int) -> HouseholdSummary:
        place = store.household_place(self._db, household_id)
        if place is None:  # an interview always has its household (a foreign key)
            raise LookupError(household_id)
        region = regions.get(place.village_code)
        village = f"{region.name} ({place.village_code})" if region else place.village_code
        return HouseholdSummary(
            id=place.id,
            kk_masked=mask(place.kk) if place.kk else None,
            address=place.address,
            rt=place.rt,
            rw=place.rw,
            village=village,
            source=place.source,
        )
