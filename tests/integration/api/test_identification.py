"""Identification with KK + NIK: one generic answer for any mismatch, format errors per field,
a wait per KK number that the clock lifts, a limit on failures per address (ADR 0013)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sensus.domain.identity import MALE, make_kk, make_nik
from sensus.storage.database import Database
from tests.integration.api.helpers import (
    PASSWORD,
    SELF,
    FakeClock,
    TestClient,
    credentials,
    error_code,
    field_codes,
    row_counts,
    sign_in,
)
from tests.registry_files import DISTRICT, FAMILY, NEIGHBOUR

# Well-formed numbers the registry does not have.
UNKNOWN_KK = make_kk(DISTRICT, FAMILY.members[0].birth_date.replace(year=2016), 99)
UNKNOWN_NIK = make_nik(DISTRICT, FAMILY.members[0].birth_date, MALE, 77)


def identify(client: TestClient, kk: str, nik: str) -> Any:
    return client.post(f"{SELF}/identify", json={"kk": kk, "nik": nik})


def test_a_member_of_the_family_card_identifies_the_household(client: TestClient) -> None:
    for member in range(len(FAMILY.members)):
        response = client.post(f"{SELF}/identify", json=credentials(FAMILY, member))
        assert response.status_code == 200
        assert response.json() == {"password_set": False}


@pytest.mark.parametrize(
    ("kk", "nik"),
    [
        (FAMILY.kk, UNKNOWN_NIK),  # a NIK nobody has
        (FAMILY.kk, NEIGHBOUR.members[0].nik),  # someone else's NIK
        (UNKNOWN_KK, FAMILY.members[0].nik),  # a KK nobody has
        (UNKNOWN_KK, UNKNOWN_NIK),  # both
    ],
)
def test_any_mismatch_gets_the_same_answer_whichever_number_is_wrong(
    client: TestClient, kk: str, nik: str
) -> None:
    response = client.post(f"{SELF}/identify", json={"kk": kk, "nik": nik})
    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "code": "identification_failed",
            "message_id": "Nomor KK dan NIK tidak cocok dengan data kami. "
            "Periksa kembali kedua nomor.",
            "message_en": "The KK number and NIK do not match our records. "
            "Please check both numbers.",
            "fields": [],
        }
    }


def test_signing_in_with_a_mismatch_gets_the_same_generic_answer(client: TestClient) -> None:
    body = {"kk": FAMILY.kk, "nik": UNKNOWN_NIK, "password": PASSWORD}
    response = client.post(f"{SELF}/session", json=body)
    assert response.status_code == 401
    assert error_code(response) == "identification_failed"
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize(
    ("kk", "nik", "expected"),
    [
        ("123", FAMILY.members[0].nik, [("kk", "format")]),
        (FAMILY.kk, "63710112O5800001", [("nik", "format")]),  # a letter O
        ("6371010203150017 ", FAMILY.members[0].nik, [("kk", "format")]),
        ("", "", [("kk", "format"), ("nik", "format")]),
        ("9999990203150017", FAMILY.members[0].nik, [("kk", "unknown_region")]),
        (FAMILY.kk, "6371019999800001", [("nik", "invalid_date")]),
        (FAMILY.kk, "6371011205800000", [("nik", "invalid_serial")]),
    ],
)
def test_a_number_that_cannot_be_a_kk_or_nik_is_reported_on_its_field(
    client: TestClient, kk: str, nik: str, expected: list[tuple[str, str]]
) -> None:
    response = client.post(f"{SELF}/identify", json={"kk": kk, "nik": nik})
    assert response.status_code == 422
    assert error_code(response) == "validation_failed"
    assert field_codes(response) == expected
    for field in response.json()["error"]["fields"]:
        assert field["message_id"] and field["message_en"]
    for number in (kk, nik):
        assert not number.strip() or number.strip() not in response.text  # never echoed


def test_a_missing_number_is_reported_on_its_field(client: TestClient) -> None:
    response = client.post(f"{SELF}/identify", json={"kk": FAMILY.kk})
    assert response.status_code == 422
    assert field_codes(response) == [("nik", "missing")]


def test_a_number_sent_as_a_json_number_is_refused_as_not_text(client: TestClient) -> None:
    response = client.post(f"{SELF}/identify", json={"kk": int(FAMILY.kk), "nik": "1"})
    assert response.status_code == 422
    assert ("kk", "string_type") in field_codes(response)


def test_a_failed_identification_of_an_unknown_kk_stores_nothing(
    client: TestClient, database: Database
) -> None:
    before = row_counts(database)
    assert identify(client, UNKNOWN_KK, UNKNOWN_NIK).status_code == 401
    assert row_counts(database) == before


# -- the wait after the free attempts (more in test_door.py) ----------------------------------


def test_the_fifth_failure_makes_the_kk_wait_even_for_the_right_nik(client: TestClient) -> None:
    for _ in range(5):
        assert identify(client, FAMILY.kk, UNKNOWN_NIK).status_code == 401
    response = client.post(f"{SELF}/identify", json=credentials(FAMILY))
    assert response.status_code == 429
    assert error_code(response) == "too_many_attempts"
    assert response.headers["retry-after"] == "30"


def test_four_failures_do_not_hold_and_a_sign_in_starts_the_count_again(
    client: TestClient,
) -> None:
    for _ in range(4):
        identify(client, FAMILY.kk, UNKNOWN_NIK)
    assert failures(client) == 4
    sign_in(client)
    assert failures(client) == 0
    client.cookies.clear()  # a stranger's device again
    for _ in range(4):
        identify(client, FAMILY.kk, UNKNOWN_NIK)
    assert client.post(f"{SELF}/identify", json=credentials(FAMILY)).status_code == 200


def test_a_right_pair_is_not_a_success_that_clears_the_count(client: TestClient) -> None:
    # KK and NIK are on the card: knowing them must not buy more password guesses.
    sign_in(client)
    client.cookies.clear()
    wrong = credentials(FAMILY) | {"password": "bukan-kata-sandinya"}
    for _ in range(4):
        assert client.post(f"{SELF}/session", json=wrong).status_code == 401
        assert client.post(f"{SELF}/identify", json=credentials(FAMILY)).status_code == 200
    assert client.post(f"{SELF}/session", json=wrong).status_code == 401
    assert client.post(f"{SELF}/session", json=wrong).status_code == 429


def test_the_wait_lifts_when_its_time_has_passed(client: TestClient, clock: FakeClock) -> None:
    for _ in range(5):
        identify(client, FAMILY.kk, UNKNOWN_NIK)
    clock.advance(seconds=29)
    assert client.post(f"{SELF}/identify", json=credentials(FAMILY)).status_code == 429
    clock.advance(seconds=2)
    assert client.post(f"{SELF}/identify", json=credentials(FAMILY)).status_code == 200


def test_the_wait_follows_the_settings(
    make_client: Callable[..., TestClient], clock: FakeClock
) -> None:
    client = make_client(lockout_attempts=2, lockout_first_delay_seconds=600)
    for _ in range(2):
        identify(client, FAMILY.kk, UNKNOWN_NIK)
    clock.advance(minutes=9)
    assert client.post(f"{SELF}/identify", json=credentials(FAMILY)).status_code == 429
    clock.advance(minutes=2)
    assert client.post(f"{SELF}/identify", json=credentials(FAMILY)).status_code == 200


def test_a_waiting_kk_does_not_hold_another_household(client: TestClient) -> None:
    for _ in range(5):
        identify(client, FAMILY.kk, UNKNOWN_NIK)
    assert client.post(f"{SELF}/identify", json=credentials(NEIGHBOUR)).status_code == 200


def test_wrong_passwords_count_towards_the_wait(make_client: Callable[..., TestClient]) -> None:
    sign_in(make_client())
    client = make_client()  # a device that never signed in to the household
    wrong = credentials(FAMILY) | {"password": "bukan-kata-sandinya"}
    for _ in range(5):
        assert client.post(f"{SELF}/session", json=wrong).status_code == 401
    right = credentials(FAMILY) | {"password": PASSWORD}
    response = client.post(f"{SELF}/session", json=right)
    assert response.status_code == 429
    assert "set-cookie" not in response.headers


def test_attempts_while_waiting_do_not_extend_the_wait(
    client: TestClient, clock: FakeClock
) -> None:
    for _ in range(5):
        identify(client, FAMILY.kk, UNKNOWN_NIK)
    clock.advance(seconds=20)
    assert identify(client, FAMILY.kk, UNKNOWN_NIK).status_code == 429
    clock.advance(seconds=11)
    assert client.post(f"{SELF}/identify", json=credentials(FAMILY)).status_code == 200


# -- per-client address ------------------------------------------------------------------------


def test_one_address_trying_many_kks_is_refused_past_its_failures_per_hour(
    make_client: Callable[..., TestClient], clock: FakeClock
) -> None:
    client = make_client(address_failures_per_hour=60)
    kks = [make_kk(DISTRICT, FAMILY.members[0].birth_date, n) for n in range(1, 62)]
    statuses = [identify(client, kk, UNKNOWN_NIK).status_code for kk in kks]
    assert statuses == [401] * 60 + [429]
    clock.advance(hours=1)
    assert identify(client, kks[-1], UNKNOWN_NIK).status_code == 401


def failures(client: TestClient, kk: str = FAMILY.kk) -> int:
    """The failures counted against the KK number."""
    count: int = client.app.state.services.access.failures(kk)  # type: ignore[attr-defined]
    return count
