"""Queries for staff accounts and their device sessions.

A session row holds the SHA-256 of the token the device keeps in its cookie: the table alone
does not let anyone sign in, and revoking a row ends that device's session at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, and_, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from sensus.storage.audit import write_audit
from sensus.storage.database import Database
from sensus.storage.tables import staff, staff_sessions


@dataclass(frozen=True)
class StaffRecord:
    id: int
    username: str
    full_name: str
    role: str
    password_hash: str
    supervisor_id: int | None
    active: bool
    last_sync_at: datetime | None


@dataclass(frozen=True)
class SessionRecord:
    id: int
    staff_id: int
    device_label: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    token_hash: str  # to tell the owner which session is the device asking


@dataclass(frozen=True)
class NewStaff:
    username: str
    full_name: str
    role: str
    password_hash: str
    supervisor_id: int | None


class UsernameTaken(Exception):
    """An account with this username exists already."""


_STAFF_COLUMNS = [getattr(staff.c, f) for f in StaffRecord.__dataclass_fields__]
_SESSION_COLUMNS = [getattr(staff_sessions.c, f) for f in SessionRecord.__dataclass_fields__]


def _record(row: Row[Any] | None) -> StaffRecord | None:
    return StaffRecord(**row._mapping) if row else None


def staff_by_username(db: Database, username: str) -> StaffRecord | None:
    with db.engine.connect() as conn:
        query = select(*_STAFF_COLUMNS).where(staff.c.username == username)
        return _record(conn.execute(query).first())


def staff_by_id(db: Database, staff_id: int) -> StaffRecord | None:
    with db.engine.connect() as conn:
        return _record(conn.execute(select(*_STAFF_COLUMNS).where(staff.c.id == staff_id)).first())


def all_staff(db: Database) -> list[StaffRecord]:
    with db.engine.connect() as conn:
        rows = conn.execute(select(*_STAFF_COLUMNS).order_by(staff.c.username)).all()
    return [StaffRecord(**row._mapping) for row in rows]


def staff_under(db: Database, supervisor_id: int) -> list[StaffRecord]:
    """The officers a supervisor oversees."""
    with db.engine.connect() as conn:
        query = (
            select(*_STAFF_COLUMNS)
            .where(staff.c.supervisor_id == supervisor_id)
            .order_by(staff.c.username)
        )
        return [StaffRecord(**row._mapping) for row in conn.execute(query).all()]


def create_staff(db: Database, new: NewStaff, *, actor: str, now: datetime) -> int:
    values = {
        **new.__dict__,
        "active": True,
        "created_at": now,
        "updated_at": now,
    }
    try:
        with db.engine.begin() as conn:
            staff_id = conn.execute(insert(staff).values(**values).returning(staff.c.id))
            new_id = int(staff_id.scalar_one())
            detail = {"username": new.username, "role": new.role}
            write_audit(conn, now, actor, "staff_created", None, detail)
    except IntegrityError as error:
        raise UsernameTaken from error
    return new_id


def update_staff(
    db: Database,
    staff_id: int,
    *,
    full_name: str,
    role: str,
    supervisor_id: int | None,
    actor: str,
    now: datetime,
) -> bool:
    """Set an account's name, role and supervisor (never its password); True if it changed."""
    with db.engine.begin() as conn:
        changed = or_(
            staff.c.full_name != full_name,
            staff.c.role != role,
            staff.c.supervisor_id.is_distinct_from(supervisor_id),
        )
        result = conn.execute(
            update(staff)
            .where(staff.c.id == staff_id, changed)
            .values(full_name=full_name, role=role, supervisor_id=supervisor_id, updated_at=now)
        )
        if result.rowcount == 1:
            detail = {"staff_id": staff_id, "role": role, "supervisor_id": supervisor_id}
            write_audit(conn, now, actor, "staff_updated", None, detail)
    return result.rowcount == 1


def deactivate(db: Database, staff_id: int, *, actor: str, now: datetime) -> None:
    """Close an account: it cannot sign in, and every session of it ends."""
    with db.engine.begin() as conn:
        conn.execute(
            update(staff).where(staff.c.id == staff_id).values(active=False, updated_at=now)
        )
        _revoke(conn, staff_id, None, now)
        write_audit(conn, now, actor, "staff_deactivated", None, {"staff_id": staff_id})


def create_session(
    db: Database,
    staff_id: int,
    token_hash: str,
    device_label: str,
    *,
    now: datetime,
    expires_at: datetime,
) -> int:
    with db.engine.begin() as conn:
        result = conn.execute(
            insert(staff_sessions)
            .values(
                token_hash=token_hash,
                staff_id=staff_id,
                device_label=device_label,
                created_at=now,
                expires_at=expires_at,
            )
            .returning(staff_sessions.c.id)
        )
        return int(result.scalar_one())


def staff_for_token(db: Database, token_hash: str, now: datetime) -> StaffRecord | None:
    """The active account a current (not expired, not revoked) session belongs to."""
    query = (
        select(*_STAFF_COLUMNS)
        .join(staff_sessions, staff_sessions.c.staff_id == staff.c.id)
        .where(
            staff_sessions.c.token_hash == token_hash,
            staff_sessions.c.revoked_at.is_(None),
            staff_sessions.c.expires_at > now,
            staff.c.active.is_(True),
        )
    )
    with db.engine.connect() as conn:
        return _record(conn.execute(query).first())


def replace_password_hash(db: Database, staff_id: int, old: str, new: str) -> bool:
    """Store ``new`` (the same password, hashed with today's parameters) unless it changed."""
    with db.engine.begin() as conn:
        result = conn.execute(
            update(staff)
            .where(staff.c.id == staff_id, staff.c.password_hash == old)
            .values(password_hash=new)
        )
    return result.rowcount == 1


def end_session(db: Database, token_hash: str, now: datetime) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            update(staff_sessions)
            .where(staff_sessions.c.token_hash == token_hash, staff_sessions.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )


def sessions_of(db: Database, staff_id: int) -> list[SessionRecord]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(*_SESSION_COLUMNS)
            .where(staff_sessions.c.staff_id == staff_id)
            .order_by(staff_sessions.c.id)
        ).all()
    return [SessionRecord(**row._mapping) for row in rows]


def revoke_sessions(
    db: Database, staff_id: int, session_id: int | None, *, actor: str, now: datetime
) -> int:
    """End one session of an account (or all, when ``session_id`` is None); how many ended."""
    with db.engine.begin() as conn:
        ended = _revoke(conn, staff_id, session_id, now)
        detail = {"staff_id": staff_id, "session_id": session_id, "ended": ended}
        write_audit(conn, now, actor, "sessions_revoked", None, detail)
    return ended


def _revoke(conn: Any, staff_id: int, session_id: int | None, now: datetime) -> int:
    condition = and_(staff_sessions.c.staff_id == staff_id, staff_sessions.c.revoked_at.is_(None))
    if session_id is not None:
        condition = and_(condition, staff_sessions.c.id == session_id)
    result = conn.execute(update(staff_sessions).where(condition).values(revoked_at=now))
    return int(result.rowcount)
