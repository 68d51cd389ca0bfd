"""Readiness: the service can take traffic when its database answers at the right schema."""

from __future__ import annotations

from sensus.storage.database import Database
from sensus.storage.health import READY, schema_state


def database_state(database: Database) -> str:
    """``ready``, ``unreachable`` or ``not_migrated``."""
    return schema_state(database.engine)


def is_ready(state: str) -> bool:
    return state == READY
