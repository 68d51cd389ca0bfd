"""Text answers never carry control characters: a NUL in a name is refused as a field error,
in a draft and in a submission, and nothing of it is stored (issue 8)."""

from __future__ import annotations

import json
import uuid

import pytest

from sensus.storage.database import Database
from tests.integration.api.helpers import (
    SELF,
    TestClient,
    complete_document,
    field_codes,
    household_row,
    row_counts,
)

BAD_NAMES = ["Budi\x00Santoso", "Budi\x1b[2J", "Budi\rSantoso", "Budi\x85", "Budi \ud800"]


def head_id(client: TestClient) -> str:
    member_id: str = client.get(f"{SELF}/household").json()["registry_members"][0]["member_id"]
    return member_id


@pytest.mark.parametrize("name", BAD_NAMES, ids=repr)
def test_a_draft_with_a_control_character_in_a_name_is_refused(
    signed_in: TestClient, database: Database, name: str
) -> None:
    before = household_row(database)
    answers = {"nama": name, "hubungan": 1}
    change = {
        "path": f"members/{head_id(signed_in)}",
        "value": {"presence": "lives_here", "answers": answers},
    }
    body = {"base_version": 0, "changes": [change]}
    # As JSON's \uXXXX escapes, the way a page sends them (and the only way for half a pair).
    response = signed_in.patch(
        f"{SELF}/draft", content=json.dumps(body), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert field_codes(response) == [("members/0/nama", "invalid_character")]
    assert household_row(database) == before


def test_tab_and_newline_are_kept_in_a_text_answer(signed_in: TestClient) -> None:
    change = {"path": "household/alamat_domisili", "value": "Jl. Mantuil\n\tRT 004"}
    response = signed_in.patch(f"{SELF}/draft", json={"base_version": 0, "changes": [change]})
    assert response.json() == {"version": 1}


def test_a_submission_with_a_nul_in_a_name_is_refused(
    signed_in: TestClient, database: Database
) -> None:
    document = complete_document(signed_in)
    document["members"][1]["answers"]["nama"] = "Siti\x00"
    before = row_counts(database)
    response = signed_in.post(
        f"{SELF}/submissions", json={"submission_id": str(uuid.uuid4()), "document": document}
    )
    assert response.status_code == 422, response.text
    assert ("members/1/nama", "invalid_character") in field_codes(response)
    assert row_counts(database) == before
