"""Staff sign-in at the hash's floor, upgraded hashes, and sessions their owner can end."""

from __future__ import annotations

from typing import Any

from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import select, update

from sensus.storage.database import Database
from sensus.storage.tables import staff
from tests.integration.interviews.helpers import API, PASSWORD, FakeClock, TestClient


def sign_in(client: TestClient, username: str = "ppl01", password: str = PASSWORD) -> Any:
    body = {"username": username, "password": password, "device_label": "Samsung A12"}
    return client.post(f"{API}/staff/session", json=body)


def stored_hash(database: Database, username: str = "ppl01") -> str:
    with database.engine.connect() as conn:
        query = select(staff.c.password_hash).where(staff.c.username == username)
        found: str = conn.execute(query).scalar_one()
    return found


def test_a_staff_hash_with_other_parameters_is_upgraded_at_the_next_sign_in(
    app: FastAPI, database: Database
) -> None:
    with database.engine.begin() as conn:
        old = PasswordHasher().hash(PASSWORD)  # argon2-cffi's defaults: 64 MiB
        conn.execute(update(staff).where(staff.c.username == "ppl01").values(password_hash=old))
    assert sign_in(TestClient(app)).status_code == 200
    assert stored_hash(database).startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert sign_in(TestClient(app)).status_code == 200  # and the upgraded hash signs in


def test_an_unknown_username_costs_a_hash_like_a_known_one(app: FastAPI) -> None:
    passwords = app.state.services.field.staff.passwords
    before = passwords.verified
    assert sign_in(TestClient(app), "nobody-here").status_code == 401
    assert sign_in(TestClient(app), "ppl01", "salah-salah").status_code == 401
    assert passwords.verified - before == 2


def test_a_member_of_staff_lists_and_ends_their_own_sessions(
    officer: TestClient, app: FastAPI
) -> None:
    phone = TestClient(app)
    assert sign_in(phone).status_code == 200
    listed = officer.get(f"{API}/staff/sessions")
    assert listed.status_code == 200
    sessions = listed.json()
    assert [s["current"] for s in sessions] == [True, True]
    assert [s["this_device"] for s in sessions] == [True, False]
    other = sessions[1]["id"]
    assert officer.delete(f"{API}/staff/sessions/{other}").status_code == 204
    assert phone.get(f"{API}/staff/me").status_code == 401
    assert officer.get(f"{API}/staff/me").status_code == 200


def test_nobody_ends_another_members_session(
    officer: TestClient, other_officer: TestClient
) -> None:
    theirs = other_officer.get(f"{API}/staff/sessions").json()[0]["id"]
    assert officer.delete(f"{API}/staff/sessions/{theirs}").status_code == 404
    assert other_officer.get(f"{API}/staff/me").status_code == 200


def test_an_unknown_username_and_a_known_one_answer_alike_attempt_after_attempt(
    app: FastAPI,
) -> None:
    # The old per-account lock answered 429 after five wrong passwords of an account that
    # exists and 401 forever for one that does not: a way to find usernames (ADR 0016).
    known, unknown = TestClient(app), TestClient(app)
    for attempt in range(8):
        a = sign_in(known, "ppl01", "salah-salah")
        b = sign_in(unknown, "tidak-ada-99", "salah-salah")
        assert (a.status_code, a.json()) == (b.status_code, b.json()), attempt
        assert a.headers.get("retry-after") == b.headers.get("retry-after"), attempt
    assert a.status_code == 429


def test_staff_failures_wait_out_delays_instead_of_a_lock(app: FastAPI, clock: FakeClock) -> None:
    for _ in range(5):
        assert sign_in(TestClient(app), "ppl01", "salah-salah").status_code == 401
    waiting = sign_in(TestClient(app), "ppl01")
    assert waiting.status_code == 429
    assert waiting.headers["retry-after"] == "30"

    clock.advance(seconds=31)
    assert sign_in(TestClient(app), "ppl01").status_code == 200  # the right password, at last
    assert sign_in(TestClient(app), "ppl01", "salah-salah").status_code == 401  # count cleared
