"""An administrator's pages: accounts (create with a password shown once, import a CSV file
with bad rows reported by line, deactivate, end a lost phone's session), areas (import,
reassign) and reopening a submitted self-response (audited)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from sqlalchemy import select

from sensus.storage.audit import audit_actions
from sensus.storage.database import Database
from sensus.storage.households import household_by_kk
from sensus.storage.tables import assignments, enumeration_areas, staff
from tests.integration.interviews.helpers import (
    AREA_A,
    FAMILY,
    PASSWORD,
    TestClient,
    rows,
)
from tests.integration.interviews.test_precedence import self_respond
from tests.integration.staff_pages.helpers import csrf_of, send, text_of
from tests.registry_files import VILLAGE

STAFF = "/petugas/admin/staf"
AREAS = "/petugas/admin/wilayah"
REOPEN = "/petugas/admin/buka-kembali"
STAFF_CSV = (
    "username,full_name,role,supervisor,password\n"
    "ppl10,Siti Aminah,officer,spv01,\n"
    "ppl11,,officer,spv01,\n"
    "spv10,Budi Santoso,supervisor,,kata-sandi-spv10\n"
)


def id_of(database: Database, username: str) -> int:
    return int(rows(database, select(staff.c.id).where(staff.c.username == username))[0]["id"])


def upload(client: TestClient, path: str, form: str, content: str) -> Any:
    token = csrf_of(client, form)
    return client.post(
        path,
        data={"csrf": token},
        files={"file": ("file.csv", content.encode(), "text/csv")},
        follow_redirects=False,
    )


def sign_in(app: FastAPI, username: str, password: str) -> Any:
    browser = TestClient(app)
    data = {"username": username, "password": password}
    return send(browser, "/petugas/masuk", data)


def test_a_new_account_shows_its_generated_password_once(
    app: FastAPI, admin: TestClient, database: Database
) -> None:
    created = send(
        admin,
        STAFF,
        {"username": "PPL09", "full_name": "Siti Rahma", "role": "officer", "supervisor": "spv01"},
    )

    assert created.status_code == 303
    staff_id = id_of(database, "ppl09")
    assert created.headers["location"] == f"{STAFF}/{staff_id}"
    shown = admin.get(created.headers["location"])
    password = re.search(r'<p class="secret"><code>([^<]+)</code>', shown.text)
    assert password is not None
    assert "hanya ditampilkan kali ini" in text_of(shown)
    assert password.group(1) not in admin.get(created.headers["location"]).text
    assert "Siti Rahma" in text_of(admin.get(STAFF))
    assert sign_in(app, "ppl09", password.group(1)).headers["location"] == "/petugas/lapangan"


def test_a_taken_username_or_a_bad_field_shows_the_form_again(
    admin: TestClient, database: Database
) -> None:
    taken = send(admin, STAFF, {"username": "ppl01", "full_name": "Lain", "role": "officer"})
    bad = send(admin, STAFF, {"username": "x", "full_name": "", "role": "chief", "password": "1"})

    assert taken.status_code == bad.status_code == 422
    assert "Nama pengguna ini sudah dipakai." in text_of(taken)
    assert 'value="Lain"' in taken.text  # what was typed stays
    page = text_of(bad)
    assert "Nama pengguna 3-40 karakter" in page
    assert "Nama lengkap wajib diisi" in page
    assert "Peran harus officer, supervisor atau admin." in page
    assert "Kata sandi 8-256 karakter." in page
    assert len(rows(database, select(staff.c.id))) == 5


def test_a_staff_file_imports_its_good_rows_and_reports_the_bad_one_by_line(
    admin: TestClient, database: Database
) -> None:
    response = upload(admin, f"{STAFF}/impor", STAFF, STAFF_CSV)

    assert response.status_code == 200
    assert f'name="next" value="{STAFF}"' in response.text
    page = text_of(response)
    assert "Baris 3 Dibuat 2" in page
    assert "baris 3 full_name Nama lengkap wajib diisi" in page
    usernames = {r["username"] for r in rows(database, select(staff.c.username))}
    assert {"ppl10", "spv10"} <= usernames and "ppl11" not in usernames
    # The password made for ppl10 is listed once, to hand out; the one the file gave is not.
    assert re.search(r"Kata sandi ppl10 [A-Za-z0-9_-]{12} ", page)
    assert "kata-sandi-spv10" not in response.text
    again = text_of(upload(admin, f"{STAFF}/impor", STAFF, STAFF_CSV))
    assert "Dibuat 0 Diperbarui 0 Tidak berubah 2" in again


def test_a_staff_file_that_cannot_be_read_is_refused_whole(
    admin: TestClient, database: Database
) -> None:
    wrong_header = upload(admin, f"{STAFF}/impor", STAFF, "user,name\nppl12,Ani\n")
    nothing = upload(admin, f"{STAFF}/impor", STAFF, "")

    assert wrong_header.status_code == nothing.status_code == 422
    assert "Baris judul harus berisi kolom" in text_of(wrong_header)
    assert "Pilih berkas CSV." in text_of(nothing)
    assert len(rows(database, select(staff.c.id))) == 5


def test_an_areas_file_reports_bad_rows_by_line(admin: TestClient, database: Database) -> None:
    content = (
        "code,name,village_code,rt,rw,officer_username\n"
        f"{VILLAGE}0003,,{VILLAGE},9,3,ppl02\n"
        f"{VILLAGE}0004,,{VILLAGE},10,3,nobody\n"
    )

    response = upload(admin, f"{AREAS}/impor", AREAS, content)

    assert response.status_code == 200
    page = text_of(response)
    assert "Dibuat 1" in page
    assert "baris 3 officer_username Petugas pencacah dengan nama pengguna ini tidak ada" in page
    codes = {r["code"] for r in rows(database, select(enumeration_areas.c.code))}
    assert f"{VILLAGE}0003" in codes and f"{VILLAGE}0004" not in codes


def test_reassigning_an_area_moves_its_unfinished_assignments(
    admin: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    area = rows(database, select(enumeration_areas.c.id).where(enumeration_areas.c.code == AREA_A))
    page = f"{AREAS}/{area[0]['id']}"

    moved = send(admin, f"{page}/petugas", {"officer": "ppl02"}, form=page)
    shown = text_of(admin.get(moved.headers["location"]))
    unknown = send(admin, f"{page}/petugas", {"officer": "spv01"}, form=page)

    assert moved.status_code == 303
    assert "sekarang dipegang ppl02" in shown
    assert "2 tugas yang belum selesai ikut dipindahkan." in shown
    live = rows(
        database,
        select(assignments.c.officer_id).where(assignments.c.status != "removed"),
    )
    assert {r["officer_id"] for r in live} == {id_of(database, "ppl02")}
    [audited] = audit_actions(database, "area_reassigned")
    assert audited["actor"] == "admin:admin01"
    assert unknown.status_code == 422
    assert "Petugas ini tidak ditemukan atau tidak aktif." in text_of(unknown)


def test_a_lost_phones_session_ends_and_the_other_device_stays_signed_in(
    admin: TestClient, signed_in: Callable[..., TestClient], database: Database
) -> None:
    lost, kept = signed_in("ppl02"), signed_in("ppl02")
    staff_id = id_of(database, "ppl02")
    page = f"{STAFF}/{staff_id}"
    sessions = admin.get(page).text
    session_ids = re.findall(r"/sesi/(\d+)/akhiri", sessions)
    assert len(session_ids) == 2

    ended = send(admin, f"{page}/sesi/{session_ids[0]}/akhiri", {}, form=page)

    assert ended.status_code == 303
    assert "1 sesi diakhiri." in text_of(admin.get(page))
    still = [c.get("/petugas/lapangan", follow_redirects=False).status_code for c in (lost, kept)]
    assert sorted(still) == [200, 303]  # one of the two, whichever was listed first
    [audited] = audit_actions(database, "sessions_revoked")
    assert audited["actor"] == "admin:admin01"


def test_deactivating_needs_a_tick_and_ends_every_session(
    app: FastAPI, admin: TestClient, officer: TestClient, database: Database
) -> None:
    page = f"{STAFF}/{id_of(database, 'ppl01')}"

    unticked = send(admin, f"{page}/nonaktifkan", {}, form=page)
    assert unticked.status_code == 422
    assert "Centang kotak untuk mengonfirmasi." in text_of(unticked)
    assert officer.get("/petugas/lapangan").status_code == 200

    done = send(admin, f"{page}/nonaktifkan", {"confirm": "yes"}, form=page)

    assert done.status_code == 303
    assert "Akun dinonaktifkan" in text_of(admin.get(page))
    assert officer.get("/petugas/lapangan", follow_redirects=False).status_code == 303
    assert sign_in(app, "ppl01", PASSWORD).status_code == 401


def test_reopening_a_submitted_household_is_audited_with_its_reason(
    app: FastAPI, admin: TestClient, database: Database
) -> None:
    self_respond(app)
    reason = "Keluarga salah mengirim; permintaan lewat telepon."

    no_reason = send(admin, REOPEN, {"kk": FAMILY.kk, "reason": " "})
    reopened = send(admin, REOPEN, {"kk": FAMILY.kk, "reason": reason})
    shown = text_of(admin.get(reopened.headers["location"]))
    twice = send(admin, REOPEN, {"kk": FAMILY.kk, "reason": reason})

    assert no_reason.status_code == 422
    assert "Wajib diisi, paling banyak 500 karakter." in text_of(no_reason)
    assert reopened.status_code == 303
    assert reopened.headers["location"] == REOPEN  # the KK never travels in an address
    assert f"Rumah tangga ************{FAMILY.kk[-4:]} dibuka kembali" in shown
    household = household_by_kk(database, FAMILY.kk)
    assert household is not None and household.status == "in_progress"
    [audited] = audit_actions(database, "reopened")
    assert audited["actor"] == "admin:admin01"
    assert audited["detail"] == {"reason": reason}
    assert twice.status_code == 422
    assert "Data rumah tangga ini belum dikirim." in text_of(twice)


def test_reopening_an_unknown_or_malformed_kk_says_so_at_the_field(admin: TestClient) -> None:
    malformed = send(admin, REOPEN, {"kk": "12345", "reason": "uji"})
    unknown = send(admin, REOPEN, {"kk": "6371010203150099", "reason": "uji"})

    assert malformed.status_code == unknown.status_code == 422
    assert "Nomor KK harus terdiri dari 16 angka." in text_of(malformed)
    assert "Data tidak ditemukan." in text_of(unknown)
