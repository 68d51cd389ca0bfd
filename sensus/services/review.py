"""An interview as the supervisor's page shows it: the household, its roster and answers with
the questionnaire's labels, and every other record of the same household with which is final.
When the interview corrects one a supervisor returned, the returned version too, with the
comment it was returned with and the answers the correction changed.

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
from sensus.services.answer_changes import AnswerChange, changed_answers
from sensus.services.readable import ReadableDocument, read_document
from sensus.services.supervision import SupervisionService
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
    village_code: str  # whose province's zone the household's times are shown in
    source: str  # registry | self_registered | field_found


@dataclass(frozen=True)
class HouseholdRecord:
    record_id: str
    mode: str  # self_response | interview
    is_final: bool
    received_at: datetime
    officer: str | None
    review_status: str | None
    review_comment: str | None
    reviewed_at: datetime | None
    reviewer: str | None
    document: ReadableDocument

    @property
    def returned(self) -> bool:
        """An interview a supervisor sent back to be corrected: never to be made final."""
        return self.mode == "interview" and self.review_status == "returned"


@dataclass(frozen=True)
class InterviewReading:
    interview: dict[str, Any]  # ``I`` of docs/CONTRACTS.md (the API's interview summary)
    household: HouseholdSummary
    document: ReadableDocument
    records: list[HouseholdRecord]  # every record of the household, this one included
    returned: HouseholdRecord | None  # the returned interview this one corrects, if any
    changes: list[AnswerChange]  # what this interview changed in ``returned``

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
                received_at=r.submitted_at,
                officer=r.officer_username,
                review_status=r.review_status,
                review_comment=r.review_comment,
                reviewed_at=r.reviewed_at,
                reviewer=r.reviewer_username,
                document=read_document(self._questionnaire, json.loads(r.payload), lang, names),
            )
            for r in store.household_documents(self._db, household_id)
        ]
        summary = {k: v for k, v in found.items() if k not in ("document", "household_records")}
        document = read_document(self._questionnaire, found["document"], lang, names)
        corrected = _corrected(records, record_id)
        return InterviewReading(
            interview=summary,
            household=self._household(household_id),
            document=document,
            records=records,
            returned=corrected,
            changes=changed_answers(corrected.document, document, lang) if corrected else [],
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
            village_code=place.village_code,
            source=place.source,
        )


def _corrected(records: list[HouseholdRecord], record_id: str) -> HouseholdRecord | None:
    """The returned interview that ``record_id`` corrects: the latest returned interview of
    the household before it (a correction is a new record; the device's link to the one it
    replaces stays on the device, and the server takes the newer interview as the one)."""
    place = next(i for i, r in enumerate(records) if r.record_id == record_id)
    earlier = [r for r in records[:place] if r.returned]
    return earlier[-1] if earlier else None
