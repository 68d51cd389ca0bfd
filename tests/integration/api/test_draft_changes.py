"""Draft sync by small messages (PATCH /self-response/draft, ADR 0010): changes applied to the
draft of the version a device last saw, a stale version answered 409 with the server's draft
for the device to merge, and nothing stored from a refused change."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sensus.storage.database import Database
from tests.integration.api.helpers import (
    CLOSES,
    SELF,
    FakeClock,
    TestClient,
    complete_document,
    error_code,
    field_codes,
    household_row,
    row_counts,
    sign_in,
)
from tests.registry_files import FAMILY

Change = dict[str, Any]


def patch(client: TestClient, base: int, *changes: Change, **extra: Any) -> Any:
    body = {"base_version": base, "changes": list(changes)} | extra
    return client.patch(f"{SELF}/draft", json=body)


def stored_draft(database: Database) -> Any:
    return json.loads(household_row(database)["draft"])


def head_id(client: TestClient) -> str:
    member_id: str = client.get(f"{SELF}/household").json()["registry_members"][0]["member_id"]
    return member_id


def head(client: TestClient) -> Change:
    """The head as a first save carries him: his registry answers and his presence."""
    member_id = head_id(client)
    answers = {"nama": "Budi Santoso", "hubungan": 1}
    return {"path": f"members/{member_id}", "value": {"presence": "lives_here", "answers": answers}}


def test_the_first_save_builds_the_draft_from_changes(
    signed_in: TestClient, database: Database
) -> None:
    response = patch(signed_in, 0, {"path": "household/status_rumah", "value": 1}, head(signed_in))
    assert response.status_code == 200
    assert response.json() == {"version": 1}
    assert stored_draft(database) == {
        "questionnaire_id": "sp2020",
        "questionnaire_version": "2020.1",
        "household": {"status_rumah": 1},
        "members": [
            {
                "member_id": head_id(signed_in),
                "presence": "lives_here",
                "answers": {"nama": "Budi Santoso", "hubungan": 1},
            }
        ],
    }
    assert household_row(database)["status"] == "in_progress"


def test_one_answer_changes_one_answer_and_null_removes_one(
    signed_in: TestClient, database: Database
) -> None:
    member = head_id(signed_in)
    patch(signed_in, 0, {"path": "household/jamban", "value": 2}, head(signed_in))
    response = patch(
        signed_in,
        1,
        {"path": f"members/{member}/answers/lama_tinggal", "value": 11},
        {"path": f"members/{member}/answers/nama", "value": None},
        {"path": "household/jamban", "value": None},
    )
    assert response.json() == {"version": 2}
    draft = stored_draft(database)
    assert draft["household"] == {}
    assert draft["members"][0]["answers"] == {"hubungan": 1, "lama_tinggal": 11}


def test_members_are_named_by_id_so_adding_and_removing_agrees_across_devices(
    signed_in: TestClient, database: Database
) -> None:
    baby = "n-1b4e28ba-2fa1-4d2b-9b1a-7c1b7c0e2b11"
    added = {"path": f"members/{baby}", "value": {"presence": "new", "answers": {"nama": "Bayi"}}}
    patch(signed_in, 0, head(signed_in), added)
    moved = {"path": f"members/{head_id(signed_in)}/presence", "value": "moved_away"}
    assert patch(signed_in, 1, moved).json() == {"version": 2}
    assert [m["presence"] for m in stored_draft(database)["members"]] == ["moved_away", "new"]
    assert patch(signed_in, 2, {"path": f"members/{baby}", "value": None}).status_code == 200
    assert [m["member_id"] for m in stored_draft(database)["members"]] == [head_id(signed_in)]


def test_a_stale_base_version_gets_409_with_the_current_draft_and_changes_nothing(
    make_client: Callable[..., TestClient], database: Database
) -> None:
    phone, tablet = make_client(), make_client()
    sign_in(phone)
    sign_in(tablet)
    assert patch(phone, 0, head(phone)).json() == {"version": 1}
    before = household_row(database)
    response = patch(tablet, 0, {"path": "household/jamban", "value": 1})
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "stale_draft"
    assert error["detail"] == {"version": 1, "document": stored_draft(database), "conflicts": []}
    assert household_row(database) == before
    # Merged on the tablet, its changes go again on the version it now knows.
    assert patch(tablet, 1, {"path": "household/jamban", "value": 1}).json() == {"version": 2}


def test_a_change_that_cannot_be_applied_is_refused_and_nothing_is_stored(
    signed_in: TestClient, database: Database
) -> None:
    patch(signed_in, 0, head(signed_in))
    before = household_row(database)
    response = patch(
        signed_in,
        1,
        {"path": "household/jamban", "value": 1},
        {"path": "members/r999999/answers/nama", "value": "Siapa"},
        {"path": "roster/everyone", "value": 1},
        {"path": "members/n-x", "value": {"presence": "new"}},
    )
    assert response.status_code == 422
    assert field_codes(response) == [
        ("changes/1", "unknown_member"),
        ("changes/2", "invalid_change_path"),
        ("changes/3", "invalid_member"),
    ]
    assert household_row(database) == before


def test_changes_that_make_a_wrong_draft_are_refused_with_the_draft_paths(
    signed_in: TestClient, database: Database
) -> None:
    patch(signed_in, 0, head(signed_in))
    before = household_row(database)
    member = head_id(signed_in)
    response = patch(
        signed_in,
        1,
        {"path": "household/jamban", "value": "satu"},
        {"path": f"members/{member}/answers/hobi", "value": "memancing"},
    )
    assert response.status_code == 422
    assert field_codes(response) == [
        ("household/jamban", "invalid_type"),
        ("members/0/hobi", "unknown_field"),
    ]
    assert household_row(database) == before


def test_a_page_made_for_another_questionnaire_version_is_told_to_reload(
    signed_in: TestClient, database: Database
) -> None:
    before = household_row(database)
    response = patch(signed_in, 0, head(signed_in), questionnaire_version="2019.9")
    assert response.status_code == 409
    assert error_code(response) == "questionnaire_changed"
    assert response.json()["error"]["detail"] == {"questionnaire_version": "2020.1"}
    assert household_row(database) == before


def test_a_change_meant_for_another_household_is_refused(
    signed_in: TestClient, database: Database
) -> None:
    before = row_counts(database), household_row(database)
    response = signed_in.patch(
        f"{SELF}/draft",
        json={"base_version": 0, "changes": [head(signed_in)]},
        headers={"X-Sensus-Household": "h999999"},
    )
    assert response.status_code == 409
    assert error_code(response) == "other_household"
    own = f"h{household_row(database)['id']}"
    assert (row_counts(database), household_row(database)) == before
    accepted = signed_in.patch(
        f"{SELF}/draft",
        json={"base_version": 0, "changes": [head(signed_in)]},
        headers={"X-Sensus-Household": own},
    )
    assert accepted.json() == {"version": 1}


def test_a_submission_meant_for_another_household_is_refused(
    signed_in: TestClient, database: Database
) -> None:
    before = row_counts(database)
    response = signed_in.post(
        f"{SELF}/submissions",
        json={
            "submission_id": "0b6f3c1e-2d4a-4f5b-8c9d-7e6f5a4b3c2d",
            "document": complete_document(signed_in),
        },
        headers={"X-Sensus-Household": "h999999"},
    )
    assert response.status_code == 409
    assert error_code(response) == "other_household"
    assert row_counts(database) == before


def test_a_submitted_household_takes_no_changes(signed_in: TestClient, database: Database) -> None:
    submitted = signed_in.post(
        f"{SELF}/submissions",
        json={
            "submission_id": "4b1d0c5e-8f3a-4c2e-9a7b-1e2d3c4b5a69",
            "document": complete_document(signed_in),
        },
    )
    assert submitted.status_code == 201
    before = household_row(database)
    response = patch(signed_in, 0, {"path": "household/jamban", "value": 1})
    assert response.status_code == 409
    assert error_code(response) == "already_submitted"
    assert household_row(database) == before


def test_a_patch_body_is_checked_before_anything_is_applied(signed_in: TestClient) -> None:
    empty = patch(signed_in, 0)
    assert field_codes(empty) == [("changes", "too_short")]
    no_value = signed_in.patch(
        f"{SELF}/draft", json={"base_version": 0, "changes": [{"path": "household/jamban"}]}
    )
    assert field_codes(no_value) == [("changes/0/value", "missing")]
    negative = patch(signed_in, -1, {"path": "household/jamban", "value": 1})
    assert field_codes(negative) == [("base_version", "greater_than_equal")]


def test_changes_need_a_session_and_an_open_window(
    client: TestClient, clock: FakeClock, database: Database
) -> None:
    assert patch(client, 0, {"path": "household/jamban", "value": 1}).status_code == 401
    # Signed in on the window's last evening; it closes while the session still holds.
    clock.now = CLOSES - timedelta(hours=1)
    sign_in(client)
    clock.now = CLOSES
    before = household_row(database)
    response = patch(client, 0, {"path": "household/jamban", "value": 1})
    assert error_code(response) == "window_closed"
    assert household_row(database) == before


def test_an_autosave_of_one_answer_is_a_small_message(signed_in: TestClient) -> None:
    # The wire budget is 2 KB headers included (measured in Chromium: bench/page_budget.py);
    # the body of one answer's change is a small part of it.
    patch(signed_in, 0, head(signed_in))
    body = {
        "base_version": 1,
        "questionnaire_version": "2020.1",
        "changes": [{"path": f"members/{head_id(signed_in)}/answers/lama_tinggal", "value": 11}],
    }
    assert len(json.dumps(body, separators=(",", ":"))) < 150
    assert len(patch(signed_in, 1, *body["changes"]).content) < 20
    assert FAMILY.kk not in json.dumps(body)
