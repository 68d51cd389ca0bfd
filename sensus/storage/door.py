"""Failure counters of the door: per KK number, per device cookie, per client address.

A key is an HMAC made by the caller; nothing here sees a KK or an address. ``claim`` counts
an attempt and refuses it in one statement, so that simultaneous attempts cannot slip past
the limit between a check and a count (ADR 0013).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, delete, literal, or_, select, update

from sensus.storage.bulk import upsert_insert
from sensus.storage.database import Database
from sensus.storage.tables import UtcDateTime, door_counters

# (failures reached, blocked until): the first pair whose count is reached applies.
Ladder = Sequence[tuple[int, datetime]]


def _blocked_until(count: ColumnElement[int], ladder: Ladder) -> ColumnElement[Any]:
    steps = sorted(ladder, key=lambda step: step[0], reverse=True)
    if not steps:
        return literal(None)
    thens = ((count >= n, literal(until, UtcDateTime())) for n, until in steps)
    return case(*thens, else_=None)


def _first(ladder: Ladder) -> datetime | None:
    reached = [until for n, until in ladder if n <= 1]
    return max(reached) if reached else None


def claim(db: Database, key: str, *, now: datetime, ladder: Ladder) -> int | None:
    """Count one attempt unless ``key`` is blocked; the count, or None when blocked.

    The attempt counts as a failure until ``release`` or ``clear`` says otherwise; the count
    that reaches a step of ``ladder`` blocks the key until that step's time.
    """
    table = door_counters
    moment = now
    insert = upsert_insert(db.engine, table).values(
        key=key, failures=1, blocked_until=_first(ladder), updated_at=moment
    )
    statement = insert.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "failures": table.c.failures + 1,
            "blocked_until": _blocked_until(table.c.failures + 1, ladder),
            "updated_at": moment,
        },
        where=or_(table.c.blocked_until.is_(None), table.c.blocked_until <= moment),
    ).returning(table.c.failures)
    with db.engine.begin() as conn:
        count = conn.execute(statement).scalar()
    return None if count is None else int(count)


def blocked_until(db: Database, key: str) -> datetime | None:
    with db.engine.connect() as conn:
        query = select(door_counters.c.blocked_until).where(door_counters.c.key == key)
        moment: datetime | None = conn.execute(query).scalar()
    return moment


def release(db: Database, key: str, *, free: int) -> None:
    """Take back one attempt that was not a failure (a right KK + NIK without a password)."""
    table = door_counters
    with db.engine.begin() as conn:
        conn.execute(
            update(table)
            .where(table.c.key == key, table.c.failures > 0)
            .values(
                failures=table.c.failures - 1,
                blocked_until=case(
                    (table.c.failures - 1 < free, None), else_=table.c.blocked_until
                ),
            )
        )


def clear(db: Database, key: str) -> None:
    """Forget the failures of ``key`` (after a successful sign-in)."""
    with db.engine.begin() as conn:
        conn.execute(delete(door_counters).where(door_counters.c.key == key))


def count_failure(db: Database, key: str, *, now: datetime) -> None:
    """Count one failure of ``key`` (a client address in its time window)."""
    table = door_counters
    moment = now
    insert = upsert_insert(db.engine, table).values(
        key=key, failures=1, blocked_until=None, updated_at=moment
    )
    statement = insert.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={"failures": table.c.failures + 1, "updated_at": moment},
    )
    with db.engine.begin() as conn:
        conn.execute(statement)


def failures(db: Database, key: str) -> int:
    with db.engine.connect() as conn:
        query = select(door_counters.c.failures).where(door_counters.c.key == key)
        return int(conn.execute(query).scalar() or 0)


def forget_before(db: Database, moment: datetime) -> int:
    """Delete the counters untouched since ``moment``; how many."""
    with db.engine.begin() as conn:
        result = conn.execute(
            delete(door_counters).where(
                door_counters.c.updated_at < moment,
                or_(
                    door_counters.c.blocked_until.is_(None),
                    door_counters.c.blocked_until < moment,
                ),
            )
        )
    return int(result.rowcount)
