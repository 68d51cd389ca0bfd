"""One record of a sync in flight: read, checked against what the officer may touch, and
either planned as a write or answered with why not (``sync.py`` runs the batch).

Unknown and foreign things are refused alike (an assignment never given to this officer,
a household outside their areas), so that an answer never tells one from the other.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sensus.domain import errors, messages
from sensus.domain.errors import FieldError, Problem
from sensus.domain.field_records import (
    STRIKING_RESULTS,
    VERIFYING_RESULTS,
    FieldRecord,
    Interview,
    ListingCheck,
    NewHousehold,
    Unreadable,
    Visit,
    read_record,
)
from sensus.domain.questionnaire.validate import REGISTRY
from sensus.domain.staff import StaffMember
from sensus.domain.states import visit_move
from sensus.services.interviews import InterviewRound
from sensus.storage import areas as area_store
from sensus.storage import field_lookups as lookups
from sensus.storage import field_writes as writes

FIX, RETRY, ASK_SUPERVISOR = "fix", "retry", "ask_supervisor"
NEXT_STEP = {
    errors.VALIDATION_FAILED.code: FIX,
    errors.QUESTIONNAIRE_CHANGED.code: FIX,
    errors.ASSIGNMENT_NOT_FOUND.code: ASK_SUPERVISOR,
    errors.HOUSEHOLD_NOT_IN_AREAS.code: ASK_SUPERVISOR,
    errors.AREA_NOT_FOUND.code: ASK_SUPERVISOR,
    errors.RECORD_ID_REUSED.code: ASK_SUPERVISOR,
    errors.PROVISIONAL_ID_TAKEN.code: ASK_SUPERVISOR,
    errors.KK_ALREADY_REGISTERED.code: ASK_SUPERVISOR,
}


@dataclass
class Outcome:
    """What became of one record of the batch (``index``: its place in ``records``)."""

    index: int
    record_id: str | None
    kind: str | None
    status: str  # stored | duplicate | rejected | superseded
    problem: Problem | None = None
    fields: list[FieldError] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def next_step(self) -> str | None:
        if self.status != "rejected" or self.problem is None:
            return None
        return NEXT_STEP.get(self.problem.code, RETRY)

    def as_dict(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "index": self.index,
            "record_id": self.record_id,
            "kind": self.kind,
            "status": self.status,
        }
        if self.problem is not None:
            key = "error" if self.status == "rejected" else "notice"
            answer[key] = {
                "code": self.problem.code,
                "message_id": self.problem.id,
                "message_en": self.problem.en,
                "fields": [f.as_dict() for f in self.fields],
            }
        if self.next_step:
            answer["next"] = self.next_step
        if self.detail:
            answer["detail"] = self.detail
        return answer


@dataclass
class Item:
    """A record in flight: read, then either answered without writing or planned a write."""

    index: int
    record: FieldRecord | Unreadable
    payload_hash: str
    outcome: Outcome | None = None
    write: writes.Write | None = None

    @property
    def record_id(self) -> str | None:
        return self.record.record_id

    @property
    def kind(self) -> str | None:
        return self.record.kind

    def answer(self, status: str, **more: Any) -> None:
        self.outcome = Outcome(self.index, self.record_id, self.kind, status, **more)

    def reject(self, problem: Problem, fields: list[FieldError] | None = None) -> None:
        self.answer("rejected", problem=problem, fields=fields or [])


@dataclass(frozen=True)
class Refs:
    """What the batch refers to, read once for all its records."""

    areas: dict[int, area_store.AreaRecord]
    assignments: dict[str, lookups.AssignmentRef]
    households: dict[int, lookups.HouseholdRef]
    members: dict[int, set[str]]


class Planner:
    """Decides, for one record, the write that stores it or the reason it is refused."""

    def __init__(self, interviews: InterviewRound, officer: StaffMember, refs: Refs) -> None:
        self.round = interviews
        self.officer = officer
        self.refs = refs

    def plan(self, item: Item) -> None:
        record = item.record
        if isinstance(record, Visit):
            self._visit(item, record)
        elif isinstance(record, Interview):
            self._interview(item, record)
        elif isinstance(record, ListingCheck):
            self._listing(item, record)
        elif isinstance(record, NewHousehold):
            self._new_household(item, record)

    def _assignment(self, item: Item, assignment_id: str) -> lookups.AssignmentRef | None:
        """The assignment, if it was ever given to this officer (work done before a
        reassignment is still taken); foreign and unknown ones are answered alike."""
        found = self.refs.assignments.get(assignment_id)
        if found is None or found.officer_id != self.officer.id:
            item.reject(errors.ASSIGNMENT_NOT_FOUND, [field_error("assignment_id", "not_found")])
            return None
        return found

    def _visit(self, item: Item, v: Visit) -> None:
        found = self._assignment(item, v.assignment_id)
        if found is None:
            return
        item.write = writes.VisitWrite(
            v.record_id,
            item.payload_hash,
            v.assignment_id,
            found.household_id,
            v.outcome,
            visit_move(v.outcome),
            v.note,
            v.revisit_at,
            v.recorded_at,
        )

    def _interview(self, item: Item, i: Interview) -> None:
        found = self._assignment(item, i.assignment_id)
        if found is None:
            return
        q = self.round.questionnaire
        if self.round.questionnaire_changed(i.document):
            item.reject(
                errors.QUESTIONNAIRE_CHANGED, [field_error("document/questionnaire_version")]
            )
            return
        household = self.refs.households.get(found.household_id)
        checked = self.round.check(
            i.document,
            self.refs.members.get(found.household_id, set()),
            household.source if household else REGISTRY,
        )
        if checked.problems:
            item.reject(errors.VALIDATION_FAILED, [in_document(p) for p in checked.problems])
            return
        item.write = writes.InterviewWrite(
            i.record_id,
            item.payload_hash,
            i.assignment_id,
            found.household_id,
            q.id,
            q.version,
            canonical(checked.cleaned),
            i.recorded_at,
        )

    def _listing(self, item: Item, c: ListingCheck) -> None:
        household = self._mine(c.household_id)
        merged_into = self._mine(c.merged_into) if c.merged_into is not None else None
        if household is None or household.area_id is None:
            item.reject(errors.HOUSEHOLD_NOT_IN_AREAS, [field_error("household_id", "not_found")])
            return
        if c.merged_into is not None and merged_into is None:
            item.reject(errors.HOUSEHOLD_NOT_IN_AREAS, [field_error("merged_into", "not_found")])
            return
        item.write = writes.ListingWrite(
            c.record_id,
            item.payload_hash,
            c.household_id,
            household.area_id,
            c.result,
            c.corrections,
            c.merged_into,
            c.note,
            c.result in STRIKING_RESULTS,
            c.result in VERIFYING_RESULTS,
            c.recorded_at,
        )

    def _mine(self, household_id: int) -> lookups.HouseholdRef | None:
        """The household, if it lives in one of this officer's areas."""
        found = self.refs.households.get(household_id)
        if found is None or found.area_id not in self.refs.areas:
            return None
        return found

    def _new_household(self, item: Item, n: NewHousehold) -> None:
        area = self.refs.areas.get(n.area_id)
        if area is None:
            item.reject(errors.AREA_NOT_FOUND, [field_error("area_id", "not_found")])
            return
        item.write = writes.NewHouseholdWrite(
            n.record_id,
            item.payload_hash,
            n.provisional_id,
            n.assignment_id,
            area.id,
            area.village_code,
            area.rt,
            area.rw,
            n.address,
            n.kk,
            n.note,
            n.recorded_at,
        )


def read_item(index: int, raw: Any) -> Item:
    return Item(index, read_record(raw), canonical_hash(raw))


def in_document(problem: FieldError) -> FieldError:
    path = f"document/{problem.path}" if problem.path else "document"
    return FieldError(path, problem.code, problem.id, problem.en)


def field_error(path: str, code: str = "invalid") -> FieldError:
    """A sync record's field error ``code`` at ``path``, from the catalogue."""
    id_, en = messages.SYNC[code]
    return FieldError(path, code, id_, en)


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_hash(raw: Any) -> str:
    return hashlib.sha256(canonical(raw).encode()).hexdigest()
