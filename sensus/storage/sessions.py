"""Queries for the sessions of self-responding households (ADR 0013).

A row holds the SHA-256 of the token the device keeps in its cookie: the table alone does
not let anyone sign in, and ending a row ends that session on every copy of the cookie.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, or_, select, update

from sensus.storage.database import Database
from sensus.storage.tables import household_sessions


def create(
    db: Database, household_id: int, token_hash: str, *, now: datetime, expires_at: datetime
) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            insert(household_sessions).values(
                token_hash=token_hash,
                household_id=household_id,
                created_at=now,
                expires_at=expires_at,
            )
        )


def household_for(db: Database, token_hash: str, now: datetime) -> int | None:
    """The household of a current (not expired, not ended) session."""
    table = household_sessions
    with db.engine.connect() as conn:
        found = conn.execute(
            select(table.c.household_id).where(
                table.c.token_hash == token_hash,
                table.c.revoked_at.is_(None),
                table.c.expires_at > now,
            )
        ).scalar()
    return None if found is None else int(found)


def end(db: Database, token_hash: str, now: datetime) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            update(household_sessions)
            .where(
                household_sessions.c.token_hash == token_hash,
                household_sessions.c.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )


def end_all(db: Database, household_id: int, now: datetime) -> int:
    """End every session of a household (its password changed); how many ended."""
    with db.engine.begin() as conn:
        result = conn.execute(
            update(household_sessions)
            .where(
                household_sessions.c.household_id == household_id,
                household_sessions.c.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )
    return int(result.rowcount)


def forget_ended_before(db: Database, moment: datetime) -> int:
    """Delete the sessions that expired or were ended before ``moment``; how many."""
    table = household_sessions
    with db.engine.begin() as conn:
        result = conn.execute(
            delete(table).where(
                or_(
                    table.c.expires_at < moment,
                    table.c.revoked_at < moment,
                )
            )
        )
    return int(result.rowcount)
