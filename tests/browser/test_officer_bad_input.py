"""Bad input on the officer's phone: nothing is lost, every refusal says what to do.

- A batch with a record the server refuses (a newborn's NIK whose district code does not
  exist: only the server can tell) stores the good records; the refused one is shown on the
  sync screen at its field with what to do, opens at that field to be fixed, and goes again
  under the same record_id.
- A session ended (an administrator revoked it) while work waits on the phone: the work stays,
  the phone asks for the password, and after signing in again (in the app, or on the sign-in
  page after a reload) the work goes.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from sensus.domain.identity import FEMALE, make_nik
from sensus.storage.tables import sync_records
from tests.browser.officer import (
    APP,
    DISTRICT,
    FAMILY,
    NEIGHBOUR,
    PASSWORD,
    SOLOS,
    Field,
    back_to_area,
    device_records,
    head,
    interview_alone,
    interviews_of,
    next_step,
    notice,
    open_area,
    open_household,
    open_sync,
    record_visit,
    sign_in,
    snapshot,
    sync_now,
    sync_state,
    typed_answers,
    typed_household,
    visits_of,
)
from tests.browser.respondent import answer

pytestmark = pytest.mark.browser

BORN = date(2026, 3, 10)
UNKNOWN_DISTRICT_NIK = make_nik("999999", BORN, FEMALE, 1)
GOOD_NIK = make_nik(DISTRICT, BORN, FEMALE, 77)
GRANDCHILD = {
    "alasan_baru": 1,
    "punya_nik": True,
    "nik": UNKNOWN_DISTRICT_NIK,
    "jenis_kelamin": FEMALE,
    "tempat_lahir": "Banjarmasin",
    "tanggal_lahir": BORN.isoformat(),
    "lama_tinggal": 0,
    "kewarganegaraan": 1,
    "suku_bangsa": "Banjar",
    "agama": 1,
}


def interview_with_a_grandchild(phone: Page) -> None:
    """NEIGHBOUR lives with a grandchild born this year, who has a NIK already."""
    phone.get_by_role("button", name="Mulai wawancara").click()
    phone.get_by_role("button", name="Tambah anggota").click()
    answer(phone, "members/1/nama", "Nur Hidayah")
    answer(phone, "members/1/hubungan", 6)
    next_step(phone)
    for question, value in typed_answers(head(NEIGHBOUR)).items():
        answer(phone, f"members/0/{question}", value)
    next_step(phone)
    for question, value in GRANDCHILD.items():
        answer(phone, f"members/1/{question}", value)
    next_step(phone)
    for question, value in typed_household(NEIGHBOUR).items():
        answer(phone, f"household/{question}", value)
    next_step(phone)
    phone.get_by_role("button", name="Simpan wawancara").click()
    expect(notice(phone)).to_contain_text("Wawancara tersimpan di HP ini")


def test_a_refused_record_is_shown_at_its_field_fixed_and_sent_again(
    field: Field, officer: Page
) -> None:
    open_area(officer)
    open_household(officer, SOLOS[0])
    interview_alone(officer, SOLOS[0])
    back_to_area(officer)
    open_household(officer, NEIGHBOUR)
    interview_with_a_grandchild(officer)
    back_to_area(officer)
    open_household(officer, FAMILY)
    record_visit(officer, "nobody_home", revisit_day="2026-12-02")
    open_sync(officer)
    sync_now(officer)

    expect(officer.locator("#count-done")).to_have_text("2")
    expect(officer.locator("#count-refused")).to_have_text("1")
    expect(sync_state(officer)).to_contain_text("Ditolak: 1, lihat Sinkronisasi")
    refused = officer.locator("#refused-records > li")
    expect(refused).to_contain_text(head(NEIGHBOUR).name)
    expect(refused).to_contain_text("Ditolak: perbaiki")
    expect(refused).to_contain_text(
        "Anggota ke-2 · NIK: Enam angka pertama NIK bukan kode kecamatan yang dikenal."
    )
    expect(refused).to_contain_text("Selanjutnya: perbaiki di HP ini, lalu sinkronkan lagi.")
    snapshot(officer, "officer-sync-refused")
    assert len(interviews_of(field.database, field.household_id(SOLOS[0]))) == 1
    assert len(visits_of(field.database, field.household_id(FAMILY))) == 1
    assert interviews_of(field.database, field.household_id(NEIGHBOUR)) == []
    [bad] = [r for r in device_records(officer) if r["state"] == "rejected"]

    refused.get_by_role("button", name="Perbaiki").click()
    error = officer.locator("#f-members-1-nik-error")
    expect(error).to_have_text("Enam angka pertama NIK bukan kode kecamatan yang dikenal.")
    expect(officer.locator("#f-members-1-nik")).to_be_focused()
    snapshot(officer, "officer-fix-at-the-field")
    answer(officer, "members/1/nik", GOOD_NIK)
    next_step(officer)
    next_step(officer)
    officer.get_by_role("button", name="Simpan wawancara").click()
    open_sync(officer)
    sync_now(officer)

    expect(officer.locator("#count-refused")).to_have_text("0")
    expect(officer.locator("#count-done")).to_have_text("3")
    [row] = interviews_of(field.database, field.household_id(NEIGHBOUR))
    assert row["submission_id"] == bad["record_id"]  # fixed under the same record_id
    assert json.loads(row["payload"])["members"][1]["answers"]["nik"] == GOOD_NIK
    with field.database.engine.connect() as conn:
        fate = conn.execute(
            select(sync_records.c.status).where(sync_records.c.record_id == bad["record_id"])
        ).scalar_one()
    assert fate == "stored"


def test_a_session_ended_while_work_waits_keeps_the_work_until_a_new_sign_in(
    field: Field, officer: Page
) -> None:
    field.offline(officer.context)
    open_area(officer)
    open_household(officer, FAMILY)
    record_visit(officer, "nobody_home", revisit_day="2026-12-02")
    field.end_sessions()  # the phone was reported lost, then found

    field.online(officer.context)  # the app syncs by itself: refused, 401
    expect(
        officer.get_by_role("heading", name="Masuk lagi untuk mengirim data Anda")
    ).to_be_visible()
    expect(sync_state(officer)).to_contain_text("Sesi berakhir: masuk lagi untuk mengirim")
    assert [r["state"] for r in device_records(officer)] == ["waiting"]
    assert visits_of(field.database, field.household_id(FAMILY)) == []

    officer.reload()  # with signal, an ended session is sent to the sign-in page first
    officer.wait_for_url("**/petugas/masuk")
    assert [r["state"] for r in device_records(officer)] == ["waiting"]
    sign_in(officer, field.url)
    expect(sync_state(officer)).to_contain_text("Semua sudah terkirim")
    assert [v["outcome"] for v in visits_of(field.database, field.household_id(FAMILY))] == [
        "nobody_home"
    ]

    # Ended again while the app is open: the password, in the app, and the work goes.
    field.offline(officer.context)
    back_to_area(officer)  # the app opened where the officer left it: FAMILY
    open_household(officer, SOLOS[1])
    record_visit(officer, "refused")
    field.end_sessions()
    field.online(officer.context)
    officer.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    officer.get_by_role("button", name="Masuk", exact=True).click()
    expect(sync_state(officer)).to_contain_text("Semua sudah terkirim")
    assert officer.url.endswith(APP)
    assert [v["outcome"] for v in visits_of(field.database, field.household_id(SOLOS[1]))] == [
        "refused"
    ]
