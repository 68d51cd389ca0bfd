"""The officer's bundle and the interview window: who gets an assignment, and when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import FastAPI
from sqlalchemy import func, select

from sensus.app import create_app
from sensus.config import WIB, Settings
from sensus.storage.database import Database
from sensus.storage.tables import assignments
from tests.integration.interviews.helpers import (
    API,
    FAMILY,
    NEIGHBOUR,
    FakeClock,
    TestClient,
    assignment_of,
    error_code,
    listed,
    rows,
    visit,
)
from tests.integration.interviews.test_precedence import self_respond


def device_of(
    app: FastAPI, signed_in: Callable[..., TestClient], username: str = "ppl01"
) -> TestClient:
    """A device of ``username`` talking to ``app`` (a session opened as usual)."""
    client = TestClient(app)
    client.cookies.set("sensus_staff", signed_in(username).cookies.get("sensus_staff") or "")
    return client


def test_the_bundle_carries_the_lists_assignments_and_prefill_of_the_officers_areas(
    officer: TestClient, bundle: dict[str, Any]
) -> None:
    response = officer.get(f"{API}/officer/bundle")

    assert response.headers["cache-control"] == "no-store"
    [area] = bundle["areas"]
    assert (area["code"], area["rt"], area["rw"]) == ("63710110010001", "004", "002")
    family = listed(bundle, FAMILY)
    assert family["kk_masked"] == "*" * 12 + FAMILY.kk[-4:]
    assert (family["members"], family["online_status"], family["receipt_hash"]) == (
        4,
        "not_started",
        None,
    )
    assignment = assignment_of(bundle, FAMILY)
    assert [m["nama"] for m in assignment["registry_members"]] == [p.name for p in FAMILY.members]
    assert assignment["registry_members"][0]["nik"] == FAMILY.members[0].nik
    digest = officer.get(f"{API}/questionnaire").headers["etag"].strip('"')
    assert bundle["questionnaire"]["digest"] == digest
    assert bundle["interview_window"]["state"] == "open"


def test_downloading_again_makes_no_new_assignments(
    officer: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    again = officer.get(f"{API}/officer/bundle").json()

    assert {a["assignment_id"] for a in again["assignments"]} == {
        a["assignment_id"] for a in bundle["assignments"]
    }
    with database.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(assignments)).scalar_one() == 2


def test_a_household_that_answered_online_gets_no_assignment(
    app: FastAPI, officer: TestClient
) -> None:
    self_respond(app)

    bundle = officer.get(f"{API}/officer/bundle").json()

    assert listed(bundle, FAMILY)["assignment_id"] is None
    assert listed(bundle, FAMILY)["online_status"] == "submitted"
    assert listed(bundle, NEIGHBOUR)["assignment_id"] is not None


def test_no_bundle_before_the_interview_round_opens_and_none_after_it_closes(
    settings: Settings,
    database: Database,
    clock: FakeClock,
    signed_in: Callable[..., TestClient],
) -> None:
    later = settings.model_copy(
        update={
            "interview_opens": datetime(2026, 9, 10, tzinfo=WIB),
            "interview_closes": datetime(2026, 9, 30, tzinfo=WIB),
        }
    )
    app = create_app(later, database, clock=clock)

    def device() -> TestClient:  # a fresh session: the round lasts longer than one
        return device_of(app, signed_in)

    before = device().get(f"{API}/officer/bundle")
    early_sync = device().post(f"{API}/officer/sync", json={"records": []})
    clock.now = datetime(2026, 9, 15, tzinfo=WIB)
    during = device().get(f"{API}/officer/bundle")
    clock.now = datetime(2026, 10, 5, tzinfo=WIB)
    after = device().get(f"{API}/officer/bundle")
    record = visit(assignment_of(during.json(), FAMILY)["assignment_id"], "refused")
    in_grace = device().post(f"{API}/officer/sync", json={"records": [record]})
    clock.now = datetime(2026, 11, 5, tzinfo=WIB)
    too_late = device().post(f"{API}/officer/sync", json={"records": []})

    assert (before.status_code, error_code(before)) == (403, "interview_window_not_open")
    assert early_sync.status_code == 403
    assert during.status_code == 200
    assert (after.status_code, error_code(after)) == (403, "interview_window_closed")
    assert in_grace.json()["results"][0]["status"] == "stored"
    assert (too_late.status_code, error_code(too_late)) == (403, "interview_window_closed")


def test_self_response_can_close_when_the_interviews_open(
    settings: Settings, database: Database, clock: FakeClock
) -> None:
    closing = settings.model_copy(
        update={
            "interview_opens": datetime(2026, 9, 1, tzinfo=WIB),
            "self_response_during_interviews": False,
        }
    )
    phone = TestClient(create_app(closing, database, clock=clock))
    login = {"kk": FAMILY.kk, "nik": FAMILY.members[0].nik, "password": "rahasia-keluarga"}

    schedule = phone.get(f"{API}/schedule").json()
    refused = phone.post(f"{API}/self-response/session", json=login)

    assert schedule["self_response"]["state"] == "closed"
    assert schedule["self_response"]["closes"].startswith("2026-09-01")
    assert (refused.status_code, error_code(refused)) == (403, "window_closed")
    assert rows(database, select(assignments)) == []
