"""Staff sign-in, lockout and sessions: an ended session is 401, and stores nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from sensus.storage.database import Database
from tests.integration.interviews.helpers import (
    API,
    FAMILY,
    PASSWORD,
    FakeClock,
    TestClient,
    assignment_of,
    error_code,
    row_counts,
    visit,
)


def sign_in(client: TestClient, username: str = "ppl01", password: str = PASSWORD) -> Any:
    body = {"username": username, "password": password, "device_label": "Samsung A12"}
    return client.post(f"{API}/staff/session", json=body)


def account_id(admin: TestClient, username: str) -> int:
    accounts = admin.get(f"{API}/admin/staff").json()
    return int(next(a["id"] for a in accounts if a["username"] == username))


def test_signing_in_sets_a_strict_http_only_cookie_and_says_who(app: FastAPI) -> None:
    client = TestClient(app)

    response = sign_in(client, "PPL01")  # usernames are not case-sensitive

    assert response.status_code == 200, response.text
    assert response.json()["username"] == "ppl01"
    assert response.json()["role"] == "officer"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("sensus_staff=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert client.get(f"{API}/staff/me").json() == {
        "username": "ppl01",
        "full_name": "PPL01",
        "role": "officer",
    }


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(app: FastAPI) -> None:
    client = TestClient(app)
    wrong = sign_in(client, "ppl01", "bukan-kata-sandinya")
    unknown = sign_in(client, "ppl99", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert error_code(wrong) == "staff_sign_in_failed"


def test_five_wrong_passwords_make_the_account_wait_a_while(app: FastAPI, clock: FakeClock) -> None:
    client = TestClient(app)
    for _ in range(5):
        assert sign_in(client, password="salah-lagi-salah").status_code == 401

    locked = sign_in(client)
    clock.advance(minutes=16)
    later = sign_in(client)

    assert locked.status_code == 429
    assert error_code(locked) == "too_many_attempts"
    assert later.status_code == 200


def test_an_expired_session_is_refused_and_stores_nothing(
    officer: TestClient, bundle: dict[str, Any], clock: FakeClock, database: Database
) -> None:
    clock.advance(days=15)
    counts = row_counts(database)

    record = visit(assignment_of(bundle, FAMILY)["assignment_id"], "refused")
    response = officer.post(f"{API}/officer/sync", json={"records": [record]})

    assert response.status_code == 401
    assert error_code(response) == "staff_not_signed_in"
    assert "tetap tersimpan di perangkat" in response.json()["error"]["message_id"]
    assert row_counts(database) == counts


def test_a_session_revoked_by_an_administrator_ends_at_once_and_stores_nothing(
    app: FastAPI, admin: TestClient, database: Database
) -> None:
    phone = TestClient(app)
    assert sign_in(phone).status_code == 200
    bundle = phone.get(f"{API}/officer/bundle").json()
    staff_id = account_id(admin, "ppl01")
    sessions = admin.get(f"{API}/admin/staff/{staff_id}/sessions").json()
    lost = next(s for s in sessions if s["device_label"] == "Samsung A12")
    assert lost["current"] is True

    revoked = admin.delete(f"{API}/admin/staff/{staff_id}/sessions/{lost['id']}")
    counts = row_counts(database)
    record = visit(assignment_of(bundle, FAMILY)["assignment_id"], "refused")
    response = phone.post(f"{API}/officer/sync", json={"records": [record]})

    assert revoked.json() == {"ended": 1}
    assert response.status_code == 401
    assert row_counts(database) == counts
    # Signing in again on the device is all it takes to send the work it kept.
    assert sign_in(phone).status_code == 200
    again = phone.post(f"{API}/officer/sync", json={"records": [record]})
    assert again.json()["results"][0]["status"] == "stored"


def test_signing_out_ends_the_session_on_the_server(app: FastAPI) -> None:
    client = TestClient(app)
    sign_in(client)
    token = client.cookies.get("sensus_staff")

    assert client.delete(f"{API}/staff/session").status_code == 204

    stolen = TestClient(app)
    stolen.cookies.set("sensus_staff", token or "")
    assert stolen.get(f"{API}/staff/me").status_code == 401


def test_a_deactivated_account_can_neither_sign_in_nor_use_its_sessions(
    officer: TestClient, admin: TestClient, app: FastAPI
) -> None:
    staff_id = account_id(admin, "ppl01")
    assert admin.post(f"{API}/admin/staff/{staff_id}/deactivate").status_code == 204

    assert officer.get(f"{API}/staff/me").status_code == 401
    assert sign_in(TestClient(app)).status_code == 401
    listed = {s["username"]: s["active"] for s in admin.get(f"{API}/admin/staff").json()}
    assert listed["ppl01"] is False


def test_an_administrator_creates_an_account_that_can_sign_in(
    admin: TestClient, app: FastAPI, signed_in: Callable[..., TestClient]
) -> None:
    body = {
        "username": "ppl03",
        "full_name": "Nurul Huda",
        "role": "officer",
        "supervisor": "spv01",
    }

    created = admin.post(f"{API}/admin/staff", json=body)
    again = admin.post(f"{API}/admin/staff", json=body)
    bad = admin.post(f"{API}/admin/staff", json=body | {"username": "x", "role": "boss"})

    assert created.status_code == 201, created.text
    password = created.json()["generated_password"]
    assert len(password) >= 12
    assert again.status_code == 409
    assert error_code(again) == "username_taken"
    assert bad.status_code == 422
    assert {f["path"] for f in bad.json()["error"]["fields"]} == {"username", "role"}
    assert sign_in(TestClient(app), "ppl03", password).status_code == 200
