"""The figures follow the final mark through every path that moves it: an interview synced,
a self-response submitted after it, and a supervisor's decision."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from tests.integration.interviews.helpers import (
    API,
    FAMILY,
    TestClient,
    assignment_of,
    document_for,
    interview,
    listed,
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
    app: FastAPI, officer: TestClient, supervisor: TestClient, bundle: dict[str, Any]
) -> None:
    assert area_a(supervisor) == {"households": 2, "online": 0, "interviewed": 0, "outstanding": 2}

    record = interview(assignment_of(bundle, FAMILY)["assignment_id"], document_for(bundle, FAMILY))
    assert statuses(sync(officer, record)) == ["stored"]
    assert area_a(supervisor) == {"households": 2, "online": 0, "interviewed": 1, "outstanding": 1}

    self_respond(app)  # the self-response becomes final (ADR 0008)
    assert area_a(supervisor) == {"households": 2, "online": 1, "interviewed": 0, "outstanding": 1}

    household_id = listed(bundle, FAMILY)["household_id"]
    decided = supervisor.post(
        f"{API}/supervisor/households/{household_id}/final",
        json={"record_id": record["record_id"], "reason": "Jawaban online tidak lengkap"},
    )
    assert decided.status_code == 200, decided.text
    assert area_a(supervisor) == {"households": 2, "online": 0, "interviewed": 1, "outstanding": 1}
