"""The respondent's pages around the questionnaire: the schedule, the language, identification
mistakes and households the registry does not know."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from playwright.sync_api import Page, expect

from sensus.config import WIB
from sensus.domain.identity import FEMALE, make_kk, make_nik
from sensus.storage import households as store
from tests.browser.conftest import LiveServer
from tests.browser.respondent import (
    PASSWORD,
    add_member,
    choose_region,
    field_id,
    next_step,
    sign_in,
)
from tests.registry_files import FAMILY

pytestmark = pytest.mark.browser


def test_before_the_window_opens_the_site_says_when_it_will_in_indonesian(
    server_with: Callable[..., LiveServer], phone: Page
) -> None:
    server = server_with(
        self_response_opens=datetime(2030, 2, 15, tzinfo=WIB),
        self_response_closes=datetime(2030, 3, 31, 23, 59, tzinfo=WIB),
    )
    phone.goto(server.url)

    expect(phone.get_by_role("heading", name="Sensus online belum dibuka")).to_be_visible()
    expect(phone.locator("main")).to_contain_text("15 Februari 2030")
    expect(phone.locator("main")).to_contain_text("31 Maret 2030")
    expect(phone.locator("#kk")).to_have_count(0)


def test_after_the_window_closes_the_site_says_an_officer_will_visit(
    server_with: Callable[..., LiveServer], phone: Page
) -> None:
    server = server_with(
        self_response_opens=datetime(2020, 2, 15, tzinfo=WIB),
        self_response_closes=datetime(2020, 3, 31, 23, 59, tzinfo=WIB),
    )
    phone.goto(server.page_url("/daftar"))

    expect(phone.get_by_role("heading", name="Sensus online sudah ditutup")).to_be_visible()
    expect(phone.locator("main")).to_contain_text("31 Maret 2020")
    expect(phone.locator("#register")).to_have_count(0)


def test_the_site_speaks_indonesian_and_switches_to_english_and_back(
    live_server: LiveServer, phone: Page
) -> None:
    phone.goto(live_server.url)
    expect(phone.locator("html")).to_have_attribute("lang", "id")

    phone.get_by_role("button", name="English").click()

    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.get_by_label("Family card number (Nomor KK)")).to_be_visible()
    phone.get_by_role("button", name="Bahasa Indonesia").click()
    expect(phone.get_by_label("Nomor Kartu Keluarga (Nomor KK)")).to_be_visible()


def test_a_wrong_nik_gets_the_same_message_as_a_wrong_kk(
    live_server: LiveServer, phone: Page
) -> None:
    other_person = make_nik("637101", datetime(1990, 1, 1).date(), FEMALE, 9)
    unknown_kk = make_kk("637101", datetime(2019, 6, 1).date(), 99)
    messages = []
    for kk, nik in ((FAMILY.kk, other_person), (unknown_kk, FAMILY.members[0].nik)):
        phone.goto(live_server.url)
        phone.get_by_label("Nomor Kartu Keluarga (Nomor KK)").fill(kk)
        phone.get_by_label("NIK salah satu anggota keluarga").fill(nik)
        phone.get_by_role("button", name="Lanjut").click()
        alert = phone.locator("#identify-error")
        expect(alert).to_be_visible()
        messages.append(alert.inner_text())

    assert messages[0] == messages[1]
    assert FAMILY.kk not in messages[0] and other_person not in messages[0]


def test_a_number_that_is_not_sixteen_digits_is_caught_before_asking_the_server(
    live_server: LiveServer, phone: Page
) -> None:
    phone.goto(live_server.url)
    phone.get_by_label("Nomor Kartu Keluarga (Nomor KK)").fill("63710")
    phone.get_by_label("NIK salah satu anggota keluarga").fill(FAMILY.members[0].nik)
    phone.get_by_role("button", name="Lanjut").click()

    expect(phone.locator("#kk-error")).to_have_text("Isi tepat 16 angka.")
    expect(phone.locator("#nik-error")).to_be_hidden()


def test_a_household_with_a_new_family_card_registers_and_is_marked_for_verification(
    live_server: LiveServer, phone: Page
) -> None:
    new_kk = make_kk("637101", datetime(2026, 8, 1).date(), 4242)
    registrant = make_nik("637101", datetime(1995, 4, 9).date(), FEMALE, 31)
    phone.goto(live_server.url)
    phone.get_by_role("link", name="KK tidak ditemukan? Daftarkan rumah tangga Anda").click()

    phone.locator("#kk").fill(new_kk)
    phone.get_by_label("NIK Anda").fill(registrant)
    choose_region(phone, "village", FAMILY.village_code, base_id="village")
    phone.get_by_label("Alamat", exact=True).fill("Jl. Mantuil Raya Gg. Baru No. 3")
    phone.get_by_label("RT", exact=True).fill("4")
    phone.get_by_label("RW", exact=True).fill("2")
    phone.get_by_label("Buat kata sandi").fill(PASSWORD)
    phone.get_by_label("Ulangi kata sandi").fill(PASSWORD)
    phone.get_by_role("button", name="Daftar dan lanjutkan").click()

    phone.wait_for_url("**/rumah-tangga")
    household = store.household_by_kk(live_server.database, new_kk)
    assert household is not None
    assert household.source == "self_registered" and household.needs_verification
    where = (household.rt, household.rw, household.village_code)
    assert where == ("004", "002", FAMILY.village_code)

    # Every member is new to the registry, not to the household: nobody is asked why they
    # joined it (alasan_baru is for a registry household's new members), only for a NIK.
    add_member(phone, 0, "Siti Rahmah", 1)
    next_step(phone)
    expect(phone.locator(f"#{field_id('members/0/punya_nik')}-true")).to_be_visible()
    expect(phone.locator(f"#{field_id('members/0/alasan_baru')}-1")).to_be_attached()
    expect(phone.locator(f"#{field_id('members/0/alasan_baru')}-1")).to_be_hidden()
    phone.get_by_role("button", name="Kembali").click()  # the app reopens where it was left

    # Later, the household signs in with the new card and the registrant's NIK.
    phone.context.clear_cookies()
    sign_in(phone, live_server.url, new_kk, registrant)
