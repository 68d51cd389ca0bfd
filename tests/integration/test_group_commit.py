"""Group commit (ADR 0027): many writes in one transaction, each answered after its COMMIT.

On both databases: the writes of a batch are committed together; a write that fails is
undone alone and its caller gets its exception; nobody hears anything before the COMMIT;
writers of two handles on one SQLite file (two processes, in production) lose nothing.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from sensus.storage.database import Database
from sensus.storage.engines import make_engine
from sensus.storage.group_commit import GroupCommit
from sensus.storage.tables import audit_log

NOW = datetime(2026, 12, 6, tzinfo=UTC)


def _note(action: str, household_id: int | None = None) -> Any:
    def work(conn: Connection) -> str:
        conn.execute(
            insert(audit_log).values(
                at=NOW, actor="test", action=action, household_id=household_id, detail="{}"
            )
        )
        return action

    return work


def _actions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.execute(select(audit_log.c.action)).scalars())


def test_a_batch_commits_together_and_a_failed_write_is_undone_alone(engine: Engine) -> None:
    group = GroupCommit(engine)
    done: list[Future[Any]] = [Future() for _ in range(3)]
    seen_before_commit: list[bool] = []

    def last(conn: Connection) -> str:
        # The batch's last write: nobody has been answered yet, the COMMIT is still to come.
        seen_before_commit.extend(d.done() for d in done)
        return _note("third")(conn)

    # A household that does not exist: the foreign key refuses the second write.
    batch = [(_note("first"), done[0]), (_note("second", 999_999), done[1]), (last, done[2])]
    group._commit(batch)

    assert seen_before_commit == [False, False, False]
    assert done[0].result() == "first"
    assert done[2].result() == "third"
    with pytest.raises(IntegrityError):
        done[1].result()
    assert _actions(engine) == ["first", "third"]
    assert (group.batches, group.writes) == (1, 3)


def test_a_write_alone_that_fails_leaves_nothing(engine: Engine) -> None:
    database = Database(engine)
    with pytest.raises(IntegrityError):
        database.write(_note("lost", 999_999))
    assert database.write(_note("kept")) == "kept"
    assert _actions(engine) == ["kept"]


def test_writers_of_two_handles_on_one_sqlite_file_lose_nothing(sqlite_engine: Engine) -> None:
    # Two handles, two writer threads, one file: as two worker processes are in production.
    other = Database(make_engine(str(sqlite_engine.url)))
    handles = [Database(sqlite_engine), other]
    start = threading.Barrier(40)

    def write(i: int) -> None:
        start.wait()
        handles[i % 2].write(_note(f"w{i:02}"))

    threads = [threading.Thread(target=write, args=(i,)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.dispose()

    assert _actions(sqlite_engine) == [f"w{i:02}" for i in range(40)]
    with sqlite_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(audit_log)).scalar_one() == 40
