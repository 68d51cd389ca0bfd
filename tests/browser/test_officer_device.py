"""The officer's phone around the interviews: receipt codes checked offline, the population
list checked, a household found in the field, an interview returned by the supervisor, the
device's database upgraded in place, and signing out (refused while work waits; then the
officer's data leaves the phone). In Bahasa Indonesia, and in English on request.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from sensus.storage.tables import assignments, households, listing_checks
from tests.browser.conftest import LiveServer, new_phone
from tests.browser.officer import (
    APP,
    FAMILY,
    NEIGHBOUR,
    PASSWORD,
    SOLOS,
    Field,
    back_to_area,
    device,
    device_records,
    download_again,
    head,
    interview_alone,
    interviews_of,
    next_step,
    notice,
    open_area,
    open_household,
    open_sync,
    record_visit,
    self_respond,
    sign_in,
    sync_now,
    sync_state,
    visits_of,
)
from tests.browser.respondent import answer
from tests.vectors import HERE

pytestmark = pytest.mark.browser


def rows(field: Field, query: Any) -> list[dict[str, Any]]:
    with field.database.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def test_the_browser_reads_receipt_codes_as_the_server_does(
    live_server: LiveServer, phone: Page
) -> None:
    vectors = json.loads((HERE / "receipt_codes.json").read_text(encoding="utf-8"))
    phone.goto(live_server.url)
    found = phone.evaluate(
        """async (vectors) => {
          const codes = await import("/static/js/receipt-codes.js");
          const read = vectors.codes.map(
            (c) => ({ normalised: codes.normalise(c.typed), valid: codes.isValid(c.typed) }));
          const hashes = [];
          for (const c of vectors.hashes) {
            hashes.push(await codes.receiptHash(c.salt, c.household_id, c.typed));
          }
          return { read, hashes };
        }""",
        vectors,
    )
    expected = [{"normalised": c["normalised"], "valid": c["valid"]} for c in vectors["codes"]]
    assert found["read"] == expected
    assert found["hashes"] == [c["hash"] for c in vectors["hashes"]]


def test_a_receipt_code_shown_at_the_door_is_checked_without_signal(
    field: Field, officer: Page
) -> None:
    code = self_respond(field.server.url, FAMILY)
    download_again(officer)
    field.offline(officer.context)
    open_area(officer)
    open_household(officer, FAMILY, within="#population-list")
    result = officer.locator("#receipt-result")

    for typed, verdict in (
        (
            code.lower().replace("-", " "),
            f"Kode benar: {head(FAMILY).name}, {FAMILY.address} sudah mengisi secara online.",
        ),
        (code[:-1] + ("0" if code[-1] != "0" else "1"), "Ini bukan kode tanda terima yang sah"),
    ):
        officer.get_by_label("Kode bukti pengisian").fill(typed)
        officer.get_by_role("button", name="Periksa kode").click()
        expect(result).to_contain_text(verdict)
    back_to_area(officer)
    open_household(officer, NEIGHBOUR, within="#population-list")
    officer.get_by_label("Kode bukti pengisian").fill(code)
    officer.get_by_role("button", name="Periksa kode").click()
    expect(result).to_contain_text(
        f"{head(NEIGHBOUR).name}, {NEIGHBOUR.address} belum mengisi online saat HP ini terakhir"
    )


def test_the_list_checked_and_a_household_found_in_the_field_reach_the_server(
    field: Field, officer: Page
) -> None:
    field.offline(officer.context)
    open_area(officer)
    open_household(officer, SOLOS[2], within="#population-list")
    officer.locator('label[for="listing-result-moved"]').tap()
    officer.get_by_role("button", name="Simpan pemeriksaan daftar").click()
    expect(notice(officer)).to_contain_text("Pemeriksaan daftar tersimpan di HP ini")
    back_to_area(officer)
    officer.get_by_role("button", name="Tambah rumah tangga yang tidak ada di daftar").click()
    officer.get_by_role("button", name="Simpan rumah tangga baru").click()
    expect(officer.locator("#new-address-error")).to_have_text("Wajib diisi.")
    officer.get_by_label("Alamat").fill("Jl. Mantuil Raya, rumah biru di belakang masjid")
    officer.get_by_role("button", name="Simpan rumah tangga baru").click()
    expect(
        officer.get_by_role("heading", name="Rumah tangga baru: Jl. Mantuil Raya")
    ).to_be_visible()
    expect(officer.locator(".facts")).to_contain_text("P-")
    record_visit(officer, "nobody_home", revisit_day="2026-12-03")
    back_to_area(officer)
    expect(officer.locator("#assigned")).to_contain_text("rumah biru di belakang masjid")

    field.online(officer.context)
    open_sync(officer)
    sync_now(officer)
    expect(officer.locator("#count-done")).to_have_text("3")
    officer.go_back()
    expect(officer.locator("#assigned")).not_to_contain_text(head(SOLOS[2]).name)
    expect(officer.locator("#removed-assignments")).to_contain_text("dicoret dari daftar penduduk")

    [found] = rows(field, select(households).where(households.c.source == "field_found"))
    new = next(r for r in device_records(officer) if r["kind"] == "new_household")
    assert found["provisional_id"] == new["body"]["provisional_id"]
    [assignment] = rows(field, select(assignments).where(assignments.c.household_id == found["id"]))
    assert assignment["id"] == new["body"]["assignment_id"]  # made on the phone
    assert [v["outcome"] for v in visits_of(field.database, found["id"])] == ["nobody_home"]
    [check] = rows(field, select(listing_checks))
    assert (check["household_id"], check["result"]) == (field.household_id(SOLOS[2]), "moved")

    # A new bundle lists the household the phone found: shown once, with its visit.
    officer.get_by_role("button", name="Kembali ke wilayah tugas Anda").click()
    download_again(officer)
    open_area(officer)
    found_here = officer.locator("#assigned button").filter(has_text="rumah biru")
    expect(found_here).to_have_count(1)


def test_a_returned_interview_comes_back_with_the_comment_and_goes_again_as_a_new_record(
    field: Field, officer: Page
) -> None:
    open_area(officer)
    open_household(officer, SOLOS[0])
    interview_alone(officer, SOLOS[0])
    open_sync(officer)
    sync_now(officer)
    [first] = interviews_of(field.database, field.household_id(SOLOS[0]))
    comment = "Suku bangsa salah: ibunya Dayak, tanyakan lagi."
    supervisor = field.services.field.staff.sign_in("spv01", PASSWORD, "test").member
    field.services.field.supervision.return_interview(supervisor, first["submission_id"], comment)

    sync_now(officer)
    officer.get_by_role("button", name="Kembali ke wilayah tugas Anda").click()
    expect(officer.locator(".notice.attention")).to_contain_text("dikembalikan pengawas: 1")
    open_area(officer)
    open_household(officer, SOLOS[0])
    expect(officer.locator(".comment")).to_contain_text(comment)
    officer.get_by_role("button", name="Perbaiki wawancara yang dikembalikan").click()
    next_step(officer)
    answer(officer, "members/0/suku_bangsa", "Dayak")
    next_step(officer)
    next_step(officer)
    officer.get_by_role("button", name="Simpan wawancara").click()
    expect(officer.locator("#progress")).to_have_text("Sudah diwawancarai")
    open_sync(officer)
    sync_now(officer)

    replaced, corrected = interviews_of(field.database, field.household_id(SOLOS[0]))
    assert replaced["submission_id"] == first["submission_id"]
    assert corrected["submission_id"] != first["submission_id"]
    assert corrected["assignment_id"] == first["assignment_id"]
    assert json.loads(corrected["payload"])["members"][0]["answers"]["suku_bangsa"] == "Dayak"
    assert (corrected["is_final"], replaced["is_final"]) == (True, False)


# The database as the household app of release 1 left it: a household's document and a draft
# sync waiting in its outbox.
_VERSION_ONE = """
async () => await new Promise((resolve, reject) => {
  const opening = indexedDB.open("sensus", 1);
  opening.onupgradeneeded = () => {
    const db = opening.result;
    for (const name of ["records", "outbox", "results"]) {
      db.createObjectStore(name, { keyPath: "key" });
    }
    db.createObjectStore("quarantine", { autoIncrement: true });
  };
  opening.onsuccess = () => {
    const db = opening.result;
    const tx = db.transaction(["records", "outbox"], "readwrite");
    const doc = { household: {}, members: [] };
    tx.objectStore("records").put({ key: "document", household_ref: "h1", doc });
    const url = "/api/v1/self-response/draft";
    tx.objectStore("outbox").put({ key: "draft", kind: "draft", url });
    tx.oncomplete = () => { db.close(); resolve(true); };
    tx.onerror = () => reject(tx.error);
  };
  opening.onerror = () => reject(opening.error);
})
"""


def test_the_phones_database_is_upgraded_in_place_keeping_a_households_work(
    field: Field, browser: Any
) -> None:
    phone = new_phone(browser)
    phone.goto(f"{field.url}/healthz")  # the origin, before any app opened its database
    phone.evaluate(_VERSION_ONE)

    sign_in(phone, field.url)
    expect(phone.get_by_role("button", name="Unduh tugas saya")).to_be_visible()
    version = phone.evaluate(
        "async () => (await indexedDB.databases()).find((d) => d.name === 'sensus').version"
    )
    assert version == 2
    assert device(phone, "records", "document")["household_ref"] == "h1"
    assert device(phone, "outbox", "draft")["kind"] == "draft"
    assert device(phone, "officer_records") == []
    phone.context.close()


def test_signing_out_is_refused_while_records_wait_and_then_clears_the_phone(
    field: Field, officer: Page
) -> None:
    field.offline(officer.context)
    open_area(officer)
    open_household(officer, FAMILY)
    record_visit(officer, "nobody_home", revisit_day="2026-12-02")
    officer.get_by_role("button", name="Keluar").click()
    dialog = officer.get_by_role("dialog")
    expect(dialog).to_contain_text("1 data atau wawancara di HP ini belum ada di server")
    dialog.get_by_role("button", name="Tutup").click()
    assert len(device_records(officer)) == 1

    field.online(officer.context)
    expect(sync_state(officer)).to_contain_text("Semua sudah terkirim")
    officer.get_by_role("button", name="Keluar").click()
    officer.wait_for_url("**/petugas/masuk")
    for store in ("officer", "officer_records", "officer_drafts", "officer_outbox"):
        assert device(officer, store) == [], store
    me = officer.evaluate("async () => (await fetch('/api/v1/staff/me')).status")
    assert me == 401


def test_the_app_speaks_english_on_request(field: Field, officer: Page) -> None:
    officer.get_by_role("button", name="English").click()
    officer.wait_for_url(f"**{APP}")
    expect(officer.get_by_role("heading", name="Your areas")).to_be_visible()
    expect(officer.locator("#open-sync")).to_have_text("Sync")
    open_sync_en = officer.locator("#open-sync")
    open_sync_en.click()
    expect(officer.get_by_role("button", name="Sync now")).to_be_visible()
    assert "Sinkron" not in officer.locator("#officer-app").inner_text()
