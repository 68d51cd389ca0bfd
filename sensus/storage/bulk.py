"""Helpers for bulk writes: the dialect's INSERT (for ON CONFLICT) and fixed-size chunks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

from sqlalchemy import Engine, Table
from sqlalchemy.dialects import postgresql, sqlite

T = TypeVar("T")

# The two dialects' INSERT constructs share on_conflict_do_update/do_nothing and excluded.
UpsertInsert = sqlite.Insert | postgresql.Insert


def upsert_insert(engine: Engine, table: Table) -> UpsertInsert:
    """An INSERT that can take ON CONFLICT, for the engine's dialect (SQLite or PostgreSQL)."""
    if engine.dialect.name == "postgresql":
        return postgresql.insert(table)
    if engine.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise ValueError(f"no upsert for the {engine.dialect.name} dialect")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), without reading ahead."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
