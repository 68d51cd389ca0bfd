"""Migration 0002 (the interview round) keeps a populated database's data and rules."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.exc import IntegrityError

from sensus.storage.migrate import downgrade, upgrade
from sensus.storage.tables import households, persons, submissions

NOW = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


def populate(engine: Engine) -> None:
    """A household, a member and a self-response, as revision 0001 stores them."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO households (kk, address, rt, rw, village_code, source,"
                " needs_verification, failed_attempts, status, draft_version, created_at,"
                " updated_at) VALUES ('6371010203150017', 'Jl. Mantuil', '004', '002',"
                " '6371011001', 'registry', false, 0, 'submitted', 0, :now, :now)"
            ),
            {"now": NOW},
        )
        household_id = conn.execute(select(func.max(households.c.id))).scalar_one()
        conn.execute(
            text(
                "INSERT INTO persons (household_id, line_no, nik, name, sex, birth_place,"
                " birth_date, relationship) VALUES (:h, 1, '6371011205800001', 'Budi', 1,"
                " 'Banjarmasin', :born, 1)"
            ),
            {"h": household_id, "born": date(1980, 5, 12)},
        )
        conn.execute(
            text(
                "INSERT INTO submissions (household_id, submission_id, receipt_code, mode,"
                " questionnaire_id, questionnaire_version, payload, payload_hash, submitted_at,"
                " is_final) VALUES (:h, 'a7c9e0e2-0b0e-4b7e-9d7e-0d1c2b3a4f50', 'K3M9PQRT7VW',"
                " 'self_response', 'sp2020', '2020.1', '{}', 'x', :now, true)"
            ),
            {"h": household_id, "now": NOW},
        )


def test_upgrading_a_populated_database_keeps_its_data_and_its_foreign_keys(
    engine: Engine,
) -> None:
    downgrade(engine, "0001")
    populate(engine)

    upgrade(engine)

    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(persons)).scalar_one() == 1
        assert conn.execute(select(submissions.c.receipt_code)).scalar_one() == "K3M9PQRT7VW"
        household = conn.execute(select(households)).one()
        assert household.enumeration_area_id is None
        assert household.provisional_id is None
    # The copy-and-swap of SQLite leaves foreign keys enforced for the next user.
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            insert(persons).values(
                household_id=999_999,
                line_no=1,
                nik="6371011205800002",
                name="X",
                sex=1,
                birth_place="",
                birth_date=date(1980, 1, 1),
                relationship=1,
            )
        )


def test_households_without_a_kk_are_allowed_but_a_kk_stays_unique(engine: Engine) -> None:
    row = {
        "address": "", "rt": "004", "rw": "002", "village_code": "6371011001",
        "source": "field_found", "needs_verification": True,
        "status": "not_started", "draft_version": 0, "created_at": NOW, "updated_at": NOW,
    }  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(households).values(**row, kk=None, provisional_id="P-1"))
        conn.execute(insert(households).values(**row, kk=None, provisional_id="P-2"))
        conn.execute(insert(households).values(**row, kk="6371010203150017"))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(households).values(**row, kk="6371010203150017"))
