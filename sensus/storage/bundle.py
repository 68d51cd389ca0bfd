"""Reads for an officer's device: the population list of their areas, their assignments,
the interviews returned to them, and what changed since a moment."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, select

from sensus.domain import precedence
from sensus.domain.states import AssignmentStatus, ReviewStatus
from sensus.storage.database import Database
from sensus.storage.households import RegistryPerson
from sensus.storage.tables import assignments, households, listing_checks, persons, submissions


@dataclass(frozen=True)
class ListedHousehold:
    id: int
    area_id: int
    kk: str | None
    address: str
    status: str
    source: str
    needs_verification: bool
    provisional_id: str | None


@dataclass(frozen=True)
class AssignmentView:
    id: str
    household_id: int
    area_id: int
    status: str
    last_outcome: str | None
    last_visit_at: datetime | None
    revisit_at: datetime | None


@dataclass(frozen=True)
class ReturnedInterview:
    submission_id: str
    assignment_id: str | None
    household_id: int
    review_comment: str | None
    reviewed_at: datetime | None
    payload: str


@dataclass(frozen=True)
class AnsweredOnline:
    household_id: int
    receipt_code: str
    submitted_at: datetime


@dataclass(frozen=True)
class RemovedAssignment:
    id: str
    household_id: int
    removed_reason: str | None
    updated_at: datetime


_PERSON_COLUMNS = [getattr(persons.c, f) for f in RegistryPerson.__dataclass_fields__]


def listed_households(db: Database, area_ids: Collection[int]) -> list[ListedHousehold]:
    """The households of these areas (registry, self-registered, found in the field)."""
    query = (
        select(
            households.c.id,
            households.c.enumeration_area_id.label("area_id"),
            households.c.kk,
            households.c.address,
            households.c.status,
            households.c.source,
            households.c.needs_verification,
            households.c.provisional_id,
        )
        .where(households.c.enumeration_area_id.in_(list(area_ids)))
        .order_by(households.c.enumeration_area_id, households.c.address, households.c.id)
    )
    with db.engine.connect() as conn:
        return [ListedHousehold(**row._mapping) for row in conn.execute(query).all()]


def persons_by_household(
    db: Database, household_ids: Collection[int]
) -> dict[int, list[RegistryPerson]]:
    found: dict[int, list[RegistryPerson]] = defaultdict(list)
    if not household_ids:
        return found
    query = (
        select(persons.c.household_id, *_PERSON_COLUMNS)
        .where(persons.c.household_id.in_(list(household_ids)))
        .order_by(persons.c.household_id, persons.c.line_no, persons.c.id)
    )
    with db.engine.connect() as conn:
        for row in conn.execute(query):
            fields = {f: getattr(row, f) for f in RegistryPerson.__dataclass_fields__}
            found[row.household_id].append(RegistryPerson(**fields))
    return found


def self_response_receipts(db: Database, household_ids: Collection[int]) -> dict[int, str]:
    """The receipt code of each household's latest self-response."""
    if not household_ids:
        return {}
    query = (
        select(submissions.c.household_id, submissions.c.receipt_code)
        .where(
            submissions.c.household_id.in_(list(household_ids)),
            submissions.c.mode == precedence.SELF_RESPONSE,
            submissions.c.receipt_code.is_not(None),
        )
        .order_by(submissions.c.id)
    )
    with db.engine.connect() as conn:
        return {row.household_id: row.receipt_code for row in conn.execute(query)}


def last_listing_results(db: Database, household_ids: Collection[int]) -> dict[int, str]:
    """The result of the latest listing check of each household (by the device's clock)."""
    if not household_ids:
        return {}
    query = (
        select(listing_checks.c.household_id, listing_checks.c.result)
        .where(listing_checks.c.household_id.in_(list(household_ids)))
        .order_by(listing_checks.c.recorded_at, listing_checks.c.id)
    )
    with db.engine.connect() as conn:
        return {row.household_id: row.result for row in conn.execute(query)}


def officer_assignments(db: Database, officer_id: int) -> list[AssignmentView]:
    """The officer's assignments that are not removed."""
    columns = [getattr(assignments.c, f) for f in AssignmentView.__dataclass_fields__]
    query = (
        select(*columns)
        .where(
            assignments.c.officer_id == officer_id, assignments.c.status != AssignmentStatus.REMOVED
        )
        .order_by(assignments.c.area_id, assignments.c.household_id)
    )
    with db.engine.connect() as conn:
        return [AssignmentView(**row._mapping) for row in conn.execute(query).all()]


def returned_interviews(
    db: Database, officer_id: int, since: datetime | None = None
) -> list[ReturnedInterview]:
    """The officer's interviews a supervisor returned that no newer interview replaced
    (returned since ``since``, when given)."""
    newer = submissions.alias("newer")
    replaced = exists().where(
        newer.c.household_id == submissions.c.household_id,
        newer.c.mode == precedence.INTERVIEW,
        newer.c.id > submissions.c.id,
    )
    condition = and_(
        submissions.c.officer_id == officer_id,
        submissions.c.review_status == ReviewStatus.RETURNED,
        ~replaced,
    )
    if since is not None:
        condition = and_(condition, submissions.c.reviewed_at >= since)
    columns = [getattr(submissions.c, f) for f in ReturnedInterview.__dataclass_fields__]
    with db.engine.connect() as conn:
        rows = conn.execute(select(*columns).where(condition).order_by(submissions.c.id)).all()
    return [ReturnedInterview(**row._mapping) for row in rows]


def removed_since(db: Database, officer_id: int, since: datetime) -> list[RemovedAssignment]:
    """The officer's assignments removed at or after ``since``."""
    columns = [getattr(assignments.c, f) for f in RemovedAssignment.__dataclass_fields__]
    query = (
        select(*columns)
        .where(
            assignments.c.officer_id == officer_id,
            assignments.c.status == AssignmentStatus.REMOVED,
            assignments.c.updated_at >= since,
        )
        .order_by(assignments.c.updated_at)
    )
    with db.engine.connect() as conn:
        return [RemovedAssignment(**row._mapping) for row in conn.execute(query).all()]


def answered_online_since(
    db: Database, area_ids: Collection[int], since: datetime
) -> list[AnsweredOnline]:
    """Self-responses of the households of these areas submitted at or after ``since``,
    oldest first (a household that submitted again after a reopening comes twice)."""
    if not area_ids:
        return []
    query = (
        select(submissions.c.household_id, submissions.c.receipt_code, submissions.c.submitted_at)
        .join(households, households.c.id == submissions.c.household_id)
        .where(
            households.c.enumeration_area_id.in_(list(area_ids)),
            submissions.c.mode == precedence.SELF_RESPONSE,
            submissions.c.receipt_code.is_not(None),
            submissions.c.submitted_at >= since,
        )
        .order_by(submissions.c.id)
    )
    with db.engine.connect() as conn:
        return [AnsweredOnline(**row._mapping) for row in conn.execute(query).all()]
