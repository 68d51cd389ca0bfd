"""Passwords and sessions: the first sign-in sets the household's password, later ones need
it; the session is an HttpOnly cookie; nothing personal travels in a URL."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import pytest
from argon2 import PasswordHasher
from pydantic import ValidationError
from sqlalchemy import select

from sensus.config import Settings
from sensus.storage import households as store
from sensus.storage.database import Database
from sensus.storage.tables import household_sessions
from tests.integration.api.helpers import (
    API,
    PASSWORD,
    SELF,
    FakeClock,
    TestClient,
    credentials,
    error_code,
    field_codes,
    household_row,
    sign_in,
)
from tests.registry_files import FAMILY

PRODUCTION_KEY = "a-production-secret-of-enough-length"


def test_the_first_sign_in_sets_the_password_and_opens_a_session(
    client: TestClient, database: Database
) -> None:
    assert client.post(f"{SELF}/identify", json=credentials()).json() == {"password_set": False}
    response = sign_in(client)
    assert response.json() == {
        "ref": f"h{household_row(database)['id']}",
        "kk_masked": "*" * 12 + FAMILY.kk[-4:],
        "address": FAMILY.address,
        "rt": FAMILY.rt,
        "rw": FAMILY.rw,
        "village_code": FAMILY.village_code,
        "source": "registry",
        "needs_verification": False,
        "status": "not_started",
    }
    assert household_row(database)["password_hash"].startswith("$argon2id$")
    assert client.post(f"{SELF}/identify", json=credentials()).json() == {"password_set": True}
    assert client.get(f"{SELF}/household").status_code == 200


def test_setting_the_password_is_audited_once(client: TestClient, database: Database) -> None:
    sign_in(client)
    sign_in(client)
    household_id = household_row(database)["id"]
    actions = [entry["action"] for entry in store.audit_entries(database, household_id)]
    assert actions == ["password_set"]


def test_later_sign_ins_need_the_password_set_first(
    make_client: Callable[..., TestClient],
) -> None:
    sign_in(make_client())
    phone = make_client()  # another device, no cookie
    response = phone.post(f"{SELF}/session", json=credentials() | {"password": PASSWORD})
    assert response.status_code == 200
    assert phone.get(f"{SELF}/household").status_code == 200


def test_any_member_of_the_card_signs_in_with_the_household_password(
    make_client: Callable[..., TestClient],
) -> None:
    sign_in(make_client())
    wife = credentials(FAMILY, member=1) | {"password": PASSWORD}
    assert make_client().post(f"{SELF}/session", json=wife).status_code == 200


def test_a_wrong_password_is_refused_without_a_session(
    make_client: Callable[..., TestClient],
) -> None:
    sign_in(make_client())
    phone = make_client()
    wrong = credentials() | {"password": "bukan-kata-sandinya"}
    response = phone.post(f"{SELF}/session", json=wrong)
    assert response.status_code == 401
    assert error_code(response) == "wrong_password"
    assert "set-cookie" not in response.headers
    assert phone.get(f"{SELF}/household").status_code == 401


def test_a_wrong_password_does_not_replace_the_one_set(
    make_client: Callable[..., TestClient], database: Database
) -> None:
    sign_in(make_client())
    before = household_row(database)["password_hash"]
    make_client().post(f"{SELF}/session", json=credentials() | {"password": "another-one-1"})
    assert household_row(database)["password_hash"] == before


def test_a_first_password_that_is_too_short_is_refused_and_not_set(
    client: TestClient, database: Database
) -> None:
    response = client.post(f"{SELF}/session", json=credentials() | {"password": "pendek"})
    assert response.status_code == 422
    assert field_codes(response) == [("password", "too_short")]
    [field] = response.json()["error"]["fields"]
    assert field["message_id"] == "Kata sandi minimal 8 karakter."
    assert field["message_en"] == "The password needs at least 8 characters."
    assert household_row(database)["password_hash"] is None
    assert "set-cookie" not in response.headers


def test_the_session_cookie_is_http_only_strict_and_for_the_whole_site(
    client: TestClient,
) -> None:
    cookie = sign_in(client).headers["set-cookie"]
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert attributes[0].startswith("sensus_session=")
    assert "httponly" in attributes
    assert "samesite=strict" in attributes
    assert "path=/" in attributes
    assert "secure" not in attributes  # plain HTTP in development; see the next test


def test_the_session_cookie_is_secure_when_the_settings_say_so(
    make_client: Callable[..., TestClient],
) -> None:
    cookie = sign_in(make_client(secure_cookies=True)).headers["set-cookie"]
    assert "secure" in [part.strip().lower() for part in cookie.split(";")]


def test_the_session_cookie_carries_no_personal_data(client: TestClient) -> None:
    response = sign_in(client)
    token = response.cookies["sensus_session"]
    for person in FAMILY.members:
        assert person.nik not in token
        assert person.name not in token
    assert FAMILY.kk not in token
    assert FAMILY.kk not in response.text  # the household is shown masked


def test_without_a_session_the_household_is_not_shown(client: TestClient) -> None:
    response = client.get(f"{SELF}/household")
    assert response.status_code == 401
    assert error_code(response) == "not_signed_in"


def test_a_forged_or_tampered_session_is_refused(client: TestClient) -> None:
    token = sign_in(client).cookies["sensus_session"]
    client.cookies.clear()
    client.cookies.set("sensus_session", token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    assert client.get(f"{SELF}/household").status_code == 401


def test_a_token_the_server_never_issued_is_refused(client: TestClient) -> None:
    sign_in(client)
    client.cookies.clear()
    client.cookies.set("sensus_session", secrets.token_urlsafe(32))
    assert client.get(f"{SELF}/household").status_code == 401


def test_signing_out_clears_the_cookie(signed_in: TestClient) -> None:
    response = signed_in.delete(f"{SELF}/session")
    assert response.status_code == 204
    assert 'sensus_session=""' in response.headers["set-cookie"]
    assert signed_in.get(f"{SELF}/household").status_code == 401


def test_signing_out_ends_the_session_on_the_server(
    make_client: Callable[..., TestClient],
) -> None:
    phone = make_client()
    token = sign_in(phone).cookies["sensus_session"]
    copy = make_client()  # the same cookie, copied to another device
    copy.cookies.set("sensus_session", token)
    assert copy.get(f"{SELF}/household").status_code == 200
    assert phone.delete(f"{SELF}/session").status_code == 204
    assert copy.get(f"{SELF}/household").status_code == 401


def test_the_session_is_kept_on_the_server_as_a_hash_only(
    client: TestClient, database: Database
) -> None:
    token = sign_in(client).cookies["sensus_session"]
    with database.engine.connect() as conn:
        rows = [str(tuple(row)) for row in conn.execute(select(household_sessions))]
    assert len(rows) == 1
    assert token not in rows[0]


def test_a_session_ends_after_the_session_hours(client: TestClient, clock: FakeClock) -> None:
    sign_in(client)
    clock.advance(hours=11, minutes=59)
    assert client.get(f"{SELF}/household").status_code == 200
    clock.advance(minutes=2)
    assert client.get(f"{SELF}/household").status_code == 401


def test_cookies_are_secure_by_default_outside_development() -> None:
    assert Settings(environment="production", secret_key=PRODUCTION_KEY).secure_cookies is True
    assert Settings(environment="development").secure_cookies is False
    assert Settings(environment="development", secure_cookies=True).secure_cookies is True


@pytest.mark.parametrize(
    "values",
    [
        {"environment": "prod"},
        {"environment": "production", "secret_key": PRODUCTION_KEY, "secure_cookies": False},
        {"environment": "production"},  # the development key
    ],
)
def test_unsafe_or_unknown_cookie_settings_fail_at_start(values: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Settings(**values)


# -- password hashing --------------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2id_at_the_owasp_floor(
    client: TestClient, database: Database
) -> None:
    sign_in(client)
    assert household_row(database)["password_hash"].startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_hash_made_with_other_parameters_is_upgraded_at_the_next_sign_in(
    client: TestClient, database: Database, clock: FakeClock
) -> None:
    household_id = household_row(database)["id"]
    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    assert store.set_first_password(database, household_id, old, clock())
    sign_in(client)
    upgraded = household_row(database)["password_hash"]
    assert upgraded.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert PasswordHasher().verify(upgraded, PASSWORD)


def test_no_route_takes_a_number_or_a_password_in_its_url(client: TestClient) -> None:
    spec = client.get(f"{API}/openapi.json").json()
    personal = {"kk", "nik", "password", "name", "nama", "birth_date", "tanggal_lahir"}
    for path, operations in spec["paths"].items():
        assert not any(word in path for word in personal), path
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                assert parameter["name"] not in personal, (path, parameter)


def test_of_two_first_passwords_set_at_once_only_the_first_counts_and_is_audited(
    database: Database, clock: FakeClock
) -> None:
    # Two phones signing in for the first time together: the guarded UPDATE lets one win.
    household_id = household_row(database)["id"]
    assert store.set_first_password(database, household_id, "$argon2id$first", clock())
    assert not store.set_first_password(database, household_id, "$argon2id$second", clock())
    assert household_row(database)["password_hash"] == "$argon2id$first"
    actions = [entry["action"] for entry in store.audit_entries(database, household_id)]
    assert actions == ["password_set"]
