"""A household the registry does not know registers itself, marked for verification
(ADR 0006); the answer never says whether a KK is known (ADR 0013)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from sensus.domain.identity import FEMALE, MALE, make_kk, make_nik
from sensus.storage import households as store
from sensus.storage.database import Database
from tests.documents import QUESTIONNAIRE, household_answers, member, person_answers
from tests.integration.api.helpers import (
    PASSWORD,
    SELF,
    TestClient,
    complete_document,
    error_code,
    field_codes,
    household_row,
    row_counts,
    sign_in,
)
from tests.registry_files import DISTRICT, FAMILY, VILLAGE, Person, RegistryHousehold

# A young couple with a new family card the registry extract does not have yet.
HUSBAND = Person(
    make_nik(DISTRICT, date(1998, 4, 9), MALE, 31), "Ahmad", MALE, "Banjarmasin",
    date(1998, 4, 9), 1, 1, 2,
)  # fmt: skip
WIFE = Person(
    make_nik(DISTRICT, date(2000, 6, 1), FEMALE, 32), "Nur", FEMALE, "Martapura",
    date(2000, 6, 1), 3, 1, 2,
)  # fmt: skip
NEW_CARD = RegistryHousehold(
    make_kk(DISTRICT, date(2026, 2, 1), 40), "Jl. Baru No. 3", "007", "003", VILLAGE,
    (HUSBAND, WIFE),
)  # fmt: skip


def registration(**changes: str) -> dict[str, str]:
    body = {
        "kk": NEW_CARD.kk,
        "nik": HUSBAND.nik,
        "password": PASSWORD,
        "village_code": VILLAGE,
        "address": NEW_CARD.address,
        "rt": "7",
        "rw": "3",
    }
    return body | changes


def register(client: TestClient, **changes: str) -> Any:
    return client.post(f"{SELF}/registrations", json=registration(**changes))


def test_an_unknown_household_registers_and_is_marked_for_verification(
    client: TestClient, database: Database
) -> None:
    response = register(client)
    assert response.status_code == 201
    assert response.json() == {
        "ref": f"h{household_row(database, NEW_CARD)['id']}",
        "kk_masked": "*" * 12 + NEW_CARD.kk[-4:],
        "address": NEW_CARD.address,
        "rt": "007",  # padded as the registry import stores them
        "rw": "003",
        "village_code": VILLAGE,
        "source": "self_registered",
        "needs_verification": True,
        "status": "not_started",
    }
    row = household_row(database, NEW_CARD)
    assert (row["source"], row["needs_verification"], row["registrant_nik"]) == (
        "self_registered",
        True,
        HUSBAND.nik,
    )
    actions = [e["action"] for e in store.audit_entries(database, row["id"])]
    assert actions == ["household_registered"]


def test_registering_opens_a_session_on_an_empty_roster(client: TestClient) -> None:
    assert "sensus_session" in register(client).cookies
    view = client.get(f"{SELF}/household").json()
    assert view["registry_members"] == []
    assert view["household"]["needs_verification"] is True


def test_a_registered_household_submits_its_members_as_new(client: TestClient) -> None:
    # Not asked why they joined (alasan_baru): new to the registry, not to the household.
    register(client)
    document = {
        **QUESTIONNAIRE,
        "household": household_answers(NEW_CARD),
        "members": [
            member(f"n-{uuid.uuid4()}", person_answers(p) | {"punya_nik": True}, "new")
            for p in NEW_CARD.members
        ],
    }
    body = {"submission_id": str(uuid.uuid4()), "document": document}
    response = client.post(f"{SELF}/submissions", json=body)
    assert response.status_code == 201, response.text
    assert response.json()["members_present"] == 2


def test_a_new_member_of_a_registry_household_is_asked_why_they_joined(
    client: TestClient,
) -> None:
    sign_in(client)
    document = complete_document(client)
    newcomer = person_answers(WIFE) | {"punya_nik": True, "hubungan": 9}
    document["members"].append(member(f"n-{uuid.uuid4()}", newcomer, "new"))
    body = {"submission_id": str(uuid.uuid4()), "document": document}
    response = client.post(f"{SELF}/submissions", json=body)
    assert response.status_code == 422, response.text
    where = len(document["members"]) - 1
    assert field_codes(response) == [(f"members/{where}/alasan_baru", "required")]


def test_the_registrant_signs_in_later_with_the_password_and_nobody_else_does(
    make_client: Any,
) -> None:
    register(make_client())
    again = {"kk": NEW_CARD.kk, "nik": HUSBAND.nik, "password": PASSWORD}
    assert make_client().post(f"{SELF}/session", json=again).status_code == 200
    other = again | {"nik": WIFE.nik}  # not in any registry: only the registrant is known
    response = make_client().post(f"{SELF}/session", json=other)
    assert response.status_code == 401
    assert error_code(response) == "identification_failed"


def test_registering_a_kk_the_registry_has_answers_as_for_a_new_kk_and_opens_nothing_of_it(
    make_client: Any, database: Database
) -> None:
    # The answer must not confirm that a KK exists (ADR 0013): a registration with a KK the
    # registry has, and a NIK not on its card, is a separate claim for an officer to verify.
    new = register(make_client())
    existing = make_client()
    response = register(existing, kk=FAMILY.kk, nik=WIFE.nik)
    assert response.status_code == new.status_code == 201
    shape = {k: v for k, v in new.json().items() if k not in ("ref", "kk_masked")}
    assert {k: v for k, v in response.json().items() if k not in ("ref", "kk_masked")} == shape
    assert response.json()["kk_masked"] == "*" * 12 + FAMILY.kk[-4:]
    assert "sensus_session" in response.cookies
    view = existing.get(f"{SELF}/household").json()
    assert view["registry_members"] == []  # nothing of the registry household is shown
    assert view["household"]["needs_verification"] is True
    family = household_row(database, FAMILY)
    assert (family["source"], family["password_hash"]) == ("registry", None)


def test_registering_an_already_registered_kk_answers_as_for_a_new_kk(
    make_client: Any, database: Database
) -> None:
    assert register(make_client()).status_code == 201
    response = register(make_client(), nik=WIFE.nik, password="another-password")
    assert response.status_code == 201
    assert household_row(database, NEW_CARD)["registrant_nik"] == HUSBAND.nik


def test_registering_with_a_pair_that_already_identifies_a_household_says_to_sign_in(
    client: TestClient, database: Database
) -> None:
    before = row_counts(database)
    response = register(client, kk=FAMILY.kk, nik=FAMILY.members[0].nik)
    assert response.status_code == 409
    assert error_code(response) == "kk_already_registered"
    assert "set-cookie" not in response.headers
    assert row_counts(database) == before


def test_a_registration_retried_after_its_answer_was_lost_enters_the_same_household_once(
    make_client: Any, database: Database
) -> None:
    # The phone sent it, the server stored it, the answer never arrived: the client's retry
    # (same body) must get the first outcome, not "already registered", and store nothing new.
    first = register(make_client())
    assert first.status_code == 201
    after_first = row_counts(database)
    retry = make_client()
    again = register(retry)
    assert again.status_code == 201, again.text
    assert again.json() == first.json()
    assert "sensus_session" in again.cookies
    assert retry.get(f"{SELF}/household").json()["household"]["ref"] == first.json()["ref"]
    assert row_counts(database) | {"audit_log": 0} == after_first | {"audit_log": 0}


def test_a_registration_of_a_registered_pair_with_another_password_is_refused(
    make_client: Any, database: Database
) -> None:
    assert register(make_client()).status_code == 201
    before = row_counts(database)
    response = register(make_client(), password="not-the-registrants-password")
    assert response.status_code == 409
    assert error_code(response) == "kk_already_registered"
    assert "set-cookie" not in response.headers
    assert row_counts(database) == before


def test_a_squatted_kk_does_not_keep_the_real_family_out(make_client: Any) -> None:
    register(make_client(), nik=WIFE.nik, password="a-strangers-password")  # a stranger first
    family = make_client()
    assert register(family).status_code == 201
    again = {"kk": NEW_CARD.kk, "nik": HUSBAND.nik, "password": PASSWORD}
    assert make_client().post(f"{SELF}/session", json=again).status_code == 200


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"village_code": "6371011999"}, [("village_code", "invalid_region")]),
        ({"village_code": "637101"}, [("village_code", "string_pattern_mismatch")]),
        ({"rt": "1234"}, [("rt", "string_pattern_mismatch")]),
        ({"kk": "12345"}, [("kk", "format")]),
        ({"password": "pendek"}, [("password", "too_short")]),
    ],
)
def test_a_registration_with_a_wrong_field_is_refused_and_nothing_is_stored(
    client: TestClient,
    database: Database,
    changes: dict[str, str],
    expected: list[tuple[str, str]],
) -> None:
    before = row_counts(database)
    response = register(client, **changes)
    assert response.status_code == 422
    assert field_codes(response) == expected
    assert row_counts(database) == before
