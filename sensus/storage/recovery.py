"""Queries for recovery through the census's own people (ADR 0016): new passwords set by
staff, one-time codes, and the hand-over of a KK that two registrations claim.

Every change here ends the household's sessions and writes its audit entry in the same
transaction; nothing here decides who may do it (services/recovery.py does).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, exists, func, insert, or_, select, update

from sensus.storage.audit import write_audit
from sensus.storage.database import Database
from sensus.storage.tables import (
    enumeration_areas,
    household_sessions,
    households,
    recovery_codes,
)


@dataclass(frozen=True)
class Claimant:
    """A household that holds or claims a KK, as the administrator compares them."""

    id: int
    kk: str
    holds: bool  # holds the KK (else claims it)
    source: str
    address: str
    rt: str
    rw: str
    village_code: str
    registrant_nik: str | None
    status: str
    created_at: datetime
    sessions: int


def in_officers_area(db: Database, household_id: int, officer_id: int) -> bool:
    """Whether the household lives in an area of ``officer_id`` (linked, or by its SLS)."""
    area = enumeration_areas
    same_sls = and_(
        area.c.village_code == households.c.village_code,
        area.c.rt == households.c.rt,
        area.c.rw == households.c.rw,
    )
    query = select(
        exists().where(
            households.c.id == household_id,
            area.c.officer_id == officer_id,
            or_(area.c.id == households.c.enumeration_area_id, same_sls),
        )
    )
    with db.engine.connect() as conn:
        return bool(conn.execute(query).scalar())


def set_password(
    db: Database, household_id: int, password_hash: str, *, actor: str, action: str, now: datetime
) -> int:
    """Replace the household's password and end all its sessions; how many ended."""
    moment = now.astimezone(UTC)
    with db.engine.begin() as conn:
        conn.execute(
            update(households)
            .where(households.c.id == household_id)
            .values(password_hash=password_hash, updated_at=moment)
        )
        ended = _end_sessions(conn, household_id, moment)
        _unused_codes_expire(conn, household_id, moment)
        write_audit(conn, moment, actor, action, household_id, {"sessions_ended": ended})
    return ended


def issue_code(
    db: Database,
    household_id: int,
    code_hash: str,
    *,
    actor: str,
    now: datetime,
    expires_at: datetime,
) -> None:
    """Keep a new code (its hash) for the household; an earlier unused one stops working."""
    moment = now.astimezone(UTC)
    with db.engine.begin() as conn:
        _unused_codes_expire(conn, household_id, moment)
        conn.execute(
            insert(recovery_codes).values(
                household_id=household_id,
                code_hash=code_hash,
                issued_by=actor,
                created_at=moment,
                expires_at=expires_at,
            )
        )
        detail = {"expires_at": expires_at.astimezone(UTC).isoformat()}
        write_audit(conn, moment, actor, "recovery_code_issued", household_id, detail)


def use_code(
    db: Database, household_id: int, code_hash: str, password_hash: str, *, now: datetime
) -> bool:
    """Spend a current code of the household on a new password (sessions end); False when
    there is no such code. One UPDATE spends it, so two devices cannot both use it."""
    moment = now.astimezone(UTC)
    codes = recovery_codes
    with db.engine.begin() as conn:
        spent = conn.execute(
            update(codes)
            .where(
                codes.c.household_id == household_id,
                codes.c.code_hash == code_hash,
                codes.c.used_at.is_(None),
                codes.c.expires_at > moment,
            )
            .values(used_at=moment)
        )
        if spent.rowcount != 1:
            return False
        conn.execute(
            update(households)
            .where(households.c.id == household_id)
            .values(password_hash=password_hash, updated_at=moment)
        )
        ended = _end_sessions(conn, household_id, moment)
        detail = {"sessions_ended": ended}
        write_audit(conn, moment, "respondent", "password_reset_by_code", household_id, detail)
    return True


def claimed_kks(db: Database) -> list[str]:
    """The KKs that a self-registration claims while another household holds them."""
    query = (
        select(households.c.claimed_kk)
        .where(households.c.claimed_kk.is_not(None))
        .group_by(households.c.claimed_kk)
        .order_by(func.min(households.c.id))
    )
    with db.engine.connect() as conn:
        return [row[0] for row in conn.execute(query)]


def claimants(db: Database, kk: str) -> list[Claimant]:
    """Every household that holds or claims ``kk``, the holder first."""
    sessions = (
        select(func.count())
        .where(
            household_sessions.c.household_id == households.c.id,
            household_sessions.c.revoked_at.is_(None),
        )
        .scalar_subquery()
    )
    h = households.c
    query = (
        select(
            h.id,
            h.kk,
            h.claimed_kk,
            h.source,
            h.address,
            h.rt,
            h.rw,
            h.village_code,
            h.registrant_nik,
            h.status,
            h.created_at,
            sessions.label("sessions"),
        )
        .where(or_(h.kk == kk, h.claimed_kk == kk))
        .order_by(h.claimed_kk.is_not(None), h.id)
    )
    with db.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        Claimant(
            id=r.id,
            kk=kk,
            holds=r.kk == kk,
            source=r.source,
            address=r.address,
            rt=r.rt,
            rw=r.rw,
            village_code=r.village_code,
            registrant_nik=r.registrant_nik,
            status=r.status,
            created_at=r.created_at,
            sessions=int(r.sessions),
        )
        for r in rows
    ]


def hand_over(
    db: Database, kk: str, family_id: int, others: list[int], *, actor: str, now: datetime
) -> int:
    """Give ``kk`` to ``family_id``; the ``others`` lose it and their password, and their
    sessions end. One transaction; the number of sessions ended."""
    moment = now.astimezone(UTC)
    with db.engine.begin() as conn:
        if others:
            conn.execute(
                update(households)
                .where(households.c.id.in_(others))
                .values(kk=None, claimed_kk=None, password_hash=None, updated_at=moment)
            )
        conn.execute(
            update(households)
            .where(households.c.id == family_id)
            .values(kk=kk, claimed_kk=None, needs_verification=False, updated_at=moment)
        )
        ended = sum(_end_sessions(conn, other, moment) for other in others)
        for other in others:
            _unused_codes_expire(conn, other, moment)
        detail: dict[str, Any] = {"others": others, "sessions_ended": ended}
        write_audit(conn, moment, actor, "claim_resolved", family_id, detail)
    return ended


def _end_sessions(conn: Connection, household_id: int, moment: datetime) -> int:
    result = conn.execute(
        update(household_sessions)
        .where(
            household_sessions.c.household_id == household_id,
            household_sessions.c.revoked_at.is_(None),
        )
        .values(revoked_at=moment)
    )
    return int(result.rowcount)


def _unused_codes_expire(conn: Connection, household_id: int, moment: datetime) -> None:
    conn.execute(
        update(recovery_codes)
        .where(
            recovery_codes.c.household_id == household_id,
            recovery_codes.c.used_at.is_(None),
            recovery_codes.c.expires_at > moment,
        )
        .values(expires_at=moment)
    )


def kk_named_by(db: Database, household_id: int) -> str | None:
    """The KK the household holds, or else the one it claims."""
    query = select(func.coalesce(households.c.kk, households.c.claimed_kk)).where(
        households.c.id == household_id
    )
    with db.engine.connect() as conn:
        found = conn.execute(query).scalar()
    return None if found is None else str(found)


def current_code(db: Database, household_id: int, code_hash: str, now: datetime) -> bool:
    """Whether the household has this code, unused and unexpired (-1: no household)."""
    codes = recovery_codes
    query = select(
        exists().where(
            codes.c.household_id == household_id,
            codes.c.code_hash == code_hash,
            codes.c.used_at.is_(None),
            codes.c.expires_at > now,
        )
    )
    with db.engine.connect() as conn:
        return bool(conn.execute(query).scalar())
