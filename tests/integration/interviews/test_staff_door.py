"""Staff sign-in at the hash's floor, upgraded hashes, and sessions their owner can end."""

from __future__ import annotations

from typing import Any

from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import select, update

from sensus.storage.database import Database
from sensus.storage.tables import staff
from tests.integration.interviews.helpers import API, PASSWORD, TestClient


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
