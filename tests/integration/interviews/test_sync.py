"""Sync: every record stored once, every record answered, bad ones never block good ones."""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import select

from sensus.storage.database import Database
from sensus.storage.tables import assignments, households, listing_checks, submissions, visits
from tests.integration.interviews.helpers import (
    API,
    FAMILY,
    NEIGHBOUR,
    TestClient,
    assignment_of,
    document_for,
    interview,
    listed,
    listing_check,
    new_household,
    new_id,
    row_counts,
    rows,
    statuses,
    sync,
    visit,
)


def test_the_same_batch_twice_stores_nothing_the_second_time(
    officer: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    family = assignment_of(bundle, FAMILY)
    batch = [
        visit(family["assignment_id"], "completed"),
        interview(family["assignment_id"], document_for(bundle, FAMILY)),
        visit(assignment_of(bundle, NEIGHBOUR)["assignment_id"], "nobody_home"),
        listing_check(listed(bundle, NEIGHBOUR)["household_id"], "confirmed"),
    ]
    first = sync(officer, *batch)
    assert statuses(first) == ["stored"] * 4
    assert first["summary"] == {"stored": 4, "duplicate": 0, "superseded": 0, "rejected": 0}
    counts = row_counts(database)

    second = sync(officer, *batch)

    assert statuses(second) == ["duplicate"] * 4
    assert [r["record_id"] for r in second["results"]] == [r["record_id"] for r in batch]
    assert all(r["detail"] == {"stored_as": "stored"} for r in second["results"])
    changed = {name: n for name, n in row_counts(database).items() if n != counts[name]}
    assert changed == {}


def test_a_stored_interview_completes_its_assignment_and_waits_for_review(
    officer: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    family = assignment_of(bundle, FAMILY)
    record = interview(family["assignment_id"], document_for(bundle, FAMILY))

    sync(officer, record)

    stored = rows(
        database, select(submissions).where(submissions.c.submission_id == record["record_id"])
    )
    assert len(stored) == 1
    assert stored[0]["mode"] == "interview"
    assert stored[0]["is_final"] is True
    assert stored[0]["review_status"] == "pending"
    assert stored[0]["receipt_code"] is None
    status = rows(
        database, select(assignments.c.status).where(assignments.c.id == family["assignment_id"])
    )
    assert status == [{"status": "completed"}]


def test_malformed_records_are_reported_one_by_one_and_the_good_ones_stored(
    officer: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    family = assignment_of(bundle, FAMILY)
    neighbour = assignment_of(bundle, NEIGHBOUR)
    incomplete = document_for(bundle, FAMILY)
    del incomplete["household"]["jenis_lantai"]
    incomplete["members"][1]["answers"]["tanggal_lahir"] = "2030-01-01"
    batch = [
        visit(neighbour["assignment_id"], "refused"),
        "not a record",
        visit(neighbour["assignment_id"], "asleep", recorded_at="yesterday"),
        interview(family["assignment_id"], incomplete),
        {"record_id": new_id(), "kind": "telegram"},
        listing_check(listed(bundle, NEIGHBOUR)["household_id"], "merged"),
        visit(family["assignment_id"], "nobody_home"),
    ]

    answer = sync(officer, *batch)

    assert statuses(answer) == [
        "stored", "rejected", "rejected", "rejected", "rejected", "rejected", "stored",
    ]  # fmt: skip
    results = answer["results"]
    assert [r["index"] for r in results] == list(range(7))
    assert results[1]["error"]["fields"][0]["code"] == "invalid_type"
    assert {(f["path"], f["code"]) for f in results[2]["error"]["fields"]} == {
        ("outcome", "invalid_choice"),
        ("recorded_at", "invalid_datetime"),
    }
    interview_fields = {(f["path"], f["code"]) for f in results[3]["error"]["fields"]}
    assert ("document/household/jenis_lantai", "required") in interview_fields
    assert ("document/members/1/tanggal_lahir", "constraint_failed") in interview_fields
    assert results[4]["error"]["fields"][0]["path"] == "kind"
    assert results[5]["error"]["fields"][0]["path"] == "merged_into"
    assert all(results[i]["next"] == "fix" for i in (1, 2, 3, 4, 5))
    assert all("next" not in results[i] for i in (0, 6))
    stored_visits = rows(database, select(visits.c.record_id))
    assert {v["record_id"] for v in stored_visits} == {batch[0]["record_id"], batch[6]["record_id"]}
    assert rows(database, select(submissions).where(submissions.c.mode == "interview")) == []


def test_a_fixed_record_sent_again_under_its_id_is_stored(
    officer: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    family = assignment_of(bundle, FAMILY)
    incomplete = document_for(bundle, FAMILY)
    del incomplete["household"]["jamban"]
    record = interview(family["assignment_id"], incomplete)
    assert statuses(sync(officer, record)) == ["rejected"]

    record["document"] = document_for(bundle, FAMILY)
    answer = sync(officer, record)

    assert statuses(answer) == ["stored"]
    status = officer.get(f"{API}/officer/sync-status").json()
    assert status["rejected"] == []


def test_records_of_unknown_or_foreign_assignments_are_refused_alike(
    officer: TestClient, other_officer: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    foreign = other_officer.get(f"{API}/officer/bundle").json()["assignments"][0]
    counts = row_counts(database)

    answer = sync(
        officer,
        visit(new_id(), "refused"),
        visit(foreign["assignment_id"], "refused"),
        interview(foreign["assignment_id"], document_for(bundle, FAMILY)),
    )

    assert statuses(answer) == ["rejected"] * 3
    errors = [r["error"] for r in answer["results"]]
    assert {e["code"] for e in errors} == {"assignment_not_found"}
    assert errors[0] == errors[1]  # unknown and foreign: the same answer, nothing revealed
    assert {r["next"] for r in answer["results"]} == {"ask_supervisor"}
    after = row_counts(database)
    assert after["visits"] == counts["visits"]
    assert after["submissions"] == counts["submissions"]


def test_listing_checks_outside_the_officers_areas_are_refused(
    officer: TestClient, other_officer: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    faraway_id = other_officer.get(f"{API}/officer/bundle").json()["areas"][0]["households"][0][
        "household_id"
    ]
    neighbour_id = listed(bundle, NEIGHBOUR)["household_id"]

    answer = sync(
        officer,
        listing_check(faraway_id, "not_found"),
        listing_check(neighbour_id, "merged", merged_into=faraway_id),
        listing_check(999_999, "moved"),
    )

    assert statuses(answer) == ["rejected"] * 3
    assert {r["error"]["code"] for r in answer["results"]} == {"household_not_in_areas"}
    assert rows(database, select(listing_checks)) == []


def test_a_struck_household_loses_its_assignment_and_a_verified_one_its_flag(
    officer: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    neighbour = listed(bundle, NEIGHBOUR)
    family = listed(bundle, FAMILY)

    answer = sync(
        officer,
        listing_check(neighbour["household_id"], "moved", note="pindah ke Martapura"),
        listing_check(
            family["household_id"], "corrected", corrections={"address": "Jl. Mantuil Raya 12A"}
        ),
    )

    assert statuses(answer) == ["stored", "stored"]
    assert answer["results"][0]["detail"] == {"assignments_removed": [neighbour["assignment_id"]]}
    removed = rows(
        database,
        select(assignments.c.status, assignments.c.removed_reason).where(
            assignments.c.id == neighbour["assignment_id"]
        ),
    )
    assert removed == [{"status": "removed", "removed_reason": "struck"}]
    again = officer.get(f"{API}/officer/bundle").json()
    assert neighbour["household_id"] not in {a["household_id"] for a in again["assignments"]}
    assert listed(again, NEIGHBOUR)["listing"] == "moved"
    assert listed(again, FAMILY)["listing"] == "corrected"


def test_a_household_found_in_the_field_is_created_and_interviewed_in_one_batch(
    officer: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    area_id = bundle["areas"][0]["id"]
    found = new_household(area_id)
    document = {
        "questionnaire_id": "sp2020",
        "questionnaire_version": "2020.1",
        "household": document_for(bundle, FAMILY)["household"],
        "members": [
            {
                "member_id": f"n-{new_id()}",
                "presence": "new",
                "answers": document_for(bundle, FAMILY)["members"][0]["answers"]
                | {"alasan_baru": 2, "punya_nik": True, "lama_tinggal": 3},
            }
        ],
    }
    # The device may list the interview before the household: the server stores households
    # found in the field first.
    answer = sync(officer, interview(found["assignment_id"], document), found)

    assert statuses(answer) == ["stored", "stored"], answer
    household = rows(
        database,
        select(households).where(households.c.provisional_id == found["provisional_id"]),
    )[0]
    assert household["source"] == "field_found"
    assert household["needs_verification"] is True
    assert household["kk"] is None
    assert (household["rt"], household["rw"]) == ("004", "002")
    again = officer.get(f"{API}/officer/bundle").json()
    entry = next(
        h for h in again["areas"][0]["households"] if h["provisional_id"] == found["provisional_id"]
    )
    assert entry["assignment_id"] == found["assignment_id"]


def test_a_provisional_id_or_kk_already_taken_is_refused(
    officer: TestClient, bundle: dict[str, Any]
) -> None:
    area_id = bundle["areas"][0]["id"]
    first = new_household(area_id)
    sync(officer, first)

    answer = sync(
        officer,
        new_household(area_id, provisional_id=first["provisional_id"]),
        new_household(area_id, kk=FAMILY.kk),
        new_household(999_999),
    )

    assert [r["error"]["code"] for r in answer["results"]] == [
        "provisional_id_taken",
        "kk_already_registered",
        "area_not_found",
    ]


def test_a_record_id_reused_for_other_data_is_refused(
    officer: TestClient, bundle: dict[str, Any]
) -> None:
    record = visit(assignment_of(bundle, FAMILY)["assignment_id"], "refused")
    sync(officer, record)
    changed = copy.deepcopy(record) | {"outcome": "vacant"}
    twice_in_batch = visit(assignment_of(bundle, NEIGHBOUR)["assignment_id"], "refused")

    answer = sync(officer, changed, twice_in_batch, twice_in_batch)

    assert statuses(answer) == ["rejected", "stored", "duplicate"]
    assert answer["results"][0]["error"]["code"] == "record_id_reused"
    assert answer["results"][2]["detail"] == {"same_as_index": 1}


def test_visits_move_an_assignment_forward_and_the_latest_counts(
    officer: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    neighbour = assignment_of(bundle, NEIGHBOUR)["assignment_id"]
    later = visit(neighbour, "vacant", recorded_at="2026-09-05T08:00:00+08:00")
    earlier = visit(neighbour, "nobody_home", recorded_at="2026-09-04T08:00:00+08:00")

    sync(officer, later, earlier)  # out of order, as a device may send them

    row = rows(database, select(assignments).where(assignments.c.id == neighbour))[0]
    assert row["status"] == "completed"
    assert row["last_outcome"] == "vacant"
    assert row["revisit_at"] is None


def test_a_batch_too_large_is_refused_whole(officer: TestClient, bundle: dict[str, Any]) -> None:
    record = visit(assignment_of(bundle, FAMILY)["assignment_id"], "refused")
    response = officer.post(f"{API}/officer/sync", json={"records": [record] * 501})
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["path"] == "records"
