"""What the services answer and ``/api/v1`` sends as it is: one declaration, typed (ADR 0015).

Each answer is a ``TypedDict``: the services build plain dictionaries and mypy checks their
keys and types against these; a route names the same type as its ``response_model``, so the
OpenAPI description (``/api/v1/openapi.json``) states the answer and is the contract.
Schemathesis holds the answers to it (``tests/integration/test_api_as_documented.py``).

Only what a description cannot say stays in docs/CONTRACTS.md (how values relate, what a
client does with them). Rules (JSON Logic) and the ``other`` of a draft conflict stay open:
their shape is the questionnaire's.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired

from pydantic import SkipValidation
from typing_extensions import TypedDict

from sensus.domain.questionnaire.document import Answer, HouseholdDocument, Member, Presence

__all__ = ["Answer", "HouseholdDocument", "Member", "Presence"]

WindowState = Literal["before", "open", "closed"]
Role = Literal["officer", "supervisor", "admin"]


class Bilingual(TypedDict):
    id: str
    en: str


# -- health (outside /api/v1 and its description: for load balancers) --------------------------


class SignInLoad(TypedDict):
    """Sign-ins and registrations: their own admission and the hash pool (ADR 0013)."""

    in_flight: int
    max_in_flight: int
    shed: int
    timed_out: int
    hashing: int
    hash_workers: int


class Health(TypedDict):
    """``GET /healthz``: this instance's counters (docs/OPERATIONS.md)."""

    status: Literal["ok"]
    in_flight: int
    max_in_flight: int
    shed: int
    timed_out: int
    sign_ins: SignInLoad


class Readiness(TypedDict):
    """``GET /readyz``; ``database``: ``ready``, ``unreachable`` or ``not_migrated``."""

    status: Literal["ready", "not_ready"]
    database: str


# -- public ------------------------------------------------------------------------------------


class Window(TypedDict):
    opens: str
    closes: str
    state: WindowState


class ScheduleAnswer(TypedDict):
    census_date: str
    self_response: Window
    interview: Window


class RegionChild(TypedDict):
    code: str
    name: str
    level: int


class RegionAnswer(RegionChild):
    parent_code: str | None
    path: list[str]


class ChoiceAnswer(TypedDict):
    code: int
    label: Bilingual


class ConstraintAnswer(TypedDict):
    rule: Any  # JSON Logic
    message: Bilingual


class QuestionAnswer(TypedDict):
    """``min`` and ``max``: integers for integer questions, ``YYYY-MM-DD`` for dates."""

    id: str
    type: Literal[
        "text", "integer", "date", "single_choice", "multiple_choice", "yes_no", "nik", "region"
    ]
    label: Bilingual
    help: Bilingual | None
    required: bool
    choices: str | None
    min: int | str | None
    max: int | str | None
    max_length: int | None
    relevant: Any  # JSON Logic, or null
    constraints: list[ConstraintAnswer]
    prefill: str | None


class QuestionnaireAnswer(TypedDict):
    """The questionnaire for clients; ``digest`` is the SHA-256 of its source."""

    id: str
    version: str
    digest: str
    title: Bilingual
    choice_lists: dict[str, list[ChoiceAnswer]]
    household_questions: list[QuestionAnswer]
    person_questions: list[QuestionAnswer]


# -- self-response ------------------------------------------------------------------------------


class Identified(TypedDict):
    password_set: bool


class HouseholdSummary(TypedDict):
    """``ref`` (``h<id>``) names the household a device's stored work belongs to."""

    ref: str
    kk_masked: str
    address: str
    rt: str
    rw: str
    village_code: str
    source: str
    needs_verification: bool
    status: str


class ReceiptAnswer(TypedDict):
    receipt_code: str
    display_code: str
    submitted_at: str
    kk_masked: str
    members_present: int


class RegistryMember(TypedDict):
    """A registry person as the answers of the same meaning, ``member_id`` ``r<id>``."""

    member_id: str
    nama: str
    nik: str
    jenis_kelamin: int
    tempat_lahir: str
    tanggal_lahir: str
    hubungan: int
    agama: int | None
    status_kawin: int | None


class Conflict(TypedDict):
    """Two devices typed different answers at ``path``: ``other`` is the one not kept (an
    answer, a member, or null: unanswered or removed)."""

    path: str
    other: Any


class HouseholdAnswer(TypedDict):
    """``SkipValidation`` (here and wherever a document is answered): the domain checked the
    document before storing it (``validate_draft``, ``validate_document``); it is described
    in full, not validated again on its way out, where it would cost more than the rest of
    the answer (bench/answers.py)."""

    household: HouseholdSummary
    registry_members: list[RegistryMember]
    draft: SkipValidation[HouseholdDocument | None]
    draft_version: int
    draft_conflicts: list[Conflict]
    receipt: ReceiptAnswer | None


class DraftVersion(TypedDict):
    version: int


class DraftAnswer(TypedDict):
    version: int
    document: SkipValidation[HouseholdDocument | None]
    conflicts: list[Conflict]


# -- staff ---------------------------------------------------------------------------------------


class StaffMe(TypedDict):
    username: str
    full_name: str
    role: Role


class StaffSignedIn(StaffMe):
    expires_at: str


class AccountSession(TypedDict):
    id: int
    device_label: str | None
    created_at: str | None
    expires_at: str | None
    revoked_at: str | None
    current: bool


class OwnSession(AccountSession):
    this_device: bool


# -- officer ------------------------------------------------------------------------------------


class FieldCode(TypedDict):
    path: str
    code: str


class RejectedRecord(TypedDict):
    record_id: str
    kind: str
    code: str | None
    fields: list[FieldCode]
    next: str | None
    attempts: int
    last_attempt_at: str | None


class OwnSyncStatus(TypedDict):
    last_sync_at: str | None
    rejected: list[RejectedRecord]


class OfficerName(TypedDict):
    username: str
    full_name: str


class QuestionnaireRef(TypedDict):
    id: str
    version: str
    digest: str


class ListedHousehold(TypedDict):
    """A household of the area's population list; ``receipt_hash`` confirms a receipt code
    offline (docs/CONTRACTS.md)."""

    household_id: int
    kk_masked: str | None
    head: str | None
    address: str
    members: int
    source: str
    needs_verification: bool
    provisional_id: str | None
    online_status: str
    receipt_hash: str | None
    assignment_id: str | None
    listing: str | None


class BundleArea(TypedDict):
    id: int
    code: str
    name: str
    village_code: str
    rt: str | None
    rw: str | None
    households: list[ListedHousehold]


class BundleAssignment(TypedDict):
    assignment_id: str
    household_id: int
    area_id: int
    status: str
    last_outcome: str | None
    last_visit_at: str | None
    revisit_at: str | None
    registry_members: list[RegistryMember]


class Returned(TypedDict):
    """An interview a supervisor sent back, not yet replaced by a newer one."""

    record_id: str
    assignment_id: str | None
    household_id: int
    comment: str
    returned_at: str | None
    document: HouseholdDocument


class Bundle(TypedDict):
    """The officer's work for offline (docs/CONTRACTS.md, "GET /officer/bundle")."""

    bundle_version: str
    officer: OfficerName
    questionnaire: QuestionnaireRef
    census_date: str
    interview_window: Window
    receipt_salt: str
    areas: list[BundleArea]
    assignments: list[BundleAssignment]
    returned: list[Returned]


class FieldProblemAnswer(TypedDict):
    path: str
    code: str
    message_id: str
    message_en: str


class RecordProblem(TypedDict):
    code: str
    message_id: str
    message_en: str
    fields: list[FieldProblemAnswer]


class SyncResult(TypedDict):
    """One record's fate: ``error`` and ``next`` when rejected, ``notice`` when superseded,
    ``detail`` when there is more to say."""

    index: int
    record_id: str | None
    kind: str | None
    status: Literal["stored", "duplicate", "superseded", "rejected"]
    error: NotRequired[RecordProblem]
    notice: NotRequired[RecordProblem]
    next: NotRequired[Literal["fix", "retry", "ask_supervisor"]]
    detail: NotRequired[dict[str, Any]]


class SyncSummary(TypedDict):
    stored: int
    duplicate: int
    superseded: int
    rejected: int


class RemovedAssignment(TypedDict):
    assignment_id: str
    household_id: int
    reason: str | None
    removed_at: str | None


class AnsweredOnline(TypedDict):
    household_id: int
    receipt_hash: str
    answered_at: str | None


class SyncChanges(TypedDict):
    """What changed since ``since`` (empty lists without it); ``receipt_salt``: the salt of
    this answer's ``receipt_hash`` values."""

    removed_assignments: list[RemovedAssignment]
    returned_interviews: list[Returned]
    answered_online: list[AnsweredOnline]
    receipt_salt: str


class SyncAnswer(TypedDict):
    """Record by record (docs/CONTRACTS.md, "POST /officer/sync")."""

    synced_at: str
    results: list[SyncResult]
    summary: SyncSummary
    changes: SyncChanges


# -- supervisor ----------------------------------------------------------------------------------


class Counts(TypedDict):
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


class Progress(TypedDict):
    generated_at: str
    total: Counts
    officers: list[OfficerProgress]
    areas: list[AreaProgress]


class RecordCounts(TypedDict):
    stored: int
    superseded: int
    rejected: int


class OfficerSync(TypedDict):
    username: str
    full_name: str
    last_sync_at: str | None
    records: RecordCounts
    rejected: list[RejectedRecord]


class SyncStatus(TypedDict):
    generated_at: str
    officers: list[OfficerSync]


class InterviewSummary(TypedDict):
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


class HouseholdRecord(TypedDict):
    record_id: str
    mode: str
    is_final: bool


class InterviewAnswer(InterviewSummary):
    document: SkipValidation[HouseholdDocument]
    household_records: list[HouseholdRecord]


class FinalDecision(TypedDict):
    final: str
    previous_final: str | None


# -- headquarters (ADR 0021) ---------------------------------------------------------------------

Level = Literal["province", "regency", "district", "village", "area"]


class RegionName(TypedDict):
    code: str
    name: str


class ProgressRow(TypedDict):
    """``rate``: the share of households with a final record, 0 to 1."""

    code: str
    name: str
    households: int
    online: int
    interviewed: int
    outstanding: int
    rate: float


class RegionProgress(TypedDict):
    """``region`` null: the whole country, whose rows are the provinces."""

    region: str | None
    name: str
    level: Level
    trail: list[RegionName]
    rows: list[ProgressRow]
    total: ProgressRow
    generated_at: str


class DailyAnswer(TypedDict):
    """Households answered per UTC day (``days``: ``YYYY-MM-DD``), by mode; one value a day."""

    days: list[str]
    online: list[int]
    interviewed: list[int]
    online_cumulative: list[int]
    interviewed_cumulative: list[int]


class Coverage(TypedDict):
    code: str
    name: str
    counted: int
    moved_away: int
    died: int
    born: int
    new_members: int


class PopulationAnswer(TypedDict):
    """``male`` and ``female``: persons counted per entry of ``age_groups``."""

    region: str | None
    level: Level
    age_groups: list[str]
    male: list[int]
    female: list[int]
    rows: list[Coverage]
    total: Coverage


# -- administrator -------------------------------------------------------------------------------


class NewAccount(StaffMe):
    generated_password: str | None


class Account(TypedDict):
    id: int
    username: str
    full_name: str
    role: Role
    supervisor: str | None
    active: bool
    locked: bool
    last_sync_at: str | None


class Ended(TypedDict):
    ended: int


class Area(TypedDict):
    id: int
    code: str
    name: str
    village_code: str
    rt: str | None
    rw: str | None
    officer: str | None


class Moved(TypedDict):
    moved: int


class AssignmentReport(TypedDict):
    areas: int
    households_linked: int
    assignments_made: int


# -- recovery (ADR 0016) -------------------------------------------------------------------------


class PasswordReset(TypedDict):
    sessions_ended: int


class RecoveryCode(TypedDict):
    code: str
    expires_at: str


class Claimant(TypedDict):
    """A household holding (``holds``) or claiming a KK; ``registrant_nik`` masked."""

    id: int
    holds: bool
    source: str
    address: str
    rt: str
    rw: str
    village_code: str
    registrant_nik: str | None
    status: str
    registered_at: str | None
    sessions: int


class Claim(TypedDict):
    kk: str
    households: list[Claimant]


class FamilyConfirmed(TypedDict):
    household_id: int
    others: int
    sessions_ended: int
