"""Queries for households, their registry members, drafts and submissions.

Each function is one unit of work in its own transaction; nothing here decides policy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Row, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from sensus.storage.assignments import self_responded
from sensus.storage.database import Database
from sensus.storage.headquarters import mark_response
from sensus.storage.tables import audit_log, draft_versions, households, persons, submissions


@dataclass(frozen=True)
class HouseholdRecord:
    id: int
    kk: str
    address: str
    rt: str
    rw: str
    village_code: str
    source: str
    needs_verification: bool
    password_hash: str | None
    status: str
    draft: str | None
    draft_version: int
    draft_conflicts: str | None


@dataclass(frozen=True)
class RegistryPerson:
    id: int
    line_no: int
    nik: str
    name: str
    sex: int
    birth_place: str
    birth_date: date
    relationship: int
    religion: int | None
    marital_status: int | None


@dataclass(frozen=True)
class SubmissionRecord:
    household_id: int
    submission_id: str
    receipt_code: str
    mode: str
    questionnaire_id: str
    questionnaire_version: str
    payload: str
    payload_hash: str
    submitted_at: datetime
    is_final: bool


@dataclass(frozen=True)
class NewSubmission:
    household_id: int
    submission_id: str
    receipt_code: str
    mode: str
    questionnaire_id: str
    questionnaire_version: str
    payload: str
    payload_hash: str
    submitted_at: datetime
    actor: str


@dataclass(frozen=True)
class Stored:
    submission: SubmissionRecord


@dataclass(frozen=True)
class Replayed:
    submission: SubmissionRecord


@dataclass(frozen=True)
class HouseholdAlreadySubmitted:
    final: SubmissionRecord | None


class DuplicateKK(Exception):
    """A household with this KK exists already."""


class ReceiptCodeTaken(Exception):
    """The random receipt code collided with an existing one; draw another."""


_HOUSEHOLD_COLUMNS = [
    *(getattr(households.c, f) for f in HouseholdRecord.__dataclass_fields__),
    households.c.claimed_kk,
]
_PERSON_COLUMNS = [getattr(persons.c, f) for f in RegistryPerson.__dataclass_fields__]
_SUBMISSION_COLUMNS = [getattr(submissions.c, f) for f in SubmissionRecord.__dataclass_fields__]


def _household(row: Row[Any] | None) -> HouseholdRecord | None:
    if row is None:
        return None
    # A household an officer found in the field may have no KK yet; self-response finds
    # households by KK, so it never meets one, and "" keeps the record's type simple. A
    # self-registration that claims a KK another household holds shows the KK it claims.
    values = dict(row._mapping)
    claimed = values.pop("claimed_kk")
    return HouseholdRecord(**{**values, "kk": row.kk or claimed or ""})


def _submission(row: Row[Any] | None) -> SubmissionRecord | None:
    return SubmissionRecord(**row._mapping) if row else None


def household_by_kk(db: Database, kk: str) -> HouseholdRecord | None:
    with db.engine.connect() as conn:
        row = conn.execute(select(*_HOUSEHOLD_COLUMNS).where(households.c.kk == kk)).first()
    return _household(row)


def household_by_id(db: Database, household_id: int) -> HouseholdRecord | None:
    with db.engine.connect() as conn:
        query = select(*_HOUSEHOLD_COLUMNS).where(households.c.id == household_id)
        return _household(conn.execute(query).first())


def nik_identifies(db: Database, household: HouseholdRecord, nik: str) -> bool:
    """True when ``nik`` is on the household's KK (or registered it)."""
    if household.source == "self_registered":
        with db.engine.connect() as conn:
            query = select(households.c.registrant_nik).where(households.c.id == household.id)
            return conn.execute(query).scalar() == nik
    with db.engine.connect() as conn:
        query = select(persons.c.id).where(
            persons.c.household_id == household.id, persons.c.nik == nik
        )
        return conn.execute(query).first() is not None


@dataclass(frozen=True)
class Identified:
    household_id: int
    password_hash: str | None


def _names(kk: str) -> Any:
    return or_(households.c.kk == kk, households.c.claimed_kk == kk)


def _identifies(nik: str) -> Any:
    on_card = exists().where(persons.c.household_id == households.c.id, persons.c.nik == nik)
    return or_(households.c.registrant_nik == nik, on_card)


def identified(db: Database, kk: str, nik: str) -> Identified | None:
    """The household that ``kk`` + ``nik`` identify, in one statement whatever is wrong:
    the KK's registry household if ``nik`` is on its card, or the self-registration that
    ``nik`` made for ``kk`` (the earliest, if several)."""
    query = (
        select(households.c.id, households.c.password_hash)
        .where(_names(kk), _identifies(nik))
        .order_by(households.c.id)
        .limit(1)
    )
    with db.engine.connect() as conn:
        row = conn.execute(query).first()
    return Identified(row.id, row.password_hash) if row else None


def registration_lookup(db: Database, kk: str, nik: str) -> tuple[bool, bool]:
    """(whether ``kk`` + ``nik`` identify a household, whether a household holds ``kk``)."""
    pair = exists().where(_names(kk), _identifies(nik))
    taken = exists().where(households.c.kk == kk)
    with db.engine.connect() as conn:
        row = conn.execute(select(pair.label("pair"), taken.label("taken"))).one()
    return bool(row.pair), bool(row.taken)


def replace_password_hash(db: Database, household_id: int, old: str, new: str) -> bool:
    """Store ``new`` (the same password, hashed with today's parameters) unless it changed."""
    with db.engine.begin() as conn:
        result = conn.execute(
            update(households)
            .where(households.c.id == household_id, households.c.password_hash == old)
            .values(password_hash=new)
        )
    return result.rowcount == 1


def set_first_password(db: Database, household_id: int, password_hash: str, now: datetime) -> bool:
    """Set the password if none is set yet; False when someone else set one first."""
    with db.engine.begin() as conn:
        result = conn.execute(
            update(households)
            .where(households.c.id == household_id, households.c.password_hash.is_(None))
            .values(password_hash=password_hash, updated_at=now)
        )
        if result.rowcount == 1:  # the loser of a race set nothing
            _audit(conn, now, "respondent", "password_set", household_id, {})
    return result.rowcount == 1


def registry_persons(db: Database, household_id: int) -> list[RegistryPerson]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(*_PERSON_COLUMNS)
            .where(persons.c.household_id == household_id)
            .order_by(persons.c.line_no, persons.c.id)
        ).all()
    return [RegistryPerson(**row._mapping) for row in rows]


def save_draft(
    db: Database,
    household_id: int,
    expected_version: int,
    draft: str,
    now: datetime,
    *,
    change: str,
    conflicts: str | None = None,
) -> int | None:
    """Store a draft if the stored one is still ``expected_version``; the new version, or None.

    ``change`` (JSON) is what made this version, kept in the draft's history with the open
    ``conflicts`` (JSON; None leaves the draft's open conflicts as they are).
    """
    values: dict[str, Any] = {
        "draft": draft,
        "draft_version": expected_version + 1,
        "status": "in_progress",
        "updated_at": now,
    }
    if conflicts is not None:
        values["draft_conflicts"] = conflicts

    def write(conn: Connection) -> int | None:
        result = conn.execute(
            update(households)
            .where(
                households.c.id == household_id,
                households.c.draft_version == expected_version,
                households.c.status != "submitted",
            )
            .values(**values)
        )
        if result.rowcount != 1:
            return None
        conn.execute(
            insert(draft_versions).values(
                household_id=household_id,
                version=expected_version + 1,
                changes=change,
                conflicts=conflicts,
                saved_at=now,
            )
        )
        return expected_version + 1

    # Committed with other requests' writes, before this returns (group commit, ADR 0027).
    return db.write(write)


def draft_history(db: Database, household_id: int) -> list[tuple[int, str, str | None]]:
    """The household's stored draft versions, oldest first: (version, changes, conflicts)."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(draft_versions.c.version, draft_versions.c.changes, draft_versions.c.conflicts)
            .where(draft_versions.c.household_id == household_id)
            .order_by(draft_versions.c.version)
        ).all()
    return [(row.version, row.changes, row.conflicts) for row in rows]


def create_self_registered(
    db: Database,
    *,
    kk: str,
    nik: str,
    village_code: str,
    address: str,
    rt: str,
    rw: str,
    password_hash: str,
    now: datetime,
    claim: bool = False,
) -> int:
    """A household the registry does not know yet, waiting for an officer to verify it.

    With ``claim`` the KK is held by another household already: it is kept as the KK this
    registration claims, for the officer who verifies both (ADR 0013).
    """
    values = {
        "kk": None if claim else kk,
        "claimed_kk": kk if claim else None,
        "registrant_nik": nik,
        "village_code": village_code,
        "address": address,
        "rt": rt,
        "rw": rw,
        "source": "self_registered",
        "needs_verification": True,
        "password_hash": password_hash,
        "status": "not_started",
        "draft_version": 0,
        "created_at": now,
        "updated_at": now,
    }
    try:
        with db.engine.begin() as conn:
            result = conn.execute(insert(households).values(**values).returning(households.c.id))
            new_id = result.scalar_one()
            _audit(conn, now, "respondent", "household_registered", new_id, {})
    except IntegrityError as error:
        raise DuplicateKK from error
    return int(new_id)


@dataclass(frozen=True)
class SubmitContext:
    """What a submission needs to know before it is stored, read at once."""

    earlier: SubmissionRecord | None  # a submission with this id, if one exists (a replay)
    household: HouseholdRecord | None
    registry_ids: list[int]  # the household's registry persons


def submit_context(db: Database, household_id: int, submission_id: str) -> SubmitContext:
    """The replay check, the household and its registry members: one connection."""
    with db.engine.connect() as conn:
        earlier = _submission_by_id(conn, submission_id)
        query = select(*_HOUSEHOLD_COLUMNS).where(households.c.id == household_id)
        household = _household(conn.execute(query).first())
        members = select(persons.c.id).where(persons.c.household_id == household_id)
        ids = list(conn.execute(members).scalars())
    return SubmitContext(earlier, household, ids)


def submission_by_id(db: Database, submission_id: str) -> SubmissionRecord | None:
    with db.engine.connect() as conn:
        return _submission_by_id(conn, submission_id)


def _submission_by_id(conn: Connection, submission_id: str) -> SubmissionRecord | None:
    query = select(*_SUBMISSION_COLUMNS).where(submissions.c.submission_id == submission_id)
    return _submission(conn.execute(query).first())


def receipt_submission(db: Database, household_id: int) -> SubmissionRecord | None:
    """The household's latest record with a receipt: its self-response, final or not (a
    supervisor may have made an interview final; the household's proof stays valid)."""
    with db.engine.connect() as conn:
        query = (
            select(*_SUBMISSION_COLUMNS)
            .where(
                submissions.c.household_id == household_id,
                submissions.c.receipt_code.is_not(None),
            )
            .order_by(submissions.c.id.desc())
        )
        return _submission(conn.execute(query).first())


def final_submission(db: Database, household_id: int) -> SubmissionRecord | None:
    with db.engine.connect() as conn:
        return _final_submission(conn, household_id)


def _final_submission(conn: Connection, household_id: int) -> SubmissionRecord | None:
    query = select(*_SUBMISSION_COLUMNS).where(
        submissions.c.household_id == household_id, submissions.c.is_final.is_(True)
    )
    return _submission(conn.execute(query).first())


def store_submission(
    db: Database, new: NewSubmission
) -> Stored | Replayed | HouseholdAlreadySubmitted:
    """Store a household's record exactly once.

    A known ``submission_id`` answers with the stored record (a replay, found when the
    INSERT hits its unique id); a household that is already submitted keeps its record;
    otherwise the record is stored, made final and the household marked submitted, all in
    one transaction.
    """
    try:
        # Committed with other requests' writes, before this returns (group commit, ADR 0027).
        return db.write(lambda conn: _store_submission(conn, new))
    except IntegrityError as error:
        # Two copies of one request raced; the loser reads what the winner stored.
        existing = submission_by_id(db, new.submission_id)
        if existing is None:
            raise ReceiptCodeTaken from error
        return Replayed(existing)


def _store_submission(
    conn: Connection, new: NewSubmission
) -> Stored | Replayed | HouseholdAlreadySubmitted:
    # No look-up of ``submission_id`` first: the service has just done it (submit_context),
    # and a copy that got in since then is caught by the guarded UPDATE (same household) or
    # by the unique submission id (store_submission's IntegrityError: a replay).
    # The guarded UPDATE takes the row lock first, so of two different submissions for one
    # household exactly one sees a household that is not yet submitted.
    claimed = conn.execute(
        update(households)
        .where(households.c.id == new.household_id, households.c.status != "submitted")
        .values(status="submitted", updated_at=new.submitted_at)
    )
    if claimed.rowcount != 1:
        return HouseholdAlreadySubmitted(_final_submission(conn, new.household_id))
    conn.execute(
        update(submissions)
        .where(submissions.c.household_id == new.household_id)
        .values(is_final=False)
    )
    record = SubmissionRecord(
        household_id=new.household_id,
        submission_id=new.submission_id,
        receipt_code=new.receipt_code,
        mode=new.mode,
        questionnaire_id=new.questionnaire_id,
        questionnaire_version=new.questionnaire_version,
        payload=new.payload,
        payload_hash=new.payload_hash,
        # As the row reads back (UtcDateTime): the receipt says the same now and on a replay.
        submitted_at=new.submitted_at.astimezone(UTC),
        is_final=True,
    )
    conn.execute(insert(submissions).values(**record.__dict__))
    mark_response(conn, new.household_id)
    _audit(conn, new.submitted_at, new.actor, "submitted", new.household_id, {"mode": new.mode})
    if new.mode == "self_response":
        # The interview round: the household drops off its officer's list (same transaction).
        self_responded(conn, new.household_id, new.submitted_at)
    return Stored(record)


def reopen(db: Database, household_id: int, *, actor: str, reason: str, now: datetime) -> bool:
    """Make a submitted household editable again; its final record stays until replaced."""
    with db.engine.begin() as conn:
        result = conn.execute(
            update(households)
            .where(households.c.id == household_id, households.c.status == "submitted")
            .values(status="in_progress", updated_at=now)
        )
        if result.rowcount == 1:
            _audit(conn, now, actor, "reopened", household_id, {"reason": reason})
    return result.rowcount == 1


def audit_entries(db: Database, household_id: int) -> list[dict[str, Any]]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.at, audit_log.c.actor, audit_log.c.action, audit_log.c.detail)
            .where(audit_log.c.household_id == household_id)
            .order_by(audit_log.c.id)
        ).all()
    return [{**row._mapping, "detail": json.loads(row.detail)} for row in rows]


def count_submissions(db: Database, household_id: int | None = None) -> int:
    query = select(func.count()).select_from(submissions)
    if household_id is not None:
        query = query.where(submissions.c.household_id == household_id)
    with db.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def _audit(
    conn: Connection,
    at: datetime,
    actor: str,
    action: str,
    household_id: int | None,
    detail: dict[str, Any],
) -> None:
    conn.execute(
        insert(audit_log).values(
            at=at,
            actor=actor,
            action=action,
            household_id=household_id,
            detail=json.dumps(detail),
        )
    )
