"""A household that answers online and is interviewed too: both records are kept, the
self-response is final whichever came first, unless a supervisor decides otherwise; every
decision is in the audit log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from sqlalchemy import select

from sensus.domain.receipt_hashes import receipt_hash
from sensus.storage.audit import audit_actions
from sensus.storage.database import Database
from sensus.storage.tables import assignments, submissions
from tests.documents import registry_document
from tests.integration.interviews.helpers import (
    API,
    FAMILY,
    TestClient,
    assignment_of,
    document_for,
    interview,
    listed,
    new_id,
    rows,
    statuses,
    sync,
)

SELF = f"{API}/self-response"


def self_respond(app: FastAPI) -> dict[str, Any]:
    """FAMILY answers online, from a phone of its own; the receipt."""
    phone = TestClient(app)
    body = {"kk": FAMILY.kk, "nik": FAMILY.members[0].nik, "password": "rahasia-keluarga"}
    assert phone.post(f"{SELF}/session", json=body).status_code == 200
    members = phone.get(f"{SELF}/household").json()["registry_members"]
    document = registry_document(FAMILY, [m["member_id"] for m in members])
    response = phone.post(
        f"{SELF}/submissions", json={"submission_id": new_id(), "document": document}
    )
    assert response.status_code == 201, response.text
    receipt: dict[str, Any] = response.json()
    return receipt


def records_of(database: Database, household_id: int) -> dict[str, bool]:
    """The household's records: mode -> is final."""
    found = rows(
        database,
        select(submissions.c.mode, submissions.c.is_final).where(
            submissions.c.household_id == household_id
        ),
    )
    return {r["mode"]: r["is_final"] for r in found}


def test_a_self_response_after_a_synced_interview_becomes_final(
    app: FastAPI, officer: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    household_id = listed(bundle, FAMILY)["household_id"]
    record = interview(assignment_of(bundle, FAMILY)["assignment_id"], document_for(bundle, FAMILY))
    assert statuses(sync(officer, record)) == ["stored"]
    assert records_of(database, household_id) == {"interview": True}

    self_respond(app)

    assert records_of(database, household_id) == {"interview": False, "self_response": True}
    applied = audit_actions(database, "precedence_applied")
    assert [(a["household_id"], a["detail"]) for a in applied] == [
        (household_id, {"final": "self_response", "not_final": [record["record_id"]]})
    ]


def test_an_interview_synced_after_a_self_response_is_kept_but_not_final(
    app: FastAPI, officer: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    assignment = assignment_of(bundle, FAMILY)
    self_respond(app)  # after the officer's download: the race of the issue
    record = interview(assignment["assignment_id"], document_for(bundle, FAMILY))

    answer = sync(officer, record, since=bundle["bundle_version"])

    result = answer["results"][0]
    assert result["status"] == "superseded"
    assert result["notice"]["code"] == "interview_superseded"
    assert "next" not in result
    household_id = assignment["household_id"]
    assert records_of(database, household_id) == {"self_response": True, "interview": False}
    removed = answer["changes"]["removed_assignments"]
    assert [(r["assignment_id"], r["reason"]) for r in removed] == [
        (assignment["assignment_id"], "self_responded")
    ]
    applied = audit_actions(database, "precedence_applied")
    assert applied[-1]["detail"] == {"final": "self_response", "not_final": [record["record_id"]]}


def test_a_household_answering_online_drops_off_the_list_at_the_next_sync(
    app: FastAPI, officer: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    assignment = assignment_of(bundle, FAMILY)

    receipt = self_respond(app)
    answer = sync(officer, since=bundle["bundle_version"])

    removed = answer["changes"]["removed_assignments"]
    assert [r["assignment_id"] for r in removed] == [assignment["assignment_id"]]
    status = rows(
        database,
        select(assignments.c.status).where(assignments.c.id == assignment["assignment_id"]),
    )
    assert status == [{"status": "removed"}]
    again = officer.get(f"{API}/officer/bundle").json()
    entry = listed(again, FAMILY)
    assert entry["online_status"] == "submitted"
    assert entry["assignment_id"] is None
    # The code the household shows at the door checks out offline; another code does not.
    salt, household_id = again["receipt_salt"], entry["household_id"]
    assert entry["receipt_hash"] == receipt_hash(salt, household_id, receipt["display_code"])
    assert entry["receipt_hash"] != receipt_hash(salt, household_id, "0000-0000-000")


def test_a_supervisor_can_make_the_interview_final_with_a_reason(
    app: FastAPI,
    officer: TestClient,
    supervisor: TestClient,
    signed_in: Callable[..., TestClient],
    bundle: dict[str, Any],
    database: Database,
) -> None:
    household_id = listed(bundle, FAMILY)["household_id"]
    record = interview(assignment_of(bundle, FAMILY)["assignment_id"], document_for(bundle, FAMILY))
    sync(officer, record)
    receipt = self_respond(app)
    body = {
        "record_id": record["record_id"],
        "reason": "Data online diisi tetangga, bukan keluarga.",
    }

    foreign = signed_in("spv02").post(
        f"{API}/supervisor/households/{household_id}/final", json=body
    )
    response = supervisor.post(f"{API}/supervisor/households/{household_id}/final", json=body)

    assert foreign.status_code == 404
    assert response.status_code == 200, response.text
    assert response.json()["final"] == record["record_id"]
    assert records_of(database, household_id) == {"interview": True, "self_response": False}
    decided = audit_actions(database, "precedence_decided")
    assert len(decided) == 1
    assert decided[0]["actor"] == "supervisor:spv01"
    assert decided[0]["detail"]["reason"] == body["reason"]
    assert decided[0]["detail"]["previous_final"] != record["record_id"]
    # The household's proof of its online answer stays valid.
    phone = TestClient(app)
    login = {"kk": FAMILY.kk, "nik": FAMILY.members[0].nik, "password": "rahasia-keluarga"}
    phone.post(f"{SELF}/session", json=login)
    assert phone.get(f"{SELF}/receipt").json()["receipt_code"] == receipt["receipt_code"]


def test_a_decision_needs_a_reason_and_a_record_of_the_household(
    officer: TestClient, supervisor: TestClient, bundle: dict[str, Any]
) -> None:
    household_id = listed(bundle, FAMILY)["household_id"]
    record = interview(assignment_of(bundle, FAMILY)["assignment_id"], document_for(bundle, FAMILY))
    sync(officer, record)
    url = f"{API}/supervisor/households/{household_id}/final"

    no_reason = supervisor.post(url, json={"record_id": record["record_id"], "reason": "  "})
    unknown = supervisor.post(url, json={"record_id": new_id(), "reason": "salah"})

    assert no_reason.status_code == 422
    assert unknown.status_code == 404
