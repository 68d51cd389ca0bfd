"""What the routes of ``/api/v1`` answer, as typed models (docs/CONTRACTS.md; ADR 0015).

The services keep returning dictionaries; a route names one of these as its
``response_model``, so the OpenAPI description states the answer and FastAPI sends only the
fields named here. Household documents, questionnaire rules and registry pre-fills stay
open objects: their shape is the questionnaire's, not the API's.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

WindowState = Literal["before", "open", "closed"]


# -- public ------------------------------------------------------------------------------------


class Window(BaseModel):
    opens: str
    closes: str
    state: WindowState


class ScheduleAnswer(BaseModel):
    census_date: str
    self_response: Window
    interview: Window


class RegionChild(BaseModel):
    code: str
    name: str
    level: int


class RegionAnswer(RegionChild):
    parent_code: str | None
    path: list[str]


# -- self-response ------------------------------------------------------------------------------


class Identified(BaseModel):
    password_set: bool


class HouseholdSummary(BaseModel):
    ref: str
    kk_masked: str
    address: str
    rt: str
    rw: str
    village_code: str
    source: str
    needs_verification: bool
    status: str


class ReceiptAnswer(BaseModel):
    receipt_code: str
    display_code: str
    submitted_at: str
    kk_masked: str
    members_present: int


class HouseholdAnswer(BaseModel):
    household: HouseholdSummary
    registry_members: list[dict[str, Any]]
    draft: dict[str, Any] | None
    draft_version: int
    draft_conflicts: list[dict[str, Any]]
    receipt: ReceiptAnswer | None


class DraftVersion(BaseModel):
    version: int


class DraftAnswer(BaseModel):
    version: int
    document: dict[str, Any] | None
    conflicts: list[dict[str, Any]]


# -- staff ---------------------------------------------------------------------------------------

Role = Literal["officer", "supervisor", "admin"]


class StaffMe(BaseModel):
    username: str
    full_name: str
    role: Role


class StaffSignedIn(StaffMe):
    expires_at: str


class OwnSession(BaseModel):
    id: int
    device_label: str | None
    created_at: str | None
    expires_at: str | None
    revoked_at: str | None
    current: bool
    this_device: bool


# -- officer ------------------------------------------------------------------------------------


class RejectedRecord(BaseModel):
    record_id: str
    kind: str
    code: str
    fields: list[dict[str, Any]]
    next: str | None
    attempts: int
    last_attempt_at: str | None


class OwnSyncStatus(BaseModel):
    last_sync_at: str | None
    rejected: list[RejectedRecord]


class Bundle(BaseModel):
    """The officer's work for offline (docs/CONTRACTS.md, "GET /officer/bundle")."""

    bundle_version: str
    officer: dict[str, Any]
    questionnaire: dict[str, Any]
    census_date: str
    interview_window: Window
    receipt_salt: str
    areas: list[dict[str, Any]]
    assignments: list[dict[str, Any]]
    returned: list[dict[str, Any]]


class SyncSummary(BaseModel):
    stored: int
    duplicate: int
    superseded: int
    rejected: int


class SyncAnswer(BaseModel):
    """Record by record (docs/CONTRACTS.md, "POST /officer/sync")."""

    synced_at: str
    results: list[dict[str, Any]]
    summary: SyncSummary
    changes: dict[str, Any]


# -- supervisor ----------------------------------------------------------------------------------


class Counts(BaseModel):
    assigned: int
    visited: int
    completed: int
    outstanding: int
    revisits_due: int


class OfficerProgress(Counts):
    username: str
    full_name: str
    last_sync_at: str | None


class AreaProgress(Counts):
    code: str
    name: str
    officer: str | None


class Progress(BaseModel):
    generated_at: str
    total: Counts
    officers: list[OfficerProgress]
    areas: list[AreaProgress]


class RecordCounts(BaseModel):
    stored: int
    superseded: int
    rejected: int


class OfficerSync(BaseModel):
    username: str
    full_name: str
    last_sync_at: str | None
    records: RecordCounts
    rejected: list[RejectedRecord]


class SyncStatus(BaseModel):
    generated_at: str
    officers: list[OfficerSync]


class InterviewSummary(BaseModel):
    record_id: str
    household_id: int
    assignment_id: str | None
    officer: str | None
    area_code: str | None
    received_at: str | None
    recorded_at: str | None
    review_status: str | None
    review_comment: str | None
    reviewed_at: str | None
    is_final: bool


class HouseholdRecord(BaseModel):
    record_id: str
    mode: str
    is_final: bool


class InterviewAnswer(InterviewSummary):
    document: dict[str, Any]
    household_records: list[HouseholdRecord]


class FinalDecision(BaseModel):
    final: str
    previous_final: str | None


# -- administrator -------------------------------------------------------------------------------


class NewAccount(StaffMe):
    generated_password: str | None


class Account(BaseModel):
    id: int
    username: str
    full_name: str
    role: Role
    supervisor: str | None
    active: bool
    locked: bool
    last_sync_at: str | None


class AccountSession(BaseModel):
    id: int
    device_label: str | None
    created_at: str | None
    expires_at: str | None
    revoked_at: str | None
    current: bool


class Ended(BaseModel):
    ended: int


class Area(BaseModel):
    id: int
    code: str
    name: str
    village_code: str
    rt: str | None
    rw: str | None
    officer: str | None


class Moved(BaseModel):
    moved: int


class AssignmentReport(BaseModel):
    areas: int
    households_linked: int
    assignments_made: int


class QuestionnaireAnswer(BaseModel):
    """The questionnaire for clients (docs/CONTRACTS.md, "Questionnaire for clients")."""

    id: str
    version: str
    digest: str
    title: dict[str, str]
    choice_lists: dict[str, list[dict[str, Any]]]
    household_questions: list[dict[str, Any]]
    person_questions: list[dict[str, Any]]


# -- recovery (ADR 0016) -------------------------------------------------------------------------


class PasswordReset(BaseModel):
    sessions_ended: int


class RecoveryCode(BaseModel):
    code: str
    expires_at: str


class FamilyConfirmed(BaseModel):
    household_id: int
    others: int
    sessions_ended: int
