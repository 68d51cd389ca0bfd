"""A draft is the signed-in household's alone: a save meant for another household is refused,
and so is a roster that claims a member of another household's family card (issue 8)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sensus.storage.database import Database
from tests.documents import Document
from tests.integration.api.helpers import (
    SELF,
    TestClient,
    error_code,
    field_codes,
    household_row,
    row_counts,
    sign_in,
)
from tests.registry_files import NEIGHBOUR

ADDED = "n-0b6f3c1e-2d4a-4f5b-8c9d-7e6f5a4b3c2d"  # a member the household adds


def draft(member_id: str = ADDED, presence: str = "new") -> Document:
    return {
        "questionnaire_id": "sp2020",
        "questionnaire_version": "2020.1",
        "household": {"status_rumah": 1},
        "members": [{"member_id": member_id, "presence": presence, "answers": {"nama": "Budi"}}],
    }


def own_ref(database: Database) -> str:
    return f"h{household_row(database)['id']}"


def put(client: TestClient, document: Document, ref: str | None = None) -> Any:
    headers = {} if ref is None else {"X-Sensus-Household": ref}
    return client.put(f"{SELF}/draft", json={"version": 0, "document": document}, headers=headers)


def test_a_whole_draft_meant_for_another_household_is_refused(
    signed_in: TestClient, database: Database
) -> None:
    before = row_counts(database), household_row(database)
    response = put(signed_in, draft(), ref="h999999")
    assert response.status_code == 409
    assert error_code(response) == "other_household"
    assert (row_counts(database), household_row(database)) == before
    assert put(signed_in, draft(), ref=own_ref(database)).json() == {"version": 1}


def neighbours_member_id(make_client: Callable[..., TestClient]) -> str:
    neighbour = make_client()
    sign_in(neighbour, NEIGHBOUR)
    member_id: str = neighbour.get(f"{SELF}/household").json()["registry_members"][0]["member_id"]
    return member_id


def test_a_whole_draft_claiming_a_member_of_another_card_is_refused(
    make_client: Callable[..., TestClient], database: Database
) -> None:
    stranger = neighbours_member_id(make_client)
    family = make_client()
    sign_in(family)
    before = household_row(database)
    response = put(family, draft(stranger, "lives_here"))
    assert response.status_code == 422
    assert field_codes(response) == [("members/0/member_id", "unknown_member")]
    assert household_row(database) == before


def test_a_draft_change_adding_a_member_of_another_card_is_refused(
    make_client: Callable[..., TestClient], database: Database
) -> None:
    stranger = neighbours_member_id(make_client)
    family = make_client()
    sign_in(family)
    before = household_row(database)
    change = {"path": f"members/{stranger}", "value": {"presence": "lives_here", "answers": {}}}
    response = family.patch(f"{SELF}/draft", json={"base_version": 0, "changes": [change]})
    assert response.status_code == 422, response.text
    assert ("members/0/member_id", "unknown_member") in field_codes(response)
    assert household_row(database) == before
