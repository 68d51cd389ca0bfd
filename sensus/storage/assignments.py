"""Assignments: made for the households of an area that have not answered online, removed
when such a household answers after all.

Making them is idempotent (a household gets one only when it has no assignment that is not
removed, and never again once it was struck off the list), so it runs lazily whenever an
officer downloads a bundle, and from ``sensus interviews assign``: no scheduled job.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, and_, exists, insert, or_, select, update

from sensus.domain import precedence
from sensus.domain.states import REMOVAL, AssignmentStatus, RemovedReason
from sensus.storage.areas import AreaRecord
from sensus.storage.audit import write_audit
from sensus.storage.bulk import upsert_insert
from sensus.storage.database import Database
from sensus.storage.tables import assignments, households, submissions


def ensure_assignments(db: Database, areas: Sequence[AreaRecord], now: datetime) -> int:
    """Give every household of ``areas`` that has no submitted self-response an assignment
    for its area's officer, unless it has one; how many were made."""
    made = 0
    with db.engine.begin() as conn:
        for area in areas:
            if area.officer_id is not None:
                made += _ensure_area(conn, db, area, area.officer_id, now)
    return made


def _ensure_area(
    conn: Connection, db: Database, area: AreaRecord, officer_id: int, now: datetime
) -> int:
    taken = exists().where(
        assignments.c.household_id == households.c.id,
        or_(
            assignments.c.status != AssignmentStatus.REMOVED,
            assignments.c.removed_reason == RemovedReason.STRUCK,
        ),
    )
    waiting = conn.execute(
        select(households.c.id).where(
            households.c.enumeration_area_id == area.id,
            households.c.status != "submitted",
            ~taken,
        )
    ).scalars()
    rows = [
        {
            "id": str(uuid.uuid4()),
            "household_id": household_id,
            "area_id": area.id,
            "officer_id": officer_id,
            "status": AssignmentStatus.OPEN,
            "created_at": now,
            "updated_at": now,
        }
        for household_id in waiting
    ]
    if not rows:
        return 0
    # Two downloads at once may both see a household waiting: the partial unique index keeps
    # one assignment, the other insert does nothing.
    statement = upsert_insert(db.engine, assignments).on_conflict_do_nothing()
    if db.dialect == "sqlite":
        return int(conn.execute(statement, rows).rowcount)
    return len(conn.execute(statement.returning(assignments.c.id), rows).all())


def self_responded(conn: Connection, household_id: int, now: datetime) -> None:
    """What a stored self-response changes in the interview round, in its transaction: the
    household's unfinished assignment is removed, and interviews it outranks are audited.

    Called by ``storage.households.store_submission``, which has made the self-response
    final and every other record of the household not final.
    """
    remove_unfinished(conn, household_id, RemovedReason.SELF_RESPONDED, now)
    interviews = conn.execute(
        select(submissions.c.submission_id).where(
            submissions.c.household_id == household_id,
            submissions.c.mode == precedence.INTERVIEW,
        )
    ).scalars()
    outranked = sorted(interviews)
    if outranked:
        detail = {"final": precedence.SELF_RESPONSE, "not_final": outranked}
        write_audit(conn, now, "rule", precedence.APPLIED, household_id, detail)


def remove_unfinished(
    conn: Connection, household_id: int, reason: RemovedReason, now: datetime
) -> list[str]:
    """Remove the household's unfinished assignment (if any) for ``reason``; its ids."""
    condition = and_(
        assignments.c.household_id == household_id, assignments.c.status.in_(REMOVAL.sources)
    )
    ids = list(conn.execute(select(assignments.c.id).where(condition)).scalars())
    if ids:
        conn.execute(
            update(assignments)
            .where(condition)
            .values(status=REMOVAL.target, removed_reason=reason, updated_at=now)
        )
    return ids


def new_assignment(
    conn: Connection,
    assignment_id: str,
    household_id: int,
    area_id: int,
    officer_id: int,
    now: datetime,
) -> None:
    conn.execute(
        insert(assignments).values(
            id=assignment_id,
            household_id=household_id,
            area_id=area_id,
            officer_id=officer_id,
            status=AssignmentStatus.OPEN,
            created_at=now,
            updated_at=now,
        )
    )
