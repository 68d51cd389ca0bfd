"""The recovery pages as staff use them (ADR 0016): an officer makes a one-time code or sets
a password for a household of their area; an administrator decides a claim of a KK."""

from __future__ import annotations

import re
from datetime import date

from fastapi import FastAPI

from sensus.domain.identity import FEMALE, MALE, make_kk, make_nik
from tests.integration.interviews.helpers import API, FAMILY, FARAWAY, TestClient
from tests.integration.staff_pages.helpers import send, text_of
from tests.registry_files import DISTRICT, VILLAGE

PAGE = "/petugas/pemulihan"
CLAIMS = "/petugas/admin/klaim-kk"
CARD = {"kk": FAMILY.kk, "nik": FAMILY.members[0].nik}
SELF = f"{API}/self-response"


def test_an_officer_makes_a_code_the_family_then_uses(app: FastAPI, officer: TestClient) -> None:
    answer = send(officer, PAGE, CARD | {"act": "code"})

    assert answer.status_code == 200
    assert answer.headers["cache-control"].startswith("no-store")
    code = re.search(r"<code>([A-Z0-9]{4}-[A-Z0-9]{4})</code>", answer.text)
    assert code is not None
    assert "Berikan kode sekali pakai ini kepada keluarga" in text_of(answer)
    used = TestClient(app).post(
        f"{SELF}/recovery", json=CARD | {"code": code.group(1), "password": "kata-sandi-baru"}
    )
    assert used.status_code == 200


def test_an_officer_sets_a_password_and_sees_how_many_devices_were_signed_out(
    app: FastAPI, officer: TestClient
) -> None:
    family = TestClient(app)
    assert (
        family.post(f"{SELF}/session", json=CARD | {"password": "lama-sekali"}).status_code == 200
    )

    answer = send(officer, PAGE, CARD | {"act": "password", "password": "kata-sandi-baru"})

    assert answer.status_code == 303
    page = officer.get(answer.headers["location"])
    assert "Kata sandi rumah tangga sudah diganti. 1 sesi diakhiri." in text_of(page)
    assert family.get(f"{SELF}/household").status_code == 401


def test_a_card_of_another_area_is_not_found_in_either_language(officer: TestClient) -> None:
    elsewhere = {"kk": FARAWAY.kk, "nik": FARAWAY.members[0].nik, "act": "code"}

    answer = send(officer, PAGE, elsewhere)
    officer.cookies.set("lang", "en")
    english = send(officer, PAGE, elsewhere)

    assert answer.status_code == english.status_code == 422
    assert "tidak ditemukan di antara rumah tangga yang dapat Anda bantu" in text_of(answer)
    assert "No household with this KK number and NIK is among those you can help" in text_of(
        english
    )
    assert "<code>" not in answer.text


def test_a_supervisor_cannot_open_the_recovery_page(supervisor: TestClient) -> None:
    assert supervisor.get(PAGE).status_code == 403


def test_an_administrator_confirms_the_real_family_of_a_claimed_kk(
    app: FastAPI, admin: TestClient
) -> None:
    kk = make_kk(DISTRICT, date(2026, 2, 1), 40)
    place = {"village_code": VILLAGE, "address": "Jl. Baru No. 3", "rt": "4", "rw": "2"}
    squatter, family = TestClient(app), TestClient(app)
    stranger = make_nik(DISTRICT, date(1990, 1, 1), FEMALE, 77)
    husband = make_nik(DISTRICT, date(1998, 4, 9), MALE, 31)
    for phone, nik in ((squatter, stranger), (family, husband)):
        body = {"kk": kk, "nik": nik, "password": "kata-sandi-" + nik[-4:]} | place
        assert phone.post(f"{SELF}/registrations", json=body).status_code == 201

    page = admin.get(CLAIMS)
    assert f"KK {kk}" in text_of(page)
    assert "Mengklaim Nomor KK" in text_of(page)
    family_id = re.findall(r'action="/petugas/admin/klaim-kk/(\d+)/keluarga"', page.text)[1]

    answer = send(admin, f"{CLAIMS}/{family_id}/keluarga", {}, form=CLAIMS)

    assert answer.status_code == 303
    done = admin.get(answer.headers["location"])
    assert "Nomor KK kini milik rumah tangga yang Anda tetapkan" in text_of(done)
    assert "Tidak ada klaim yang menunggu keputusan." in text_of(done)
    assert squatter.get(f"{SELF}/household").status_code == 401
    assert family.get(f"{SELF}/household").status_code == 200


def test_the_officers_app_links_to_the_recovery_page(officer: TestClient) -> None:
    app_page = officer.get("/petugas/lapangan")
    assert app_page.status_code == 200
    assert 'href="/petugas/pemulihan"' in app_page.text
    assert "Keluarga lupa kata sandi?" in text_of(app_page)
