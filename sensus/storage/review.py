"""Queries for the supervisor's reading of a household: every record of it, with documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from sensus.storage.database import Database
from sensus.storage.tables import households, staff, submissions


@dataclass(frozen=True)
class RecordDocument:
    """One record of a household (a self-response or an interview) and its document (JSON)."""

    submission_id: str
    mode: str
    is_final: bool
    submitted_at: datetime
    officer_username: str | None
    review_status: str | None
    review_comment: str | None
    reviewed_at: datetime | None
    reviewer_username: str | None
    payload: str


@dataclass(frozen=True)
class HouseholdPlace:
    """Where a household is, as its list entry says (``kk`` is None for one found in the field)."""

    id: int
    kk: str | None
    address: str
    rt: str
    rw: str
    village_code: str
    source: str


def household_documents(db: Database, household_id: int) -> list[RecordDocument]:
    """Every record of the household, oldest first."""
    reviewer = staff.alias("reviewer")
    query = (
        select(
            submissions.c.submission_id,
            submissions.c.mode,
            submissions.c.is_final,
            submissions.c.submitted_at,
            staff.c.username.label("officer_username"),
            submissions.c.review_status,
            submissions.c.review_comment,
            submissions.c.reviewed_at,
            reviewer.c.username.label("reviewer_username"),
            submissions.c.payload,
        )
        .outerjoin(staff, staff.c.id == submissions.c.officer_id)
        .outerjoin(reviewer, reviewer.c.id == submissions.c.reviewed_by)
        .where(submissions.c.household_id == household_id)
        .order_by(submissions.c.id)
    )
    with db.engine.connect() as conn:
        return [RecordDocument(**row._mapping) for row in conn.execute(query).all()]


def household_place(db: Database, household_id: int) -> HouseholdPlace | None:
    columns = [getattr(households.c, f) for f in HouseholdPlace.__dataclass_fields__]
    with db.engine.connect() as conn:
        row = conn.execute(select(*columns).where(households.c.id == household_id)).first()
    return HouseholdPlace(**row._mapping) if row else None
