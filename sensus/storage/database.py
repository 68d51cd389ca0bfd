"""``Database``: the handle that services pass around without knowing SQLAlchemy."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, Engine

from sensus.storage.engines import make_engine
from sensus.storage.group_commit import GroupCommit
from sensus.storage.migrate import upgrade

T = TypeVar("T")


class Database:
    """One database: an engine plus the migrations that shape it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Group commit for a SQLite file only (ADR 0027). PostgreSQL already flushes the WAL
        # of concurrent commits together, and there one writer thread measured slower: it
        # serialises round trips that the pool's connections made side by side. An in-memory
        # SQLite database is one per connection: its writes stay on the caller's.
        database = engine.url.database or ""
        on_file = engine.dialect.name == "sqlite" and database not in ("", ":memory:")
        self._group = GroupCommit(engine) if on_file and "mode=memory" not in database else None

    @classmethod
    def connect(cls, url: str) -> Database:
        return cls(make_engine(url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in a write transaction and return once it is durably committed.

        The peak's small writes (submissions, autosaves) go through here: on SQLite one
        writer per process commits many of them at once (group commit, ADR 0027). ``work`` runs in a
        savepoint on the writer's thread: it must use only ``conn``, and its exception comes
        back here with its own writes undone.
        """
        if self._group is None:
            with self.engine.begin() as conn:
                return work(conn)
        return self._group.run(work)

    def upgrade(self) -> None:
        upgrade(self.engine)

    def dispose(self) -> None:
        if self._group is not None:
            self._group.stop()
        self.engine.dispose()
