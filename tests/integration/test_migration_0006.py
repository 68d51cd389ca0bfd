"""Migration 0006 (headquarters) gives every household the mode and day of its final record,
from the records already stored, and can be undone."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine, select, text

from sensus.storage.migrate import downgrade, upgrade
from sensus.storage.tables import households

LATE = datetime(2026, 9, 2, 20, 30, tzinfo=UTC)  # 3 September in WIB: the day is UTC's


def populate(engine: Engine) -> None:
    with engine.begin() as conn:
        for kk, status in (("6371010203150017", "submitted"), ("6371010203150018", "not_started")):
            conn.execute(
                text(
                    "INSERT INTO households (kk, address, rt, rw, village_code, source,"
                    " needs_verification, failed_attempts, status, draft_version, created_at,"
                    " updated_at) VALUES (:kk, '', '004', '002', '6371011001', 'registry',"
                    " false, 0, :status, 0, :now, :now)"
                ),
                {"kk": kk, "status": status, "now": LATE},
            )
        first = conn.execute(text("SELECT min(id) FROM households")).scalar()
        for n, (mode, final) in enumerate((("interview", False), ("self_response", True))):
            conn.execute(
                text(
                    "INSERT INTO submissions (household_id, submission_id, mode,"
                    " questionnaire_id, questionnaire_version, payload, payload_hash,"
                    " submitted_at, is_final) VALUES (:hid, :sid, :mode, 'sp2020', '2020.1',"
                    " '{}', 'x', :at, :final)"
                ),
                {"hid": first, "sid": f"00000000-0000-4000-8000-00000000000{n}", "mode": mode,
                 "at": LATE, "final": final},
            )  # fmt: skip


def test_upgrading_marks_each_household_with_its_final_record(engine: Engine) -> None:
    downgrade(engine, "0005")
    populate(engine)

    upgrade(engine)

    with engine.connect() as conn:
        found = conn.execute(
            select(households.c.kk, households.c.response_mode, households.c.responded_on)
            .order_by(households.c.kk)
        ).all()  # fmt: skip
    assert [tuple(row) for row in found] == [
        ("6371010203150017", "self_response", date(2026, 9, 2)),
        ("6371010203150018", None, None),
    ]


def test_downgrading_to_0005_keeps_the_households(engine: Engine) -> None:
    upgrade(engine)
    downgrade(engine, "0006")  # the rows as 0006 has them (0008 drops failed_attempts)
    populate(engine)

    downgrade(engine, "0005")

    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM households")).scalar() == 2
    upgrade(engine)
