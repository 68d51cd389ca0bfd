"""Deleting what the census no longer needs (docs/SECURITY.md, "Retention").

Each kind is counted first; unless ``dry_run``, it is then deleted in the same transaction.
The audit log's period is fixed here and in the triggers of migration 0005, which refuse to
delete a younger entry: a setting cannot shorten it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, delete, func, or_, select, update

from sensus.storage.database import Database
from sensus.storage.tables import (
    audit_log,
    door_counters,
    draft_versions,
    household_sessions,
    households,
    recovery_codes,
    staff_sessions,
)

AUDIT_DAYS = 1827  # five years; the triggers of migration 0005 hold the same number


@dataclass(frozen=True)
class Cutoffs:
    """Everything of a kind older than its moment goes (None: nothing of that kind yet)."""

    drafts: datetime | None  # drafts and their history, of every household
    door_counters: datetime
    sessions: datetime  # ended or expired sessions and recovery codes
    audit: datetime


def apply(db: Database, cutoffs: Cutoffs, *, dry_run: bool) -> dict[str, int]:
    """How many of each kind are (or, with ``dry_run``, would be) deleted."""
    done: dict[str, int] = {}
    with db.engine.begin() as conn:
        for name, table, condition, change in _kinds(cutoffs):
            done[name] = _count(conn, table, condition)
            if dry_run or not done[name]:
                continue
            if change is None:
                conn.execute(delete(table).where(condition))
            else:
                conn.execute(update(table).where(condition).values(**change))
    return done


def _kinds(c: Cutoffs) -> list[tuple[str, Any, Any, dict[str, Any] | None]]:
    kinds: list[tuple[str, Any, Any, dict[str, Any] | None]] = []
    if c.drafts is not None:
        kept = or_(households.c.draft.is_not(None), households.c.draft_conflicts.is_not(None))
        kinds += [
            ("draft_versions", draft_versions, draft_versions.c.saved_at < c.drafts, None),
            ("drafts", households, kept, {"draft": None, "draft_conflicts": None}),
        ]
    finished = c.sessions
    kinds += [
        (
            "door_counters",
            door_counters,
            and_(
                door_counters.c.updated_at < c.door_counters,
                or_(
                    door_counters.c.blocked_until.is_(None),
                    door_counters.c.blocked_until < c.door_counters,
                ),
            ),
            None,
        ),
        ("household_sessions", household_sessions, _ended(household_sessions, finished), None),
        ("staff_sessions", staff_sessions, _ended(staff_sessions, finished), None),
        (
            "recovery_codes",
            recovery_codes,
            or_(recovery_codes.c.used_at < finished, recovery_codes.c.expires_at < finished),
            None,
        ),
        ("audit_log", audit_log, audit_log.c.at < c.audit, None),
    ]
    return kinds


def audit_cutoff(now: datetime) -> datetime:
    return now - timedelta(days=AUDIT_DAYS)


def _ended(table: Any, before: datetime) -> Any:
    return or_(table.c.revoked_at < before, table.c.expires_at < before)


def _count(conn: Connection, table: Any, condition: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(table).where(condition)).scalar_one())
