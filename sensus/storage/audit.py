"""The audit log, written inside the transaction of the decision it explains."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from sensus.storage.database import Database
from sensus.storage.tables import audit_log


def write_audit(
    conn: Connection,
    at: datetime,
    actor: str,
    action: str,
    household_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record that ``actor`` did ``action`` (to ``household_id``, if about one household)."""
    conn.execute(
        insert(audit_log).values(
            at=at,
            actor=actor,
            action=action,
            household_id=household_id,
            detail=json.dumps(detail or {}, sort_keys=True),
        )
    )


def record(
    db: Database,
    at: datetime,
    actor: str,
    action: str,
    household_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """An audit entry on its own, for an action that changes nothing else (reading data)."""
    with db.engine.begin() as conn:
        write_audit(conn, at, actor, action, household_id, detail)


def audit_actions(db: Database, action: str) -> list[dict[str, Any]]:
    """Every entry of one kind, oldest first (for reports and tests)."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.at, audit_log.c.actor, audit_log.c.household_id, audit_log.c.detail)
            .where(audit_log.c.action == action)
            .order_by(audit_log.c.id)
        ).all()
    return [{**row._mapping, "detail": json.loads(row.detail)} for row in rows]
