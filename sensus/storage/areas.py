"""Queries for enumeration areas: import, the households of each, and reassignment.

A household belongs to the area of its (village code, RT, RW). The link is a column
(``households.enumeration_area_id``) set here, area by area, whenever areas are written or
assignments are made, so households imported or registered after their area still find it.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, and_, insert, or_, select, update

from sensus.domain.states import REMOVAL, RemovedReason
from sensus.storage.audit import write_audit
from sensus.storage.database import Database
from sensus.storage.tables import assignments, enumeration_areas, households, staff


@dataclass(frozen=True)
class AreaRecord:
    id: int
    code: str
    name: str
    village_code: str
    rt: str
    rw: str
    officer_id: int | None
    officer_username: str | None


@dataclass(frozen=True)
class AreaWrite:
    """One area as a file states it; ``officer_id`` None leaves the area without officer."""

    line: int
    code: str
    name: str
    village_code: str
    rt: str
    rw: str
    officer_id: int | None


@dataclass(frozen=True)
class AreaWritten:
    line: int
    outcome: str  # created | updated | unchanged | sls_taken
    other_code: str | None = None  # the area that already has this SLS


def _areas() -> Select[Any]:
    return select(
        enumeration_areas.c.id,
        enumeration_areas.c.code,
        enumeration_areas.c.name,
        enumeration_areas.c.village_code,
        enumeration_areas.c.rt,
        enumeration_areas.c.rw,
        enumeration_areas.c.officer_id,
        staff.c.username.label("officer_username"),
    ).outerjoin(staff, staff.c.id == enumeration_areas.c.officer_id)


def areas_of(db: Database, officer_ids: Collection[int] | None) -> list[AreaRecord]:
    """The areas of these officers (every area when ``officer_ids`` is None), by code."""
    query = _areas().order_by(enumeration_areas.c.code)
    if officer_ids is not None:
        query = query.where(enumeration_areas.c.officer_id.in_(list(officer_ids)))
    with db.engine.connect() as conn:
        return [AreaRecord(**row._mapping) for row in conn.execute(query).all()]


def area_by_code(db: Database, code: str) -> AreaRecord | None:
    with db.engine.connect() as conn:
        row = conn.execute(_areas().where(enumeration_areas.c.code == code)).first()
    return AreaRecord(**row._mapping) if row else None


def write_areas(
    db: Database, rows: Sequence[AreaWrite], *, actor: str, now: datetime
) -> list[AreaWritten]:
    """Create or update ``rows`` (distinct codes and SLS) in one transaction, link their
    households, and move the open assignments of an area whose officer changed."""
    with db.engine.begin() as conn:
        by_code = _existing(conn, enumeration_areas.c.code.in_([r.code for r in rows]))
        sls_taken = _existing(conn, or_(*(_sls_is(r.village_code, r.rt, r.rw) for r in rows)))
        written = [_write_area(conn, row, by_code, sls_taken, actor, now) for row in rows]
    return written


def _existing(conn: Connection, condition: Any) -> dict[str, dict[str, Any]]:
    """Existing areas matching ``condition``, by code and by "village/rt/rw" key."""
    found: dict[str, dict[str, Any]] = {}
    for row in conn.execute(select(enumeration_areas).where(condition)).all():
        area = dict(row._mapping)
        found[area["code"]] = area
        found[_sls_key(area["village_code"], area["rt"], area["rw"])] = area
    return found


def _write_area(
    conn: Connection,
    row: AreaWrite,
    by_code: dict[str, dict[str, Any]],
    by_sls: dict[str, dict[str, Any]],
    actor: str,
    now: datetime,
) -> AreaWritten:
    holder = by_sls.get(_sls_key(row.village_code, row.rt, row.rw))
    if holder is not None and holder["code"] != row.code:
        return AreaWritten(row.line, "sls_taken", holder["code"])
    current = by_code.get(row.code)
    fields = {"name": row.name, "village_code": row.village_code, "rt": row.rt, "rw": row.rw}
    if current is None:
        result = conn.execute(
            insert(enumeration_areas)
            .values(
                code=row.code, officer_id=row.officer_id, created_at=now, updated_at=now, **fields
            )
            .returning(enumeration_areas.c.id)
        )
        area_id = int(result.scalar_one())
        link_area(conn, area_id, row.village_code, row.rt, row.rw)
        write_audit(conn, now, actor, "area_created", None, {"area": row.code})
        return AreaWritten(row.line, "created")
    area_id = current["id"]
    changed = any(current[key] != value for key, value in fields.items())
    if changed:
        conn.execute(
            update(enumeration_areas)
            .where(enumeration_areas.c.id == area_id)
            .values(updated_at=now, **fields)
        )
    link_area(conn, area_id, row.village_code, row.rt, row.rw)
    moved = current["officer_id"] != row.officer_id
    if moved:
        reassign(conn, area_id, row.officer_id, actor=actor, now=now)
    return AreaWritten(row.line, "updated" if changed or moved else "unchanged")


def link_area(conn: Connection, area_id: int, village_code: str, rt: str, rw: str) -> int:
    """Point the households of this SLS at the area; how many changed."""
    result = conn.execute(
        update(households)
        .where(
            households.c.village_code == village_code,
            households.c.rt == rt,
            households.c.rw == rw,
            or_(
                households.c.enumeration_area_id.is_(None),
                households.c.enumeration_area_id != area_id,
            ),
        )
        .values(enumeration_area_id=area_id)
    )
    return int(result.rowcount)


def link_households(db: Database, areas: Sequence[AreaRecord]) -> int:
    """Link the households of every SLS of ``areas`` (idempotent); how many changed."""
    with db.engine.begin() as conn:
        return sum(link_area(conn, a.id, a.village_code, a.rt, a.rw) for a in areas)


def reassign(
    conn: Connection, area_id: int, officer_id: int | None, *, actor: str, now: datetime
) -> int:
    """Give the area to ``officer_id``; its unfinished assignments move with it, as new
    assignments of the new officer (the old ones are removed as ``reassigned``, so the old
    officer's device drops them and their history stays). Returns how many moved."""
    area = conn.execute(
        select(enumeration_areas.c.code, enumeration_areas.c.officer_id).where(
            enumeration_areas.c.id == area_id
        )
    ).one()
    if area.officer_id == officer_id:
        return 0
    conn.execute(
        update(enumeration_areas)
        .where(enumeration_areas.c.id == area_id)
        .values(officer_id=officer_id, updated_at=now)
    )
    unfinished = and_(assignments.c.area_id == area_id, assignments.c.status.in_(REMOVAL.sources))
    moving = conn.execute(select(assignments).where(unfinished)).all()
    conn.execute(
        update(assignments)
        .where(unfinished)
        .values(status=REMOVAL.target, removed_reason=RemovedReason.REASSIGNED, updated_at=now)
    )
    if officer_id is not None and moving:
        conn.execute(insert(assignments), [_moved(row._mapping, officer_id, now) for row in moving])
    detail = {
        "area": area.code,
        "from_officer_id": area.officer_id,
        "to_officer_id": officer_id,
        "assignments_moved": len(moving),
    }
    write_audit(conn, now, actor, "area_reassigned", None, detail)
    return len(moving)


def reassign_area(
    db: Database, area_id: int, officer_id: int | None, *, actor: str, now: datetime
) -> int:
    with db.engine.begin() as conn:
        return reassign(conn, area_id, officer_id, actor=actor, now=now)


def _moved(old: Any, officer_id: int, now: datetime) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "household_id": old["household_id"],
        "area_id": old["area_id"],
        "officer_id": officer_id,
        "status": old["status"],
        "removed_reason": None,
        # What the previous officer learnt travels with the household.
        "last_outcome": old["last_outcome"],
        "last_visit_at": old["last_visit_at"],
        "revisit_at": old["revisit_at"],
        "created_at": now,
        "updated_at": now,
    }


def _sls_is(village_code: str, rt: str, rw: str) -> Any:
    return and_(
        enumeration_areas.c.village_code == village_code,
        enumeration_areas.c.rt == rt,
        enumeration_areas.c.rw == rw,
    )


def _sls_key(village_code: str, rt: str, rw: str) -> str:
    return f"{village_code}/{rt}/{rw}"
