"""NIK, KK and names never go into logs, URLs or error messages (UU 27/2022, issue 8).

A household goes through the door (wrong numbers, a wrong password, the right ones, a
registration of a KK the registry does not have), saves a draft and submits, with every
logger of the process recording at DEBUG; no record of any logger holds a KK, a NIK or a
name. No route of the API takes a KK, NIK or name in its path or query, and no error
answer gives back the numbers it was sent.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

import pytest

from sensus.domain.identity import MALE, make_nik
from tests.integration.api.helpers import (
    PASSWORD,
    SELF,
    TestClient,
    complete_document,
    credentials,
    sign_in,
)
from tests.registry_files import DISTRICT, FAMILY

NEW_KK = "6371010101990099"
NEW_NIK = make_nik(DISTRICT, FAMILY.members[0].birth_date, MALE, 55)
PERSONAL = [
    FAMILY.kk,
    NEW_KK,
    NEW_NIK,
    *(member.nik for member in FAMILY.members),
    *(member.name for member in FAMILY.members),
]


def test_a_household_through_the_door_leaves_nothing_personal_in_any_log(
    make_client: Callable[..., TestClient], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger of the process, at its most talkative
    client = make_client()
    sign_in(client)  # the first sign-in sets the family's password
    wrong_nik = credentials() | {"nik": NEW_NIK}
    guesser = make_client()
    answers = [
        guesser.post(f"{SELF}/identify", json=wrong_nik),
        guesser.post(f"{SELF}/session", json=credentials() | {"password": "not-the-password"}),
        guesser.post(f"{SELF}/identify", json={"kk": FAMILY.kk[:15] + "x", "nik": NEW_NIK}),
    ]
    document = complete_document(client)
    client.put(f"{SELF}/draft", json={"version": 0, "document": document})
    submission = {"submission_id": str(uuid.uuid4()), "document": document}
    assert client.post(f"{SELF}/submissions", json=submission).status_code == 201
    stranger = make_client()
    registration = {
        "kk": NEW_KK,
        "nik": NEW_NIK,
        "password": PASSWORD,
        "village_code": "6371011001",
    }
    stranger.post(
        f"{SELF}/registrations", json=registration | {"address": "Jl. A", "rt": "1", "rw": "2"}
    )

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert caplog.records, "nothing was logged at all: the test would prove nothing"
    assert [value for value in PERSONAL if value in logged] == []
    # The refusals say what is wrong without giving the numbers back.
    for answer in answers:
        assert answer.status_code in (401, 422), (answer.status_code, answer.text)
        assert [value for value in PERSONAL if value in answer.text] == []


def test_no_route_takes_a_kk_a_nik_or_a_name_in_its_url(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    in_urls = [
        (path, parameter["name"])
        for path, operations in spec["paths"].items()
        for operation in operations.values()
        if isinstance(operation, dict)
        for parameter in operation.get("parameters", [])
        if parameter.get("in") in ("path", "query")
        and any(word in parameter["name"].lower() for word in ("kk", "nik", "name", "nama"))
    ]
    assert spec["paths"], "the API describes no route"
    assert in_urls == []
