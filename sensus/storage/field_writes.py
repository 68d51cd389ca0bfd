"""What a sync asks storage to write: one value per record (``field_sync`` writes them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sensus.domain.states import INTERVIEWED, Move


@dataclass(frozen=True)
class VisitWrite:
    record_id: str
    payload_hash: str
    assignment_id: str
    household_id: int
    outcome: str
    move: Move  # what the visit does to the assignment
    note: str
    revisit_at: datetime | None
    recorded_at: datetime
    kind: str = "visit"


@dataclass(frozen=True)
class InterviewWrite:
    record_id: str
    payload_hash: str
    assignment_id: str
    household_id: int
    questionnaire_id: str
    questionnaire_version: str
    payload: str  # the cleaned document, canonical JSON
    recorded_at: datetime
    kind: str = "interview"
    move: Move = INTERVIEWED


@dataclass(frozen=True)
class ListingWrite:
    record_id: str
    payload_hash: str
    household_id: int
    area_id: int
    result: str
    corrections: dict[str, str]
    merged_into: int | None
    note: str
    strikes: bool
    verifies: bool
    recorded_at: datetime
    kind: str = "listing_check"


@dataclass(frozen=True)
class NewHouseholdWrite:
    record_id: str
    payload_hash: str
    provisional_id: str
    assignment_id: str
    area_id: int
    village_code: str
    rt: str
    rw: str
    address: str
    kk: str | None
    note: str
    recorded_at: datetime
    kind: str = "new_household"


@dataclass(frozen=True)
class RejectionWrite:
    """A refused record, kept for the diagnostics until a good version is stored."""

    record_id: str
    kind: str
    code: str
    fields: list[dict[str, str]]
    next_step: str


Write = VisitWrite | InterviewWrite | ListingWrite | NewHouseholdWrite | RejectionWrite


@dataclass(frozen=True)
class WriteResult:
    """``status``: stored | superseded | duplicate | rejected | clash (``clash`` names the
    unique field another record holds already)."""

    record_id: str
    status: str
    clash: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
