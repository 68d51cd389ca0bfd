"""The figures follow the final mark through every path that moves it: an interview synced,
a self-response submitted after it, and a supervisor's decision; and the counts tables kept
by the database's triggers agree with the raw records after each of these, after a household
found in the field, a move between areas or villages, and a household removed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI
from sqlalchemy import delete, insert, update

from sensus.storage.database import Database
from sensus.storage.tables import households
from tests.integration.headquarters.counts import assert_counts_agree
from tests.integration.interviews.helpers import (
    API,
    FAMILY,
    TestClient,
    assignment_of,
    document_for,
    interview,
    listed,
    new_household,
    statuses,
    sync,
)
from tests.integration.interviews.test_precedence import self_respond
from tests.registry_files import VILLAGE

AREA_A = "63710110010001"


def area_a(client: TestClient) -> dict[str, int]:
    response = client.get(f"{API}/headquarters/progress", params={"region": VILLAGE})
    assert response.status_code == 200, response.text
    (row,) = [r for r in response.json()["rows"] if r["code"] == AREA_A]
    return {k: row[k] for k in ("households", "online", "interviewed", "outstanding")}


def test_the_figures_follow_the_final_record(
    app: FastAPI,
    officer: TestClient,
    supervisor: TestClient,
    bundle: dict[str, Any],
    database: Database,
) -> None:
    assert area_a(supervisor) == {"households": 2, "online": 0, "interviewed": 0, "outstanding": 2}
    assert_counts_agree(database)

    record = interview(assignment_of(bundle, FAMILY)["assignment_id"], document_for(bundle, FAMILY))
    assert statuses(sync(officer, record)) == ["stored"]
    assert area_a(supervisor) == {"households": 2, "online": 0, "interviewed": 1, "outstanding": 1}
    assert_counts_agree(database)

    self_respond(app)  # the self-response becomes final (ADR 0008)
    assert area_a(supervisor) == {"households": 2, "online": 1, "interviewed": 0, "outstanding": 1}
    assert_counts_agree(database)

    household_id = listed(bundle, FAMILY)["household_id"]
    decided = supervisor.post(
        f"{API}/supervisor/households/{household_id}/final",
        json={"record_id": record["record_id"], "reason": "Jawaban online tidak lengkap"},
    )
    assert decided.status_code == 200, decided.text
    assert area_a(supervisor) == {"households": 2, "online": 0, "interviewed": 1, "outstanding": 1}
    assert_counts_agree(database)


def test_the_counts_tables_follow_households_found_moved_and_removed(
    officer: TestClient, admin: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    area_id = bundle["areas"][0]["id"]
    assert statuses(sync(officer, new_household(area_id))) == ["stored"]
    assert_counts_agree(database)
    before = admin.get(f"{API}/headquarters/progress", params={"region": VILLAGE}).json()
    now = datetime.now(UTC)
    with database.engine.begin() as conn:
        added = conn.execute(
            insert(households)
            .values(
                kk="6371011234567890", address="", rt="001", rw="001", village_code=VILLAGE,
                source="registry", needs_verification=False,
                status="submitted", draft_version=0, created_at=now, updated_at=now,
                response_mode="interview", responded_on=now.date(),
            )
            .returning(households.c.id)
        ).scalar_one()  # fmt: skip
    after = admin.get(f"{API}/headquarters/progress", params={"region": VILLAGE}).json()
    assert after["total"]["households"] == before["total"]["households"] + 1
    assert after["total"]["interviewed"] == before["total"]["interviewed"] + 1
    with database.engine.begin() as conn:
        # Moved out of its area, then to another village, then nothing that counts changes.
        conn.execute(
            update(households).values(enumeration_area_id=None).where(households.c.id == added)
        )
        conn.execute(
            update(households).values(village_code="6371011002").where(households.c.id == added)
        )
        conn.execute(
            update(households).values(status="in_progress").where(households.c.id == added)
        )
    moved = admin.get(f"{API}/headquarters/progress", params={"region": VILLAGE}).json()
    assert moved["total"] == before["total"]
    # The final records are the raw data; this row has none, so agree with what it says.
    with database.engine.begin() as conn:
        conn.execute(
            update(households)
            .values(response_mode=None, responded_on=None)
            .where(households.c.id == added)
        )
    assert_counts_agree(database)
    with database.engine.begin() as conn:
        conn.execute(delete(households).where(households.c.id == added))
    assert_counts_agree(database)
    again = admin.get(f"{API}/headquarters/progress", params={"region": VILLAGE}).json()
    assert (again["rows"], again["total"]) == (before["rows"], before["total"])
