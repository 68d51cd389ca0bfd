"""Migration 0004 (the door) keeps a populated database's households and their passwords."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, func, inspect, select, text

from sensus.storage.migrate import downgrade, upgrade
from sensus.storage.tables import household_sessions, households

NOW = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


def populate(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO households (kk, address, rt, rw, village_code, source,"
                " needs_verification, password_hash, failed_attempts, status, draft_version,"
                " created_at, updated_at) VALUES ('6371010203150017', 'Jl. Mantuil', '004',"
                " '002', '6371011001', 'registry', false, '$argon2id$old', 0, 'not_started',"
                " 0, :now, :now)"
            ),
            {"now": NOW},
        )


def test_upgrading_keeps_households_and_adds_the_doors_tables(engine: Engine) -> None:
    downgrade(engine, "0003")
    populate(engine)

    upgrade(engine)

    with engine.connect() as conn:
        row = conn.execute(select(households.c.password_hash, households.c.claimed_kk)).one()
        assert tuple(row) == ("$argon2id$old", None)
        assert conn.execute(select(func.count()).select_from(household_sessions)).scalar() == 0
    assert {"door_counters", "household_sessions"} <= set(inspect(engine).get_table_names())


def test_downgrading_to_0003_keeps_the_households(engine: Engine) -> None:
    upgrade(engine)
    downgrade(engine, "0004")  # the rows as 0004 has them (0008 drops failed_attempts)
    populate(engine)

    downgrade(engine, "0003")

    with engine.connect() as conn:
        assert (
            conn.execute(text("SELECT password_hash FROM households")).scalar() == "$argon2id$old"
        )
    names = set(inspect(engine).get_table_names())
    assert "door_counters" not in names and "household_sessions" not in names
    upgrade(engine)
