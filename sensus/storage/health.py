"""Is the database there, and at the schema this code expects? (For ``/readyz``.)"""

from __future__ import annotations

from functools import lru_cache

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from sensus.storage.migrate import MIGRATIONS

READY, UNREACHABLE, NOT_MIGRATED = "ready", "unreachable", "not_migrated"


def schema_state(engine: Engine) -> str:
    """``ready``, ``unreachable`` (no connection) or ``not_migrated`` (not at head)."""
    try:
        with engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    except (SQLAlchemyError, OSError):
        return UNREACHABLE
    return READY if current == _code_heads() else NOT_MIGRATED


@lru_cache(maxsize=1)
def _code_heads() -> frozenset[str]:
    # Read once: the migrations shipped with this code do not change while it runs.
    return frozenset(ScriptDirectory(str(MIGRATIONS)).get_heads())
