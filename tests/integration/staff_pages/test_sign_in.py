"""Staff sign in with username and password on /petugas/masuk and land on their role's page;
wrong passwords get one message for any mistake, and after a few tries a wait (the door's
delays, ADR 0016) that an unknown username gets alike."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from sensus.services.staff import STAFF_COOKIE
from tests.integration.interviews.helpers import PASSWORD, TestClient
from tests.integration.staff_pages.helpers import csrf_of, send, text_of

SIGN_IN = "/petugas/masuk"


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> object:
    return send(client, SIGN_IN, {"username": username, "password": password})


@pytest.mark.parametrize(
    ("username", "home"),
    [("ppl01", "/petugas/lapangan"), ("spv01", "/petugas/pengawas"), ("admin01", "/petugas/admin")],
)
def test_staff_land_on_the_page_of_their_role(app: FastAPI, username: str, home: str) -> None:
    browser = TestClient(app)

    response = sign_in(browser, username)

    assert response.status_code == 303
    assert response.headers["location"] == home  # no username, no name in the address
    assert browser.cookies.get(STAFF_COOKIE)
    assert browser.get(home).status_code == 200
    assert browser.get("/petugas", follow_redirects=False).headers["location"] == home


def test_a_wrong_password_or_username_gets_one_message_and_no_session(app: FastAPI) -> None:
    browser = TestClient(app)

    wrong_password = sign_in(browser, "spv01", "not-the-password")
    unknown_user = sign_in(browser, "nobody", PASSWORD)

    assert wrong_password.status_code == unknown_user.status_code == 401
    assert "Nama pengguna atau kata sandi salah." in text_of(wrong_password)
    assert text_of(wrong_password).count("salah") == text_of(unknown_user).count("salah")
    assert browser.cookies.get(STAFF_COOKIE) is None
    assert 'value="spv01"' in wrong_password.text  # the username stays typed in
    assert "not-the-password" not in wrong_password.text


def test_too_many_wrong_passwords_make_the_next_attempt_wait_with_a_message(
    app: FastAPI,
) -> None:
    browser = TestClient(app)
    for _ in range(5):  # SENSUS_LOCKOUT_ATTEMPTS
        sign_in(browser, "spv01", "not-the-password")

    waiting = sign_in(browser, "spv01", PASSWORD)

    assert waiting.status_code == 429
    assert waiting.headers["retry-after"] == "30"  # the first delay, not a 15-minute lock
    assert "Tunggu 1 menit sebelum mencoba lagi" in text_of(waiting)
    assert browser.cookies.get(STAFF_COOKIE) is None


def test_the_sign_in_form_is_refused_without_its_token(app: FastAPI) -> None:
    browser = TestClient(app)
    csrf_of(browser, SIGN_IN)  # the browser has the cookie, the form lacks the token

    forged = browser.post(
        SIGN_IN, data={"username": "spv01", "password": PASSWORD}, follow_redirects=False
    )

    assert forged.status_code == 403
    assert "Formulir masuk sudah kedaluwarsa" in text_of(forged)
    assert browser.cookies.get(STAFF_COOKIE) is None
    assert sign_in(browser, "spv01").status_code == 303  # the fresh form it got works


def test_signing_out_ends_the_session_on_the_server(app: FastAPI) -> None:
    browser = TestClient(app)
    sign_in(browser, "spv01")
    token = browser.cookies.get(STAFF_COOKIE)
    assert token

    out = send(browser, "/petugas/keluar", {}, form="/petugas/pengawas")

    assert out.status_code == 303
    assert out.headers["location"] == SIGN_IN
    thief = TestClient(app)
    thief.cookies.set(STAFF_COOKIE, token)  # the old cookie, kept by someone
    again = thief.get("/petugas/pengawas", follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"] == SIGN_IN
    assert "Anda sudah keluar." in text_of(browser.get(SIGN_IN))


def test_an_ended_session_is_sent_to_sign_in_with_a_reason(app: FastAPI) -> None:
    browser = TestClient(app)
    browser.cookies.set(STAFF_COOKIE, "a-session-that-ended-long-ago")

    response = browser.get("/petugas/pengawas")

    assert response.url.path == SIGN_IN
    assert "Sesi Anda telah berakhir" in text_of(response)


def test_the_sign_in_page_speaks_english_on_request(app: FastAPI) -> None:
    browser = TestClient(app)

    switched = browser.post(
        "/petugas/bahasa", data={"lang": "en", "next": SIGN_IN}, follow_redirects=False
    )
    page = browser.get(SIGN_IN)

    assert switched.headers["location"] == SIGN_IN
    assert "Staff sign-in" in text_of(page)
    assert '<html lang="en">' in page.text
    away = browser.post("/petugas/bahasa", data={"lang": "id", "next": "https://example.org/"})
    assert away.url.path == "/petugas/masuk"  # never sent off the site
