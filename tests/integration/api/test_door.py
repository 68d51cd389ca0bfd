"""The door (DESIGN.md, ADR 0013): identification answers alike whether or not a KK exists,
failures are counted per KK number in the database and atomically with the check, delays
grow instead of a hard lock, a device that signed in before keeps signing in, and the
per-address limit counts failures only."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import event, select

from sensus.domain import errors
from sensus.domain.identity import make_kk
from sensus.storage.database import Database
from sensus.storage.tables import door_counters
from tests.integration.api.helpers import (
    PASSWORD,
    SELF,
    FakeClock,
    TestClient,
    credentials,
    error_code,
    sign_in,
)
from tests.integration.api.test_identification import UNKNOWN_KK, UNKNOWN_NIK
from tests.registry_files import DISTRICT, FAMILY, NEIGHBOUR


def identify(client: TestClient, kk: str, nik: str = UNKNOWN_NIK) -> Any:
    return client.post(f"{SELF}/identify", json={"kk": kk, "nik": nik})


def attempt(
    client: TestClient, kk: str, nik: str = UNKNOWN_NIK, password: str = "salah-1234"
) -> Any:
    return client.post(f"{SELF}/session", json={"kk": kk, "nik": nik, "password": password})


def answer(response: Any) -> tuple[int, Any, str | None]:
    return response.status_code, response.json(), response.headers.get("retry-after")


# -- the same answer whether or not a KK exists ----------------------------------------------


def test_a_registered_kk_and_an_unknown_kk_answer_alike_attempt_after_attempt(
    make_client: Callable[..., TestClient],
) -> None:
    known = [answer(identify(make_client(), FAMILY.kk)) for _ in range(8)]
    unknown = [answer(identify(make_client(), UNKNOWN_KK)) for _ in range(8)]
    assert known == unknown
    assert [status for status, _, _ in known] == [401] * 5 + [429] * 3


def test_signing_in_answers_alike_for_an_unknown_kk_a_wrong_nik_and_a_wrong_password(
    make_client: Callable[..., TestClient],
) -> None:
    sign_in(make_client())
    unknown = [answer(attempt(make_client(), UNKNOWN_KK)) for _ in range(7)]
    neighbour = [answer(attempt(make_client(), NEIGHBOUR.kk)) for _ in range(7)]
    wrong_password = [
        answer(attempt(make_client(), FAMILY.kk, FAMILY.members[0].nik)) for _ in range(7)
    ]
    assert [s for s, _, _ in unknown] == [s for s, _, _ in neighbour] == [401] * 5 + [429] * 2
    assert unknown == neighbour
    assert [s for s, _, _ in wrong_password] == [401] * 5 + [429] * 2
    assert [r for _, _, r in wrong_password] == [r for _, _, r in unknown]


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", record)


def test_an_unknown_kk_and_a_wrong_nik_cost_the_same_statements_and_hashes(
    make_client: Callable[..., TestClient], database: Database
) -> None:
    sign_in(make_client())  # FAMILY has a password: a wrong one costs a real verification
    client = make_client()
    door = client.app.state.services.access  # type: ignore[attr-defined]
    work = {}
    for name, body in {
        "unknown kk": {"kk": UNKNOWN_KK, "nik": UNKNOWN_NIK},
        "wrong nik": {"kk": FAMILY.kk, "nik": UNKNOWN_NIK},
        "wrong password": credentials(FAMILY),
    }.items():
        hashes = door.passwords.verified
        with statements(database) as seen:
            response = client.post(f"{SELF}/session", json=body | {"password": "salah-1234"})
        assert response.status_code == 401
        work[name] = (seen, door.passwords.verified - hashes)
    assert work["unknown kk"] == work["wrong nik"] == work["wrong password"]
    assert work["unknown kk"][1] == 1  # one (dummy) verification


def test_the_counters_never_hold_a_kk_in_plain(client: TestClient, database: Database) -> None:
    identify(client, FAMILY.kk)
    identify(client, UNKNOWN_KK)
    with database.engine.connect() as conn:
        rows = [str(tuple(row)) for row in conn.execute(select(door_counters))]
    assert rows
    for row in rows:
        assert FAMILY.kk not in row and UNKNOWN_KK not in row


def test_failures_count_across_instances_of_the_application(
    make_client: Callable[..., TestClient],
) -> None:
    first, second = make_client(), make_client()
    for _ in range(5):
        assert identify(first, UNKNOWN_KK).status_code == 401
    assert identify(second, UNKNOWN_KK).status_code == 429


def test_of_forty_simultaneous_wrong_passwords_no_more_than_five_are_checked(
    client: TestClient,
) -> None:
    sign_in(client)
    access = client.app.state.services.access  # type: ignore[attr-defined]
    start = threading.Barrier(40)
    outcomes: list[str] = []

    def guess() -> None:
        start.wait()
        try:
            access.sign_in(FAMILY.kk, FAMILY.members[0].nik, "salah-1234")
        except errors.SensusError as error:
            outcomes.append(error.problem.code)

    threads = [threading.Thread(target=guess) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 40
    assert outcomes.count("wrong_password") == 5
    assert outcomes.count("too_many_attempts") == 35


# -- progressive delays, device cookies ----------------------------------------------------


def test_after_the_free_attempts_each_failure_doubles_the_wait(
    client: TestClient, clock: FakeClock
) -> None:
    for _ in range(5):
        identify(client, UNKNOWN_KK)
    refused = identify(client, UNKNOWN_KK)
    assert refused.status_code == 429
    assert error_code(refused) == "too_many_attempts"
    assert refused.headers["retry-after"] == "30"
    clock.advance(seconds=30)
    assert identify(client, UNKNOWN_KK).status_code == 401  # checked again, then a longer wait
    assert identify(client, UNKNOWN_KK).headers["retry-after"] == "60"
    clock.advance(seconds=60)
    identify(client, UNKNOWN_KK)
    assert identify(client, UNKNOWN_KK).headers["retry-after"] == "120"


def test_the_wait_never_exceeds_the_lockout_minutes(client: TestClient, clock: FakeClock) -> None:
    for _ in range(20):
        identify(client, UNKNOWN_KK)
        clock.advance(minutes=16)
    identify(client, UNKNOWN_KK)
    assert identify(client, UNKNOWN_KK).headers["retry-after"] == str(15 * 60)


def test_a_device_that_signed_in_before_keeps_signing_in_while_strangers_wait(
    make_client: Callable[..., TestClient],
) -> None:
    family_phone = make_client()
    sign_in(family_phone)
    stranger = make_client()
    for _ in range(6):
        attempt(stranger, FAMILY.kk, FAMILY.members[0].nik)
    assert attempt(stranger, FAMILY.kk, FAMILY.members[0].nik).status_code == 429
    right = credentials(FAMILY) | {"password": PASSWORD}
    assert stranger.post(f"{SELF}/session", json=right).status_code == 429
    assert family_phone.post(f"{SELF}/session", json=right).status_code == 200


def test_a_device_cookie_counts_its_own_failures(make_client: Callable[..., TestClient]) -> None:
    phone = make_client()
    sign_in(phone)
    for _ in range(5):
        assert attempt(phone, FAMILY.kk, FAMILY.members[0].nik).status_code == 401
    assert attempt(phone, FAMILY.kk, FAMILY.members[0].nik).status_code == 429
    other_phone = make_client()  # a stranger to the household, not slowed by the phone
    right = credentials(FAMILY) | {"password": PASSWORD}
    assert other_phone.post(f"{SELF}/session", json=right).status_code == 200


def test_a_device_cookie_of_another_household_does_not_help(
    make_client: Callable[..., TestClient],
) -> None:
    phone = make_client()
    sign_in(phone)
    for _ in range(5):
        identify(make_client(), NEIGHBOUR.kk)
    assert identify(phone, NEIGHBOUR.kk).status_code == 429


# -- the per-address limit -----------------------------------------------------------------


def test_successful_sign_ins_from_one_address_are_never_limited(client: TestClient) -> None:
    for _ in range(70):  # one carrier address, many honest phones
        client.cookies.clear()
        assert client.post(f"{SELF}/identify", json=credentials(FAMILY)).status_code == 200


def test_failures_from_one_address_are_limited_across_instances(
    make_client: Callable[..., TestClient],
) -> None:
    first = make_client(address_failures_per_hour=10)
    second = make_client(address_failures_per_hour=10)
    kks = [make_kk(DISTRICT, date(2016, 1, 5), 50 + n) for n in range(11)]
    for kk in kks[:10]:
        assert identify(first, kk).status_code == 401
    refused = identify(second, kks[10])
    assert refused.status_code == 429
    assert refused.headers["retry-after"]
    right = credentials(FAMILY) | {"password": PASSWORD}
    assert second.post(f"{SELF}/session", json=right).status_code == 429
