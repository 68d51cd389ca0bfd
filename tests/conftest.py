"""Shared fixtures: real databases (SQLite always, PostgreSQL when configured).

Set ``SENSUS_TEST_POSTGRES_URL`` (``.ci/run`` does) to run every ``engine`` test on both.
Each PostgreSQL test worker gets a schema of its own, emptied between tests.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import Engine, text

from sensus.storage.engines import make_engine
from sensus.storage.migrate import upgrade
from sensus.storage.tables import metadata

# Property-based tests: no deadline (tests never time anything; a first call that fills a
# cache is slow), and no example database written into the working copy.
settings.register_profile("sensus", deadline=None, database=None, print_blob=True)
settings.load_profile("sensus")

POSTGRES_URL = os.environ.get("SENSUS_TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite", "postgresql"]


def _postgres_schema_url(schema: str) -> str:
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    if not POSTGRES_URL:
        pytest.skip("SENSUS_TEST_POSTGRES_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine = make_engine(_postgres_schema_url(schema))
    upgrade(engine)
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def _empty_postgres(engine: Engine) -> None:
    names = ", ".join(t.name for t in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database on each backend."""
    if request.param == "postgresql":
        pg: Engine = request.getfixturevalue("postgres_engine")
        _empty_postgres(pg)
        yield pg
        return
    sqlite = make_engine(f"sqlite:///{tmp_path / 'sensus.db'}")
    upgrade(sqlite)
    yield sqlite
    sqlite.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty SQLite database (for tests that need only one backend)."""
    sqlite = make_engine(f"sqlite:///{tmp_path / 'sensus.db'}")
    upgrade(sqlite)
    yield sqlite
    sqlite.dispose()
