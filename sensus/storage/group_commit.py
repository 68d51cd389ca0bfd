"""Group commit: many requests' writes in one durable transaction (ADR 0027).

At the peak each submission and each autosave is a small write transaction, and each paid
its own COMMIT (an fsync) and, on SQLite, its own wait for the database's single write lock:
SQLite's busy handler sleeps 1, 2, 5 … 100 ms between tries, so the two worker processes
spent most of their time asleep (0.37 of 2 cores used, p99 of seconds at 8 connections).

Here one writer thread per process takes every write waiting in its queue, runs each in a
savepoint of one transaction, and commits them together. Nobody is answered before the
COMMIT that holds their write returns: a 2xx is still durably committed. A write that fails
rolls back its own savepoint only and its caller gets the exception; a COMMIT that fails
fails every write of the batch, and nobody was told otherwise. On SQLite the writers of all
processes on one file take an OS lock (``flock``) before ``BEGIN IMMEDIATE``, so they queue
in the kernel and wake when the lock is free instead of sleeping in the busy handler.
"""

from __future__ import annotations

import fcntl
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine

T = TypeVar("T")

# A batch larger than this waits for the next: it bounds how long the first caller of a
# batch waits for the last one's statements.
MAX_BATCH = 64

Work = Callable[[Connection], Any]


class GroupCommit:
    """One writer thread for ``engine``; ``run(work)`` returns once ``work`` is committed."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._queue: queue.SimpleQueue[tuple[Work, Future[Any]] | None] = queue.SimpleQueue()
        self._started = False
        self._start_lock = threading.Lock()
        self._lock_path = _lock_path(engine)
        self.batches = 0  # transactions committed, for tests and the benchmark
        self.writes = 0

    def run(self, work: Callable[[Connection], T]) -> T:
        if not self._started:
            self._start()
        done: Future[T] = Future()
        self._queue.put((work, done))
        return done.result()

    def stop(self) -> None:
        if self._started:
            self._queue.put(None)

    def _start(self) -> None:
        with self._start_lock:
            if not self._started:
                threading.Thread(target=self._write, name="group-commit", daemon=True).start()
                self._started = True

    def _write(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._queue.put(None)  # stop after this batch
                    break
                batch.append(item)
            self._commit(batch)

    def _commit(self, batch: list[tuple[Work, Future[Any]]]) -> None:
        results: list[tuple[Future[Any], Any, BaseException | None]] = []
        try:
            with self._os_lock(), self._engine.begin() as conn:
                if len(batch) == 1:
                    self._alone(conn, batch[0], results)
                else:
                    self._together(conn, batch, results)
        except _RolledBack:
            pass  # a batch of one whose work failed: its caller gets the work's exception
        except BaseException as error:
            # Nothing of this batch is committed: every caller hears so.
            for _, done in batch:
                done.set_exception(error)
            if not isinstance(error, Exception):
                raise
            return
        # Only now, after the COMMIT: every caller hears how its write went.
        self._answer(batch, results)

    @staticmethod
    def _alone(
        conn: Connection,
        item: tuple[Work, Future[Any]],
        results: list[tuple[Future[Any], Any, BaseException | None]],
    ) -> None:
        """A batch of one is its own transaction, as without group commit: no savepoint."""
        work, done = item
        try:
            results.append((done, work(conn), None))
        except Exception as error:
            results.append((done, None, error))
            raise _RolledBack from error

    @staticmethod
    def _together(
        conn: Connection,
        batch: list[tuple[Work, Future[Any]]],
        results: list[tuple[Future[Any], Any, BaseException | None]],
    ) -> None:
        if conn.dialect.name == "sqlite":
            # pysqlite opens a transaction only before a write, so a savepoint taken first
            # would be a transaction of its own; open it now, with the write lock.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        for work, done in batch:
            savepoint = conn.begin_nested()
            try:
                value = work(conn)
            except Exception as error:  # the caller's to handle, after the COMMIT
                savepoint.rollback()
                results.append((done, None, error))
            else:
                savepoint.commit()
                results.append((done, value, None))

    def _answer(
        self,
        batch: list[tuple[Work, Future[Any]]],
        results: list[tuple[Future[Any], Any, BaseException | None]],
    ) -> None:
        self.batches += 1
        self.writes += len(batch)
        for done, value, failure in results:
            if failure is None:
                done.set_result(value)
            else:
                done.set_exception(failure)

    def _os_lock(self) -> AbstractContextManager[object]:
        if self._lock_path is None:
            return nullcontext()
        return _FileLock(self._lock_path)


class _RolledBack(Exception):
    """The work of a batch of one failed: its transaction is rolled back, not committed."""


class _FileLock:
    """An exclusive ``flock`` on a file beside the database, for the writers of every process."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._handle: Any = None

    def __enter__(self) -> None:
        self._handle = self._path.open("a")
        fcntl.flock(self._handle, fcntl.LOCK_EX)

    def __exit__(self, *_: object) -> None:
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        self._handle.close()


def _lock_path(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).with_name(Path(database).name + "-writer.lock")
