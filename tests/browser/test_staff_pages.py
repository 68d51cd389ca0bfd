"""The staff pages in Chromium on a phone: a supervisor signs in, sees progress, opens the
interview waiting for review and returns it with a comment that reaches the officer's next
sync; an administrator imports a staff file with one bad row and sees its line reported.

The field work is set up as it happens: accounts and areas through the services (as the
command line makes them), the officer's interview through the API (as the officer's app
sends it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx2 as httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from sensus.domain.staff import ADMIN, OFFICER, SUPERVISOR, StaffRow
from sensus.services.container import build_services
from sensus.services.staff import COMMAND_LINE
from tests.browser.conftest import LiveServer
from tests.integration.interviews.helpers import assignment_of, document_for, interview
from tests.registry_files import FAMILY, VILLAGE

pytestmark = pytest.mark.browser

PASSWORD = "kata-sandi-petugas"
COMMENT = "Tanggal lahir kepala keluarga berbeda dengan KTP; mohon dicek ulang."
STAFF_CSV = (
    "username,full_name,role,supervisor,password\n"
    "ppl10,Siti Aminah,officer,spv01,\n"
    "ppl11,,officer,spv01,\n"
    "ppl12,Rahmat Hidayat,officer,spv01,\n"
)


def field_day(server: LiveServer) -> dict[str, Any]:
    """Staff and FAMILY's area; the officer downloads the work and syncs one interview."""
    services = build_services(server.settings, server.database)
    for row in (
        StaffRow("admin01", "Ani Administrator", ADMIN, None, PASSWORD),
        StaffRow("spv01", "Siti Pengawas", SUPERVISOR, None, PASSWORD),
        StaffRow("ppl01", "Budi Petugas", OFFICER, "spv01", PASSWORD),
    ):
        services.field.staff.create(COMMAND_LINE, row)
    areas = f"code,name,village_code,rt,rw,officer_username\n{VILLAGE}0001,,{VILLAGE},4,2,ppl01\n"
    assert services.field.areas.import_csv(COMMAND_LINE, areas.encode()).problems == []
    with httpx.Client(base_url=server.url) as officer_app:
        signed_in = officer_app.post(
            "/api/v1/staff/session", json={"username": "ppl01", "password": PASSWORD}
        )
        assert signed_in.status_code == 200, signed_in.text
        bundle: dict[str, Any] = officer_app.get("/api/v1/officer/bundle").json()
        assignment = assignment_of(bundle, FAMILY)["assignment_id"]
        record = interview(assignment, document_for(bundle, FAMILY))
        synced = officer_app.post("/api/v1/officer/sync", json={"records": [record]})
        assert synced.json()["summary"]["stored"] == 1, synced.text
    return {
        "bundle": bundle,
        "record": record,
        "household_id": assignment_of(bundle, FAMILY)["household_id"],
    }


def sign_in(phone: Page, server: LiveServer, username: str) -> None:
    phone.goto(server.page_url("/petugas/masuk"))
    phone.get_by_label("Nama pengguna").fill(username)
    phone.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    phone.get_by_role("button", name="Masuk", exact=True).click()


def count(within: Locator, label: str) -> Locator:
    """The figure a ``.stats`` list gives for ``label``."""
    return (
        within.locator(".stats > div")
        .filter(has=within.page.get_by_text(label, exact=True))
        .locator("dd")
    )


def officers_next_sync(server: LiveServer, since: str) -> dict[str, Any]:
    with httpx.Client(base_url=server.url) as officer_app:
        officer_app.post("/api/v1/staff/session", json={"username": "ppl01", "password": PASSWORD})
        answer = officer_app.post("/api/v1/officer/sync", json={"since": since, "records": []})
        changes: dict[str, Any] = answer.json()["changes"]
        return changes


def test_a_supervisor_returns_a_pending_interview_with_a_comment(
    live_server: LiveServer, phone: Page, screenshot: Callable[[str], object]
) -> None:
    day = field_day(live_server)

    sign_in(phone, live_server, "spv01")

    expect(phone.get_by_role("heading", name="Progres", exact=True)).to_be_visible()
    officer = phone.locator("#officer-ppl01")
    expect(officer).to_contain_text("Budi Petugas")
    expect(count(officer, "Ditugaskan")).to_have_text("1")
    expect(count(officer, "Selesai")).to_have_text("1")
    expect(count(officer, "Belum selesai")).to_have_text("0")
    expect(phone.locator("table.data")).to_contain_text(f"{VILLAGE}0001")
    screenshot("staff-supervisor-progress")

    phone.get_by_role("link", name="1 wawancara menunggu pemeriksaan Anda.").click()
    phone.get_by_role("link", name=f"Rumah tangga {day['household_id']}").click()

    head = FAMILY.members[0]
    expect(phone.get_by_role("heading", name=head.name)).to_be_visible()
    expect(phone.locator("main")).to_contain_text("Hubungan dengan kepala keluarga")
    expect(phone.locator("main")).to_contain_text("Kepala keluarga")
    phone.get_by_label("Atau kembalikan ke petugas: apa yang harus diperbaiki?").fill(COMMENT)
    phone.get_by_role("button", name="Kembalikan dengan catatan ini").click()

    expect(phone.get_by_role("status")).to_contain_text("Wawancara dikembalikan ke petugas.")
    expect(phone.locator("h1 .badge")).to_have_text("Dikembalikan")
    expect(phone.locator("main")).to_contain_text(COMMENT)
    assert "/petugas/pengawas/wawancara/" in phone.url and "spv01" not in phone.url
    screenshot("staff-supervisor-returned")
    returned = officers_next_sync(live_server, day["bundle"]["bundle_version"])
    assert [r["comment"] for r in returned["returned_interviews"]] == [COMMENT]


def test_an_administrator_imports_staff_and_sees_the_bad_line(
    live_server: LiveServer, phone: Page, screenshot: Callable[[str], object]
) -> None:
    field_day(live_server)
    sign_in(phone, live_server, "admin01")
    expect(phone.get_by_role("heading", name="Administrasi")).to_be_visible()

    menu = phone.get_by_role("navigation", name="Halaman petugas")
    expect(menu.get_by_role("link", name="Petugas", exact=True)).to_be_hidden()  # folded
    menu.locator("summary").click()
    menu.get_by_role("link", name="Petugas", exact=True).click()
    phone.get_by_label("Berkas petugas (CSV)").set_input_files(
        files=[{"name": "staf.csv", "mimeType": "text/csv", "buffer": STAFF_CSV.encode()}]
    )
    phone.get_by_role("button", name="Impor", exact=True).click()

    expect(phone.get_by_role("heading", name="Impor petugas")).to_be_visible()
    problems = phone.locator("#import-problems")
    expect(problems).to_contain_text("baris 3")
    expect(problems).to_contain_text("Nama lengkap wajib diisi")
    expect(problems.locator("tbody tr")).to_have_count(1)
    expect(count(phone.locator("main"), "Dibuat")).to_have_text("2")
    expect(phone.locator(".secret-box")).to_contain_text("ppl10")
    screenshot("staff-admin-import")

    phone.get_by_role("link", name="Kembali ke daftar petugas").click()
    expect(phone.locator("table.data")).to_contain_text("Siti Aminah")
    expect(phone.locator("table.data")).to_contain_text("Rahmat Hidayat")
