"""Migrations build exactly the schema the code declares, and can be undone."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from sensus.storage.migrate import downgrade, upgrade
from sensus.storage.tables import metadata


def test_upgrade_to_head_matches_declared_tables(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_head_records_its_revision(engine: Engine) -> None:
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == "0008"


def test_downgrade_to_base_and_back(engine: Engine) -> None:
    downgrade(engine, "base")
    assert "households" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert {"households", "persons", "submissions"} <= set(inspect(engine).get_table_names())
