"""The whole recovery as the family sees it (ADR 0016), on a 360 px phone, in Indonesian and
in English: the family forgot its password, finds "Lupa kata sandi?" on the sign-in page,
learns whom to ask and the number to call, types the one-time code its officer handed over
and a new password, and is in its household again; the old password no longer works."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from sensus.domain.staff import StaffMember
from sensus.services.clock import system_clock
from sensus.services.recovery import Recovery
from tests.browser.conftest import LiveServer, new_phone
from tests.browser.respondent import PASSWORD, sign_in
from tests.registry_files import FAMILY

pytestmark = pytest.mark.browser

NIK = FAMILY.members[0].nik
OFFICER = StaffMember(0, "cli", "command line", "admin", None)  # as an administrator would
HELPLINE = "0800-1-SENSUS"


def code_from_the_officer(server: LiveServer) -> str:
    recovery = Recovery(server.settings, server.database, system_clock)
    return recovery.issue_code(OFFICER, FAMILY.kk, NIK).code


def test_a_family_that_forgot_its_password_gets_back_in_with_the_officers_code(
    server_with: Callable[..., LiveServer], phone: Page
) -> None:
    server = server_with(recovery_phone=HELPLINE)
    first = new_phone(phone.context.browser)  # type: ignore[arg-type]
    sign_in(first, server.url, FAMILY.kk, NIK)  # the password they will forget
    first.context.close()

    phone.goto(server.url)
    phone.get_by_label("Nomor Kartu Keluarga (Nomor KK)").fill(FAMILY.kk)
    phone.get_by_label("NIK salah satu anggota keluarga").fill(NIK)
    phone.get_by_role("button", name="Lanjut").click()
    phone.locator("#password-form").get_by_role("link", name="Lupa kata sandi?").click()

    phone.wait_for_url("**/lupa-kata-sandi")
    expect(phone.get_by_role("heading", name="Lupa kata sandi?")).to_be_visible()
    expect(phone.locator("main")).to_contain_text("Mintalah bantuan petugas sensus")
    expect(phone.locator("main")).to_contain_text(f"menelepon {HELPLINE}")
    code = code_from_the_officer(server)
    phone.get_by_label("Nomor Kartu Keluarga (Nomor KK)").fill(FAMILY.kk)
    phone.get_by_label("NIK salah satu anggota keluarga").fill(NIK)
    phone.get_by_label("Kode sekali pakai").fill(code.lower().replace("-", " "))
    phone.get_by_label("Kata sandi baru").fill("kata-sandi-baru")
    phone.get_by_label("Ulangi kata sandi").fill("kata-sandi-baru")
    phone.get_by_role("button", name="Simpan kata sandi baru dan lanjutkan").click()

    phone.wait_for_url("**/rumah-tangga")
    expect(phone.get_by_role("heading", name="Anggota rumah tangga")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # nothing wider than the phone
    again = new_phone(phone.context.browser)  # type: ignore[arg-type]
    sign_in(again, server.url, FAMILY.kk, NIK, "kata-sandi-baru")
    again.context.close()
    assert PASSWORD != "kata-sandi-baru"


def test_in_english_a_wrong_or_used_code_says_to_ask_for_a_new_one(
    live_server: LiveServer, phone: Page
) -> None:
    phone.goto(live_server.page_url("/lupa-kata-sandi"))
    phone.get_by_role("button", name="English").click()

    expect(phone.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    expect(phone.locator("main")).to_contain_text("Ask the census officer of your neighbourhood")
    phone.get_by_label("Family card number (Nomor KK)").fill(FAMILY.kk)
    phone.get_by_label("NIK of a household member").fill(NIK)
    phone.get_by_label("One-time code").fill("0000")
    phone.get_by_label("New password").fill("kata-sandi-baru")
    phone.get_by_label("Repeat the password").fill("kata-sandi-baru")
    phone.get_by_role("button", name="Set the new password and continue").click()
    expect(phone.locator("#code-error")).to_have_text(
        "The code has 8 letters and digits, for example ACDE-3467."
    )

    phone.get_by_label("One-time code").fill("ACDE-3467")  # well formed, never handed out
    phone.get_by_role("button", name="Set the new password and continue").click()

    expect(phone.get_by_role("alert")).to_contain_text("Ask your officer for a new code.")
    assert phone.url.endswith("/lupa-kata-sandi")
