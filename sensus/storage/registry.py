"""Bulk writes of the civil-registry extract into ``households`` and ``persons``.

Both tables are upserted (INSERT ... ON CONFLICT, SQLite and PostgreSQL alike): households by
``kk``, persons by ``nik``. A row is rewritten only when a registry field of it changed, so
importing the same extract twice changes nothing. The upsert only ever sets registry
fields: a respondent's password, status, draft and lockout survive every re-import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, ColumnElement, Connection, Table, and_, func, or_, select

from sensus.domain.registry import FamilyCard, FamilyMember
from sensus.storage.bulk import UpsertInsert, upsert_insert
from sensus.storage.database import Database
from sensus.storage.tables import households, persons

_HOUSEHOLD_FIELDS = ("address", "rt", "rw", "village_code")
_PERSON_FIELDS = (
    "household_id",
    "line_no",
    "name",
    "sex",
    "birth_place",
    "birth_date",
    "relationship",
    "religion",
    "marital_status",
)


@dataclass(frozen=True)
class WriteCounts:
    """Rows inserted or changed; a row the extract states exactly as stored is not counted."""

    households: int = 0
    persons: int = 0

    def __add__(self, other: WriteCounts) -> WriteCounts:
        return WriteCounts(self.households + other.households, self.persons + other.persons)


def write_family_cards(
    database: Database, cards: Sequence[FamilyCard], now: datetime
) -> WriteCounts:
    """Upsert ``cards`` and their members in one transaction.

    The KK numbers must be distinct within ``cards``, and so must the NIKs (PostgreSQL
    refuses to upsert one key twice in a statement). A household that respondents
    registered themselves (``source`` 'self_registered') keeps its own address; it gains the
    registry's members. ``now`` stamps new and changed households.
    """
    if not cards:
        return WriteCounts()
    with database.engine.begin() as conn:
        written = _upsert_households(conn, database, cards, now)
        ids = _household_ids(conn, [card.kk for card in cards])
        person_rows = [
            _person_row(ids[card.kk], line_no, member)
            for card in cards
            for line_no, member in enumerate(card.members, start=1)
        ]
        changed = _upsert(conn, database, persons, persons.c.nik, _PERSON_FIELDS, person_rows)
    return WriteCounts(written, changed)


def registry_counts(database: Database) -> WriteCounts:
    """How many households and persons the database holds."""
    with database.engine.connect() as conn:
        count = select(func.count())
        return WriteCounts(
            conn.execute(count.select_from(households)).scalar_one(),
            conn.execute(count.select_from(persons)).scalar_one(),
        )


def _upsert_households(
    conn: Connection, database: Database, cards: Sequence[FamilyCard], now: datetime
) -> int:
    rows = [
        {
            "kk": card.kk,
            "address": card.address,
            "rt": card.rt,
            "rw": card.rw,
            "village_code": card.village_code,
            "source": "registry",
            "needs_verification": False,
            "status": "not_started",
            "draft_version": 0,
            "created_at": now,
            "updated_at": now,
        }
        for card in cards
    ]
    only_registry = households.c.source == "registry"
    return _upsert(
        conn,
        database,
        households,
        households.c.kk,
        (*_HOUSEHOLD_FIELDS, "updated_at"),
        rows,
        compare=_HOUSEHOLD_FIELDS,
        also=only_registry,
    )


def _upsert(
    conn: Connection,
    database: Database,
    table: Table,
    key: Column[str],
    fields: Sequence[str],
    rows: list[dict[str, Any]],
    *,
    compare: Sequence[str] | None = None,
    also: ColumnElement[bool] | None = None,
) -> int:
    """INSERT ``rows``; on a ``key`` conflict set ``fields`` when one of ``compare`` differs.

    Returns the rows inserted or updated (what the driver reports as affected).
    """
    insert: UpsertInsert = upsert_insert(database.engine, table)
    changed = or_(*(table.c[f].is_distinct_from(insert.excluded[f]) for f in compare or fields))
    statement = insert.on_conflict_do_update(
        index_elements=[key],
        set_={f: insert.excluded[f] for f in fields},
        where=changed if also is None else and_(also, changed),
    )
    if database.dialect == "sqlite":
        # sqlite3 counts the rows an executemany changed exactly, and is faster without
        # RETURNING (SQLAlchemy would batch the rows into multi-VALUES statements).
        return conn.execute(statement, rows).rowcount
    # psycopg reports no rowcount for a batched executemany: count what RETURNING gives.
    return len(conn.execute(statement.returning(key), rows).all())


def _household_ids(conn: Connection, kks: list[str]) -> dict[str, int]:
    query = select(households.c.kk, households.c.id).where(households.c.kk.in_(kks))
    return {kk: id_ for kk, id_ in conn.execute(query)}


def _person_row(household_id: int, line_no: int, member: FamilyMember) -> dict[str, Any]:
    return {
        "household_id": household_id,
        "line_no": line_no,
        "nik": member.nik,
        "name": member.name,
        "sex": member.sex,
        "birth_place": member.birth_place,
        "birth_date": member.birth_date,
        "relationship": member.relationship,
        "religion": member.religion,
        "marital_status": member.marital_status,
    }
