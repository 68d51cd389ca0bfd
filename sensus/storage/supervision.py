"""Queries for supervisors: progress, sync diagnostics, interview review, precedence."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, and_, case, func, select, update

from sensus.domain import precedence
from sensus.domain.states import AssignmentStatus, Move, ReviewStatus
from sensus.storage.audit import write_audit
from sensus.storage.database import Database
from sensus.storage.headquarters import mark_response
from sensus.storage.tables import (
    assignments,
    enumeration_areas,
    households,
    staff,
    submissions,
    sync_records,
)


@dataclass(frozen=True)
class Counts:
    assigned: int = 0
    visited: int = 0
    completed: int = 0
    revisits_due: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "assigned": self.assigned,
            "visited": self.visited,
            "completed": self.completed,
            "outstanding": self.assigned - self.completed,
            "revisits_due": self.revisits_due,
        }


@dataclass(frozen=True)
class RejectedRecord:
    record_id: str
    kind: str
    error_code: str | None
    error_fields: str | None
    next_step: str | None
    attempts: int
    received_at: datetime


@dataclass(frozen=True)
class InterviewRow:
    submission_id: str
    household_id: int
    assignment_id: str | None
    officer_id: int | None
    officer_username: str | None
    area_code: str | None
    submitted_at: datetime
    recorded_at: datetime | None
    review_status: str | None
    review_comment: str | None
    reviewed_at: datetime | None
    is_final: bool


@dataclass(frozen=True)
class HouseholdRecordRow:
    submission_id: str
    mode: str
    is_final: bool
    officer_id: int | None
    review_status: str | None


_VISITED = (AssignmentStatus.VISITED, AssignmentStatus.COMPLETED)


def progress(
    db: Database, by: Column[int], keys: Collection[int], now: datetime
) -> dict[int, Counts]:
    """Assignment counts (not removed) grouped by ``by`` (area_id or officer_id), for ``keys``."""
    status = assignments.c.status
    due = and_(
        status != AssignmentStatus.COMPLETED,
        assignments.c.revisit_at.is_not(None),
        assignments.c.revisit_at <= now,
    )
    query = (
        select(
            by.label("key"),
            func.count().label("assigned"),
            func.sum(case((status.in_(_VISITED), 1), else_=0)).label("visited"),
            func.sum(case((status == AssignmentStatus.COMPLETED, 1), else_=0)).label("completed"),
            func.sum(case((due, 1), else_=0)).label("revisits_due"),
        )
        .where(status != AssignmentStatus.REMOVED, by.in_(list(keys)))
        .group_by(by)
    )
    with db.engine.connect() as conn:
        rows = conn.execute(query).all()
    return {
        row.key: Counts(row.assigned, int(row.visited), int(row.completed), int(row.revisits_due))
        for row in rows
    }


def progress_by_officer(
    db: Database, officer_ids: Collection[int], now: datetime
) -> dict[int, Counts]:
    return progress(db, assignments.c.officer_id, officer_ids, now)


def progress_by_area(db: Database, area_ids: Collection[int], now: datetime) -> dict[int, Counts]:
    return progress(db, assignments.c.area_id, area_ids, now)


def sync_counts(db: Database, staff_ids: Collection[int]) -> dict[int, dict[str, int]]:
    """How many records of each status every device account has sent."""
    query = (
        select(sync_records.c.staff_id, sync_records.c.status, func.count().label("n"))
        .where(sync_records.c.staff_id.in_(list(staff_ids)))
        .group_by(sync_records.c.staff_id, sync_records.c.status)
    )
    found: dict[int, dict[str, int]] = {}
    with db.engine.connect() as conn:
        for row in conn.execute(query):
            found.setdefault(row.staff_id, {})[row.status] = row.n
    return found


def rejected_records(db: Database, staff_id: int) -> list[RejectedRecord]:
    """Records of this account that are refused and not stored since, oldest first."""
    columns = [getattr(sync_records.c, f) for f in RejectedRecord.__dataclass_fields__]
    query = (
        select(*columns)
        .where(sync_records.c.staff_id == staff_id, sync_records.c.status == "rejected")
        .order_by(sync_records.c.received_at, sync_records.c.id)
    )
    with db.engine.connect() as conn:
        return [RejectedRecord(**row._mapping) for row in conn.execute(query).all()]


def _interviews() -> Any:
    return (
        select(
            submissions.c.submission_id,
            submissions.c.household_id,
            submissions.c.assignment_id,
            submissions.c.officer_id,
            staff.c.username.label("officer_username"),
            enumeration_areas.c.code.label("area_code"),
            submissions.c.submitted_at,
            submissions.c.recorded_at,
            submissions.c.review_status,
            submissions.c.review_comment,
            submissions.c.reviewed_at,
            submissions.c.is_final,
        )
        .outerjoin(staff, staff.c.id == submissions.c.officer_id)
        .outerjoin(households, households.c.id == submissions.c.household_id)
        .outerjoin(enumeration_areas, enumeration_areas.c.id == households.c.enumeration_area_id)
        .where(submissions.c.mode == precedence.INTERVIEW)
    )


def interviews_of(
    db: Database, officer_ids: Collection[int] | None, review_status: str | None
) -> list[InterviewRow]:
    """Interviews made by these officers (everybody's when None), oldest first."""
    query = _interviews().order_by(submissions.c.id)
    if officer_ids is not None:
        query = query.where(submissions.c.officer_id.in_(list(officer_ids)))
    if review_status is not None:
        query = query.where(submissions.c.review_status == review_status)
    with db.engine.connect() as conn:
        return [InterviewRow(**row._mapping) for row in conn.execute(query).all()]


def interview(db: Database, submission_id: str) -> tuple[InterviewRow, str] | None:
    """One interview and its stored document (JSON)."""
    query = _interviews().add_columns(submissions.c.payload)
    query = query.where(submissions.c.submission_id == submission_id)
    with db.engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    fields = {f: getattr(row, f) for f in InterviewRow.__dataclass_fields__}
    return InterviewRow(**fields), row.payload


def review(
    db: Database,
    submission_id: str,
    *,
    decision: ReviewStatus,
    assignment_move: Move | None,
    comment: str,
    reviewer_id: int,
    actor: str,
    now: datetime,
) -> bool:
    """Decide a pending interview's review, and move its assignment as ``assignment_move``
    says (``states.review_move``); False when it is not pending (any more)."""
    with db.engine.begin() as conn:
        found = conn.execute(
            select(submissions.c.household_id, submissions.c.assignment_id).where(
                submissions.c.submission_id == submission_id,
                submissions.c.mode == precedence.INTERVIEW,
            )
        ).first()
        result = conn.execute(
            update(submissions)
            .where(
                submissions.c.submission_id == submission_id,
                submissions.c.mode == precedence.INTERVIEW,
                submissions.c.review_status == ReviewStatus.PENDING,
            )
            .values(
                review_status=decision,
                review_comment=comment,
                reviewed_by=reviewer_id,
                reviewed_at=now,
            )
        )
        if result.rowcount != 1 or found is None:
            return False
        if assignment_move is not None and found.assignment_id is not None:
            conn.execute(
                update(assignments)
                .where(
                    assignments.c.id == found.assignment_id,
                    assignments.c.status.in_(assignment_move.sources),
                )
                .values(status=assignment_move.target, updated_at=now)
            )
        detail = {"record_id": submission_id, "comment": bool(comment)}
        write_audit(conn, now, actor, f"interview_{decision}", found.household_id, detail)
    return True


def household_records(db: Database, household_id: int) -> list[HouseholdRecordRow]:
    columns = [getattr(submissions.c, f) for f in HouseholdRecordRow.__dataclass_fields__]
    query = select(*columns).where(submissions.c.household_id == household_id)
    with db.engine.connect() as conn:
        rows = conn.execute(query.order_by(submissions.c.id)).all()
    return [HouseholdRecordRow(**row._mapping) for row in rows]


def make_final(
    db: Database, household_id: int, submission_id: str, *, actor: str, reason: str, now: datetime
) -> str | None:
    """Make one of the household's records its final one (a supervisor's decision, audited);
    the record that was final before, if any."""
    with db.engine.begin() as conn:
        conn.execute(
            select(households.c.id).where(households.c.id == household_id).with_for_update()
        )
        mine = submissions.c.household_id == household_id
        before = conn.execute(
            select(submissions.c.submission_id).where(mine, submissions.c.is_final.is_(True))
        ).scalar()
        conn.execute(update(submissions).where(mine).values(is_final=False))
        conn.execute(
            update(submissions)
            .where(mine, submissions.c.submission_id == submission_id)
            .values(is_final=True)
        )
        mark_response(conn, household_id)
        detail = {"final": submission_id, "previous_final": before, "reason": reason}
        write_audit(conn, now, actor, precedence.DECIDED, household_id, detail)
    return before


def area_of_household(db: Database, household_id: int) -> tuple[int | None, int | None] | None:
    """The household's area and that area's officer, or None when there is no household."""
    query = (
        select(households.c.enumeration_area_id, enumeration_areas.c.officer_id)
        .outerjoin(enumeration_areas, enumeration_areas.c.id == households.c.enumeration_area_id)
        .where(households.c.id == household_id)
    )
    with db.engine.connect() as conn:
        row = conn.execute(query).first()
    return (row.enumeration_area_id, row.officer_id) if row else None
