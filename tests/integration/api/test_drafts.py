"""The household view and its draft: pre-filled from the registry, saved with versions, and
a stale save answered 409 with the current draft, never a silent overwrite."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sensus.storage.database import Database
from tests.documents import Document
from tests.integration.api.helpers import (
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


def save(client: TestClient, version: int, document: Document) -> Any:
    return client.put(f"{SELF}/draft", json={"version": version, "document": document})


ADDED = "n-0b6f3c1e-2d4a-4f5b-8c9d-7e6f5a4b3c2d"


def partial(name: str = "Budi Santoso") -> Document:
    return {
        "questionnaire_id": "sp2020",
        "questionnaire_version": "2020.1",
        "household": {"status_rumah": 1},
        # A member the household adds: a registry id would have to be one of its own card's.
        "members": [{"member_id": ADDED, "presence": "new", "answers": {"nama": name}}],
    }


def test_the_household_is_pre_filled_from_the_registry(signed_in: TestClient) -> None:
    view = signed_in.get(f"{SELF}/household").json()
    assert (view["draft"], view["draft_version"], view["receipt"]) == (None, 0, None)
    assert view["household"]["village_code"] == FAMILY.village_code
    head = view["registry_members"][0]
    assert head["member_id"].startswith("r")
    assert {k: v for k, v in head.items() if k != "member_id"} == {
        "nama": "Budi Santoso",
        "nik": FAMILY.members[0].nik,
        "jenis_kelamin": 1,
        "tempat_lahir": "Banjarmasin",
        "tanggal_lahir": "1980-05-12",
        "hubungan": 1,
        "agama": 1,
        "status_kawin": 2,
    }
    assert [m["nama"] for m in view["registry_members"]] == [p.name for p in FAMILY.members]


def test_a_draft_is_saved_with_a_new_version_and_read_back(
    signed_in: TestClient, database: Database
) -> None:
    response = signed_in.put(f"{SELF}/draft", json={"version": 0, "document": partial()})
    assert response.status_code == 200
    assert response.json() == {"version": 1}
    view = signed_in.get(f"{SELF}/household").json()
    assert (view["draft"], view["draft_version"]) == (partial(), 1)
    assert view["household"]["status"] == "in_progress"
    assert household_row(database)["status"] == "in_progress"


def test_each_save_takes_the_version_it_was_given_plus_one(signed_in: TestClient) -> None:
    for version in range(3):
        response = signed_in.put(
            f"{SELF}/draft", json={"version": version, "document": partial(f"Budi {version}")}
        )
        assert response.json() == {"version": version + 1}


def test_a_stale_save_gets_409_with_the_current_draft_and_changes_nothing(
    make_client: Callable[..., TestClient], database: Database
) -> None:
    phone, tablet = make_client(), make_client()
    sign_in(phone)
    sign_in(tablet)
    assert phone.put(f"{SELF}/draft", json={"version": 0, "document": partial("A")}).json() == {
        "version": 1
    }
    stored = household_row(database)["draft"]
    response = tablet.put(f"{SELF}/draft", json={"version": 0, "document": partial("B")})
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "stale_draft"
    assert error["detail"] == {"version": 1, "document": partial("A"), "conflicts": []}
    assert error["message_id"] and error["message_en"]
    assert household_row(database)["draft"] == stored
    # The tablet, having seen version 1, may save over it.
    retry = tablet.put(f"{SELF}/draft", json={"version": 1, "document": partial("B")})
    assert retry.json() == {"version": 2}


def test_a_save_from_a_version_ahead_of_the_server_is_stale_too(signed_in: TestClient) -> None:
    response = signed_in.put(f"{SELF}/draft", json={"version": 5, "document": partial()})
    assert response.status_code == 409
    assert response.json()["error"]["detail"] == {"version": 0, "document": None, "conflicts": []}


def test_a_draft_with_answers_of_the_wrong_type_is_refused_and_not_stored(
    signed_in: TestClient, database: Database
) -> None:
    save(signed_in, 0, partial())
    before = household_row(database)
    document = partial()
    document["household"]["jamban"] = "satu"
    document["members"][0]["answers"]["hobi"] = "memancing"
    response = signed_in.put(f"{SELF}/draft", json={"version": 1, "document": document})
    assert response.status_code == 422
    assert field_codes(response) == [
        ("household/jamban", "invalid_type"),
        ("members/0/hobi", "unknown_field"),
    ]
    assert household_row(database) == before


def test_a_draft_is_stored_as_canonical_json(signed_in: TestClient, database: Database) -> None:
    # Sorted keys, no spaces: two equal drafts are equal bytes.
    save(signed_in, 0, partial())
    stored = household_row(database)["draft"]
    assert stored == json.dumps(
        partial(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def test_a_draft_body_with_unknown_fields_or_a_negative_version_is_refused(
    signed_in: TestClient,
) -> None:
    extra = signed_in.put(
        f"{SELF}/draft", json={"version": 0, "document": partial(), "force": True}
    )
    assert extra.status_code == 422
    assert field_codes(extra) == [("force", "extra_forbidden")]
    negative = signed_in.put(f"{SELF}/draft", json={"version": -1, "document": partial()})
    assert field_codes(negative) == [("version", "greater_than_equal")]


def test_a_draft_needs_a_session(client: TestClient, database: Database) -> None:
    before = row_counts(database)
    response = client.put(f"{SELF}/draft", json={"version": 0, "document": partial()})
    assert response.status_code == 401
    assert row_counts(database) == before


def test_a_submitted_household_takes_no_more_drafts(
    signed_in: TestClient, database: Database
) -> None:
    document = complete_document(signed_in)
    submitted = signed_in.post(
        f"{SELF}/submissions",
        json={"submission_id": "4b1d0c5e-8f3a-4c2e-9a7b-1e2d3c4b5a69", "document": document},
    )
    assert submitted.status_code == 201
    before = household_row(database)
    response = signed_in.put(f"{SELF}/draft", json={"version": 0, "document": partial()})
    assert response.status_code == 409
    assert error_code(response) == "already_submitted"
    assert (
        response.json()["error"]["detail"]["receipt"]["receipt_code"]
        == submitted.json()["receipt_code"]
    )
    assert household_row(database) == before


def test_a_draft_after_the_window_closed_is_refused(
    make_client: Callable[..., TestClient], clock: FakeClock, database: Database
) -> None:
    # Signed in on the last evening; the window closes while the session still holds.
    signed_in = make_client(self_response_closes=clock.now + timedelta(hours=1))
    sign_in(signed_in)
    clock.advance(hours=2)
    before = household_row(database)
    response = signed_in.put(f"{SELF}/draft", json={"version": 0, "document": partial()})
    assert response.status_code == 403
    assert error_code(response) == "window_closed"
    assert household_row(database) == before
