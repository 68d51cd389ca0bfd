"""Supervisors review interviews (approve, or return with a comment that reaches the officer
at the next sync), and see progress and sync diagnostics per officer and area."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from sensus.storage.audit import audit_actions
from sensus.storage.database import Database
from sensus.storage.tables import submissions
from tests.integration.interviews.helpers import (
    API,
    FAMILY,
    NEIGHBOUR,
    FakeClock,
    TestClient,
    assignment_of,
    document_for,
    error_code,
    interview,
    rows,
    statuses,
    sync,
    visit,
)

COMMENT = "Umur anak kedua tidak sesuai dengan akta; mohon dicek ulang."


def test_a_supervisor_approves_a_pending_interview_once(
    officer: TestClient, supervisor: TestClient, bundle: dict[str, Any]
) -> None:
    record = interview(assignment_of(bundle, FAMILY)["assignment_id"], document_for(bundle, FAMILY))
    sync(officer, record)
    pending = supervisor.get(f"{API}/supervisor/interviews?status=pending").json()
    assert [i["record_id"] for i in pending] == [record["record_id"]]
    assert pending[0]["officer"] == "ppl01"
    assert pending[0]["area_code"] == "63710110010001"
    detail = supervisor.get(f"{API}/supervisor/interviews/{record['record_id']}").json()
    assert detail["document"]["members"][0]["answers"]["nama"] == FAMILY.members[0].name

    approved = supervisor.post(f"{API}/supervisor/interviews/{record['record_id']}/approve")
    again = supervisor.post(f"{API}/supervisor/interviews/{record['record_id']}/approve")

    assert approved.status_code == 200
    assert approved.json()["review_status"] == "approved"
    assert again.status_code == 409
    assert error_code(again) == "already_reviewed"
    assert supervisor.get(f"{API}/supervisor/interviews?status=pending").json() == []


def test_a_returned_interview_reaches_the_officer_and_a_corrected_one_replaces_it(
    officer: TestClient, supervisor: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    assignment = assignment_of(bundle, FAMILY)
    first = interview(assignment["assignment_id"], document_for(bundle, FAMILY))
    synced = sync(officer, first, since=bundle["bundle_version"])
    url = f"{API}/supervisor/interviews/{first['record_id']}/return"

    empty = supervisor.post(url, json={"comment": " "})
    returned = supervisor.post(url, json={"comment": COMMENT})
    answer = sync(officer, since=synced["synced_at"])

    assert empty.status_code == 422
    assert returned.json()["review_status"] == "returned"
    back = answer["changes"]["returned_interviews"]
    assert [(r["record_id"], r["comment"]) for r in back] == [(first["record_id"], COMMENT)]
    assert back[0]["assignment_id"] == assignment["assignment_id"]
    assert back[0]["document"]["household"] == first["document"]["household"]
    bundled = officer.get(f"{API}/officer/bundle").json()
    assert [r["record_id"] for r in bundled["returned"]] == [first["record_id"]]
    assert assignment_of(bundled, FAMILY)["status"] == "visited"  # outstanding again
    progress = supervisor.get(f"{API}/supervisor/progress").json()
    assert progress["total"]["completed"] == 0

    corrected = interview(assignment["assignment_id"], document_for(bundle, FAMILY))
    assert statuses(sync(officer, corrected)) == ["stored"]

    finals = rows(
        database,
        select(submissions.c.submission_id, submissions.c.is_final, submissions.c.review_status)
        .where(submissions.c.household_id == assignment["household_id"])
        .order_by(submissions.c.id),
    )
    assert finals == [
        {"submission_id": first["record_id"], "is_final": False, "review_status": "returned"},
        {"submission_id": corrected["record_id"], "is_final": True, "review_status": "pending"},
    ]
    assert officer.get(f"{API}/officer/bundle").json()["returned"] == []
    assert supervisor.get(f"{API}/supervisor/progress").json()["total"]["completed"] == 1


def test_progress_counts_assigned_visited_completed_outstanding_and_revisits_due(
    officer: TestClient, supervisor: TestClient, bundle: dict[str, Any], clock: FakeClock
) -> None:
    family = assignment_of(bundle, FAMILY)["assignment_id"]
    neighbour = assignment_of(bundle, NEIGHBOUR)["assignment_id"]
    sync(
        officer,
        visit(neighbour, "nobody_home", revisit_at="2026-09-04T16:00:00+08:00"),
        interview(family, document_for(bundle, FAMILY)),
    )

    today = supervisor.get(f"{API}/supervisor/progress").json()
    clock.advance(days=2)
    later = supervisor.get(f"{API}/supervisor/progress").json()

    expected = {"assigned": 2, "visited": 2, "completed": 1, "outstanding": 1}
    assert today["officers"][0] | expected == today["officers"][0]
    assert today["officers"][0]["revisits_due"] == 0
    assert later["officers"][0]["revisits_due"] == 1
    assert later["areas"][0]["code"] == "63710110010001"
    assert later["areas"][0]["revisits_due"] == 1
    assert later["officers"][0]["last_sync_at"] is not None


def test_sync_diagnostics_show_each_refused_record_until_it_is_stored(
    officer: TestClient, supervisor: TestClient, bundle: dict[str, Any]
) -> None:
    family = assignment_of(bundle, FAMILY)["assignment_id"]
    broken = visit(family, "nobody_home")
    del broken["revisit_at"]
    sync(officer, broken, visit(family, "refused"))

    status = supervisor.get(f"{API}/supervisor/sync-status").json()["officers"][0]
    mine = officer.get(f"{API}/officer/sync-status").json()

    assert status["username"] == "ppl01"
    assert status["records"] == {"stored": 1, "superseded": 0, "rejected": 1}
    [rejected] = status["rejected"]
    assert rejected["record_id"] == broken["record_id"]
    assert rejected["code"] == "validation_failed"
    assert rejected["fields"] == [{"path": "revisit_at", "code": "missing_field"}]
    assert rejected["next"] == "fix"
    assert mine["rejected"] == status["rejected"]
    assert mine["last_sync_at"] == status["last_sync_at"]

    sync(officer, broken | {"revisit_at": "2026-09-05T09:00:00+08:00"})

    after = supervisor.get(f"{API}/supervisor/sync-status").json()["officers"][0]
    assert after["rejected"] == []
    assert after["records"] == {"stored": 2, "superseded": 0, "rejected": 0}


def test_reading_an_interview_is_audited_with_who_read_it(
    officer: TestClient, supervisor: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    record = interview(assignment_of(bundle, FAMILY)["assignment_id"], document_for(bundle, FAMILY))
    sync(officer, record)
    assert audit_actions(database, "interview_viewed") == []

    supervisor.get(f"{API}/supervisor/interviews/{record['record_id']}")

    [entry] = audit_actions(database, "interview_viewed")
    assert entry["actor"] == "supervisor:spv01"
    assert entry["household_id"] == assignment_of(bundle, FAMILY)["household_id"]
    assert entry["detail"] == {"record_id": record["record_id"]}
