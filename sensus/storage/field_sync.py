"""Storing the records of a sync: each in a savepoint, a chunk of them per transaction.

A record is all or nothing (an interview is its submission row, its assignment's new status,
its sync record and its audit entries): a failure rolls back to the record's savepoint and
the others go on. A chunk commits together, which costs one durable commit for many records
(group commit, DESIGN.md); a request cut off mid-way leaves the chunks before it committed
and nothing of the one it was in, and the device's retry stores the rest, each record once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, exists, insert, select, update
from sqlalchemy.exc import IntegrityError

from sensus.domain import precedence
from sensus.domain.states import RemovedReason, ReviewStatus
from sensus.storage.assignments import new_assignment, remove_unfinished
from sensus.storage.audit import write_audit
from sensus.storage.bulk import chunks, upsert_insert
from sensus.storage.database import Database
from sensus.storage.field_writes import (
    InterviewWrite,
    ListingWrite,
    NewHouseholdWrite,
    RejectionWrite,
    VisitWrite,
    Write,
    WriteResult,
)
from sensus.storage.headquarters import mark_response
from sensus.storage.tables import (
    assignments,
    households,
    listing_checks,
    staff,
    submissions,
    sync_records,
    visits,
)


def store_writes(
    db: Database, staff_id: int, actor: str, writes: Sequence[Write], now: datetime, chunk: int
) -> list[WriteResult]:
    """Store ``writes`` in order, ``chunk`` per transaction; one result per write."""
    results: list[WriteResult] = []
    for part in chunks(writes, chunk):
        with db.engine.begin() as conn:
            _begin_write(conn)
            results += [_one(conn, staff_id, actor, write, now) for write in part]
    return results


def mark_synced(db: Database, staff_id: int, now: datetime) -> None:
    """Record a sync that went through to its end."""
    with db.engine.begin() as conn:
        conn.execute(update(staff).where(staff.c.id == staff_id).values(last_sync_at=now))


def _begin_write(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        # pysqlite opens a transaction only before an INSERT/UPDATE/DELETE, so a savepoint
        # taken first would start (and, released, commit) a transaction of its own. Opening
        # it now, with the write lock, also makes the reads below part of it.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _one(conn: Connection, staff_id: int, actor: str, write: Write, now: datetime) -> WriteResult:
    savepoint = conn.begin_nested()
    try:
        result = _STORE[type(write)](conn, staff_id, actor, write, now)
    except IntegrityError:
        savepoint.rollback()
        # A second copy of the request (the device retrying while the first still ran)
        # stored this record first.
        if _stored(conn, write.record_id):
            return WriteResult(write.record_id, "duplicate")
        raise
    if result.status == "clash":
        savepoint.rollback()
    else:
        savepoint.commit()
    return result


def _stored(conn: Connection, record_id: str) -> bool:
    query = select(sync_records.c.id).where(
        sync_records.c.record_id == record_id, sync_records.c.status != "rejected"
    )
    return conn.execute(query).first() is not None


def _visit(conn: Connection, staff_id: int, actor: str, w: Any, now: datetime) -> WriteResult:
    assert isinstance(w, VisitWrite)
    conn.execute(
        insert(visits).values(
            record_id=w.record_id,
            assignment_id=w.assignment_id,
            household_id=w.household_id,
            officer_id=staff_id,
            outcome=w.outcome,
            note=w.note,
            revisit_at=w.revisit_at,
            recorded_at=w.recorded_at,
            received_at=now,
        )
    )
    mine = assignments.c.id == w.assignment_id
    conn.execute(
        update(assignments)
        .where(mine, assignments.c.status.in_(w.move.sources))
        .values(status=w.move.target, updated_at=now)
    )
    # Visits may arrive out of order: the latest by the device's clock is the one that counts.
    latest = (assignments.c.last_visit_at.is_(None)) | (
        assignments.c.last_visit_at <= w.recorded_at
    )
    conn.execute(
        update(assignments)
        .where(mine, latest)
        .values(last_outcome=w.outcome, last_visit_at=w.recorded_at, revisit_at=w.revisit_at)
    )
    _sync_record(conn, staff_id, w.record_id, w.kind, "stored", w.payload_hash, now)
    return WriteResult(w.record_id, "stored")


def _interview(conn: Connection, staff_id: int, actor: str, w: Any, now: datetime) -> WriteResult:
    assert isinstance(w, InterviewWrite)
    # Lock the household as a self-response's store does, so the two decide one at a time,
    # and read its final record's mode in the same round trip.
    final_mode = (
        select(submissions.c.mode)
        .where(submissions.c.household_id == households.c.id, submissions.c.is_final.is_(True))
        .limit(1)
        .scalar_subquery()
    )
    locked = select(households.c.id, final_mode.label("final_mode"))
    locked = locked.where(households.c.id == w.household_id).with_for_update(of=households)
    found = conn.execute(locked).one()
    final = precedence.interview_becomes_final(found.final_mode)
    if final and found.final_mode is not None:
        conn.execute(
            update(submissions)
            .where(submissions.c.household_id == w.household_id)
            .values(is_final=False)
        )
    conn.execute(
        insert(submissions).values(
            household_id=w.household_id,
            submission_id=w.record_id,
            receipt_code=None,
            mode=precedence.INTERVIEW,
            questionnaire_id=w.questionnaire_id,
            questionnaire_version=w.questionnaire_version,
            payload=w.payload,
            payload_hash=w.payload_hash,
            submitted_at=now,
            is_final=final,
            officer_id=staff_id,
            assignment_id=w.assignment_id,
            recorded_at=w.recorded_at,
            review_status=ReviewStatus.PENDING,
        )
    )
    # The household's unfinished assignment is done: the one the interview names, or, when
    # the area was reassigned meanwhile, the new officer's (nobody need go there again).
    conn.execute(
        update(assignments)
        .where(
            assignments.c.household_id == w.household_id,
            assignments.c.status.in_(w.move.sources),
        )
        .values(status=w.move.target, revisit_at=None, updated_at=now)
    )
    if final:
        mark_response(conn, w.household_id)
    status = "stored" if final else "superseded"
    write_audit(conn, now, actor, "interview_stored", w.household_id, {"record_id": w.record_id})
    if not final:
        detail = {"final": precedence.SELF_RESPONSE, "not_final": [w.record_id]}
        write_audit(conn, now, "rule", precedence.APPLIED, w.household_id, detail)
    _sync_record(conn, staff_id, w.record_id, w.kind, status, w.payload_hash, now)
    return WriteResult(w.record_id, status)


def _listing(conn: Connection, staff_id: int, actor: str, w: Any, now: datetime) -> WriteResult:
    assert isinstance(w, ListingWrite)
    # The household first, as a self-response locks it, so the two never wait on each other.
    conn.execute(select(households.c.id).where(households.c.id == w.household_id).with_for_update())
    conn.execute(
        insert(listing_checks).values(
            record_id=w.record_id,
            household_id=w.household_id,
            area_id=w.area_id,
            officer_id=staff_id,
            result=w.result,
            corrections=json.dumps(w.corrections, sort_keys=True, ensure_ascii=False),
            merged_into_id=w.merged_into,
            note=w.note,
            recorded_at=w.recorded_at,
            received_at=now,
        )
    )
    removed = (
        remove_unfinished(conn, w.household_id, RemovedReason.STRUCK, now) if w.strikes else []
    )
    if w.verifies:
        conn.execute(
            update(households)
            .where(households.c.id == w.household_id, households.c.needs_verification.is_(True))
            .values(needs_verification=False, updated_at=now)
        )
    detail = {"record_id": w.record_id, "result": w.result, "assignments_removed": removed}
    write_audit(conn, now, actor, "listing_checked", w.household_id, detail)
    _sync_record(conn, staff_id, w.record_id, w.kind, "stored", w.payload_hash, now)
    return WriteResult(w.record_id, "stored", detail={"assignments_removed": removed})


def _new_household(
    conn: Connection, staff_id: int, actor: str, w: Any, now: datetime
) -> WriteResult:
    assert isinstance(w, NewHouseholdWrite)
    taken = _taken(conn, w)
    if taken is not None:
        return WriteResult(w.record_id, "clash", clash=taken)
    result = conn.execute(
        insert(households)
        .values(
            kk=w.kk,
            address=w.address,
            rt=w.rt,
            rw=w.rw,
            village_code=w.village_code,
            source="field_found",
            needs_verification=True,
            status="not_started",
            draft_version=0,
            created_at=now,
            updated_at=now,
            enumeration_area_id=w.area_id,
            provisional_id=w.provisional_id,
        )
        .returning(households.c.id)
    )
    household_id = int(result.scalar_one())
    new_assignment(conn, w.assignment_id, household_id, w.area_id, staff_id, now)
    detail = {"record_id": w.record_id, "provisional_id": w.provisional_id, "note": bool(w.note)}
    write_audit(conn, now, actor, "household_found", household_id, detail)
    _sync_record(conn, staff_id, w.record_id, w.kind, "stored", w.payload_hash, now)
    return WriteResult(w.record_id, "stored", detail={"household_id": household_id})


def _taken(conn: Connection, w: NewHouseholdWrite) -> str | None:
    """The unique field of a new household that another record holds already, if any."""
    checks: list[tuple[str, Any]] = [
        ("provisional_id", exists().where(households.c.provisional_id == w.provisional_id)),
        ("assignment_id", exists().where(assignments.c.id == w.assignment_id)),
    ]
    if w.kk is not None:
        checks.append(("kk", exists().where(households.c.kk == w.kk)))
    for name, condition in checks:
        if conn.execute(select(condition)).scalar():
            return name
    return None


def _rejection(conn: Connection, staff_id: int, actor: str, w: Any, now: datetime) -> WriteResult:
    assert isinstance(w, RejectionWrite)
    values = {
        "record_id": w.record_id,
        "staff_id": staff_id,
        "kind": w.kind,
        "status": "rejected",
        "payload_hash": None,
        "error_code": w.code,
        "error_fields": json.dumps(w.fields),
        "next_step": w.next_step,
        "attempts": 1,
        "received_at": now,
    }
    statement = upsert_insert(conn.engine, sync_records).values(**values)
    again = and_(sync_records.c.status == "rejected", sync_records.c.staff_id == staff_id)
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=[sync_records.c.record_id],
            set_={
                "kind": w.kind,
                "error_code": w.code,
                "error_fields": values["error_fields"],
                "next_step": w.next_step,
                "attempts": sync_records.c.attempts + 1,
                "received_at": now,
            },
            where=again,
        )
    )
    return WriteResult(w.record_id, "rejected")


def _sync_record(
    conn: Connection,
    staff_id: int,
    record_id: str,
    kind: str,
    status: str,
    payload_hash: str,
    now: datetime,
) -> None:
    """Note the record as stored; a rejection of an earlier attempt of it gives way."""
    statement = upsert_insert(conn.engine, sync_records).values(
        record_id=record_id,
        staff_id=staff_id,
        kind=kind,
        status=status,
        payload_hash=payload_hash,
        attempts=1,
        received_at=now,
    )
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=[sync_records.c.record_id],
            set_={
                "status": status,
                "payload_hash": payload_hash,
                "error_code": None,
                "error_fields": None,
                "next_step": None,
                "attempts": sync_records.c.attempts + 1,
                "received_at": now,
            },
            where=sync_records.c.status == "rejected",
        )
    )


_STORE: dict[type, Callable[[Connection, int, str, Any, datetime], WriteResult]] = {
    VisitWrite: _visit,
    InterviewWrite: _interview,
    ListingWrite: _listing,
    NewHouseholdWrite: _new_household,
    RejectionWrite: _rejection,
}
