"""Reads a sync needs before it writes, one query each for a whole batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select

from sensus.domain.roster import registry_member_id
from sensus.storage.database import Database
from sensus.storage.tables import assignments, households, persons, sync_records


@dataclass(frozen=True)
class KnownRecord:
    """A record a device sent before: who sent it and what became of it."""

    record_id: str
    staff_id: int
    kind: str
    status: str
    payload_hash: str | None


@dataclass(frozen=True)
class AssignmentRef:
    id: str
    household_id: int
    area_id: int
    officer_id: int
    status: str


@dataclass(frozen=True)
class HouseholdRef:
    id: int
    area_id: int | None
    status: str
    source: str  # registry, self_registered, field_found: the rule variable ``source``


def known_records(db: Database, record_ids: Collection[str]) -> dict[str, KnownRecord]:
    if not record_ids:
        return {}
    columns = [getattr(sync_records.c, f) for f in KnownRecord.__dataclass_fields__]
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(*columns).where(sync_records.c.record_id.in_(list(record_ids)))
        ).all()
    return {row.record_id: KnownRecord(**row._mapping) for row in rows}


def assignments_by_id(db: Database, ids: Collection[str]) -> dict[str, AssignmentRef]:
    if not ids:
        return {}
    columns = [getattr(assignments.c, f) for f in AssignmentRef.__dataclass_fields__]
    with db.engine.connect() as conn:
        rows = conn.execute(select(*columns).where(assignments.c.id.in_(list(ids)))).all()
    return {row.id: AssignmentRef(**row._mapping) for row in rows}


def households_by_id(db: Database, ids: Collection[int]) -> dict[int, HouseholdRef]:
    if not ids:
        return {}
    query = select(
        households.c.id,
        households.c.enumeration_area_id.label("area_id"),
        households.c.status,
        households.c.source,
    ).where(households.c.id.in_(list(ids)))
    with db.engine.connect() as conn:
        return {row.id: HouseholdRef(**row._mapping) for row in conn.execute(query).all()}


def registry_member_ids(db: Database, household_ids: Collection[int]) -> dict[int, set[str]]:
    """The roster ids (``r<person id>``) of each household's registry members."""
    found: dict[int, set[str]] = defaultdict(set)
    if not household_ids:
        return found
    query = select(persons.c.household_id, persons.c.id).where(
        persons.c.household_id.in_(list(household_ids))
    )
    with db.engine.connect() as conn:
        for household_id, person_id in conn.execute(query):
            found[household_id].add(registry_member_id(person_id))
    return found
