"""Every screen of the respondent app and of the officer app, read with axe-core as well as
the eye, in both languages, at 360×740 (issue 11).

Given a family's phone and an officer's phone, when they go through the screens the journeys
in test_what_a_person_reads.py do not reach (identification refused, registration, recovery,
the password, a step with errors, the app without signal, the queued and sent answers; the
officer's every screen), then each screen has no axe violation (WCAG 2.0–2.2 A/AA and best
practice), no leaked value, no sideways scroll, no console error and one h1.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import FAMILY, LiveServer, new_phone
from tests.browser.officer import (
    SOLOS,
    Field,
    back_to_area,
    download_work,
    interview_alone,
    open_area,
    open_household,
)
from tests.browser.officer import (
    sign_in as officer_sign_in,
)
from tests.browser.reading import Reader
from tests.browser.respondent import PASSWORD, answer, field_id, next_step, save_state
from tests.registry_files import NEIGHBOUR

pytestmark = pytest.mark.browser


def _switch(page: Page, to: str) -> None:
    page.get_by_role("button", name="English" if to == "en" else "Bahasa Indonesia").click()
    expect(page.locator("html")).to_have_attribute("lang", to)


def _door_pages(page: Page, reader: Reader, url: str, lang: str) -> None:
    """Identification (blank, refused), registration and recovery, each with its errors."""
    page.goto(url)
    if lang == "en":
        _switch(page, "en")
    reader.screen(f"{lang}-identify")
    page.locator("#kk").fill(FAMILY.kk)
    page.locator("#nik").fill(NEIGHBOUR.members[0].nik)
    page.locator("#identify button[type=submit]").click()
    expect(page.locator("#identify-error")).to_be_visible()
    reader.errors.clear()  # the 401 is the console's "failed to load" line
    reader.screen(f"{lang}-identify-refused")
    for path, name in (("/daftar", "register"), ("/lupa-kata-sandi", "recover")):
        page.goto(url + path)
        reader.screen(f"{lang}-{name}")
        page.locator("main form button[type=submit]").first.click()
        expect(page.locator("main .error:visible").first).to_be_visible()
        reader.errors.clear()
        reader.screen(f"{lang}-{name}-errors")


def test_the_respondent_app_in_both_languages(live_server: LiveServer, phone: Page) -> None:
    reader = Reader(phone, accessible=True)
    _door_pages(phone, reader, live_server.url, "en")
    _switch(phone, "id")
    _door_pages(phone, reader, live_server.url, "id")

    phone.goto(live_server.url)
    phone.locator("#kk").fill(FAMILY.kk)
    phone.locator("#nik").fill(FAMILY.members[0].nik)
    phone.get_by_role("button", name="Lanjut").click()
    expect(phone.get_by_label("Ulangi kata sandi")).to_be_visible()
    reader.screen("id-set-password")
    phone.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    phone.get_by_label("Ulangi kata sandi").fill(PASSWORD)
    phone.get_by_role("button", name="Masuk").click()
    phone.wait_for_url("**/rumah-tangga")

    next_step(phone)  # the first person, with an answer out of range
    years = phone.locator(f"#{field_id('members/0/lama_tinggal')}")
    years.fill("200")
    years.dispatch_event("change")
    next_step(phone)
    expect(phone.locator(".field .error:visible").first).to_be_visible()
    reader.screen("id-step-errors")

    phone.context.set_offline(True)
    answer(phone, "members/0/lama_tinggal", 3)
    expect(save_state(phone)).to_contain_text("Menunggu sinyal")
    reader.errors.clear()  # the failed save is the console's "failed to fetch" line
    reader.screen("id-offline")
    phone.context.set_offline(False)
    # Saved on the server, but not sent: a person must not leave thinking they are done.
    expect(save_state(phone)).to_contain_text("tetapi belum dikirim. Kirim di langkah terakhir.")
    reader.errors.clear()  # the failed saves while offline, as above
    reader.screen("id-synced")


def _to_the_areas(phone: Page) -> None:
    phone.locator("#officer-app .view > p:first-child .link-button").click()
    expect(phone.locator("#officer-app .card.area").first).to_be_visible()


def _officer_screens(phone: Page, reader: Reader, lang: str) -> None:
    names = {"id": ("Kembali ke", "Buka"), "en": ("Back to", "Open")}[lang]
    reader.screen(f"{lang}-officer-areas")
    phone.get_by_role("button", name=f"{names[1]} RT 004 / RW 002").click()
    expect(phone.get_by_role("heading", name="RT 004 / RW 002")).to_be_visible()
    reader.screen(f"{lang}-officer-area")
    phone.locator("#assigned").get_by_role("button").filter(
        has_text=SOLOS[1].members[0].name
    ).click()
    expect(phone.locator("#start-interview")).to_be_visible()
    reader.screen(f"{lang}-officer-household")
    phone.locator("#start-interview").click()
    expect(phone.locator(".progress")).to_be_visible()
    reader.screen(f"{lang}-officer-interview-roster")
    phone.locator("#leave-interview").click()
    expect(phone.locator("#officer-app > .notice[role=status]")).to_be_visible()
    reader.screen(f"{lang}-officer-interview-kept")
    phone.get_by_role("button", name=f"{names[0]} RT 004 / RW 002").click()
    phone.locator("#population-list + button").click()
    expect(phone.locator("#new-household-form")).to_be_visible()
    reader.screen(f"{lang}-officer-new-household")
    phone.locator("#open-sync").click()
    expect(phone.locator("#count-waiting")).to_be_visible()
    reader.screen(f"{lang}-officer-sync")


def test_the_officer_app_in_both_languages(field: Field, browser: Browser) -> None:
    phone = new_phone(browser)
    try:
        reader = Reader(phone, accessible=True)
        officer_sign_in(phone, field.url)
        expect(phone.get_by_role("button", name="Unduh tugas saya")).to_be_visible()
        reader.screen("id-officer-start")
        download_work(phone)
        expect(phone.locator("#sync-state")).not_to_contain_text("Belum pernah")
        reader.screen("id-officer-downloaded")
        open_area(phone)
        open_household(phone, SOLOS[0])
        interview_alone(phone, SOLOS[0])
        reader.screen("id-officer-interview-saved")
        back_to_area(phone)
        _to_the_areas(phone)
        _officer_screens(phone, reader, "id")
        _switch(phone, "en")  # the page reloads on the screen it was on
        expect(phone.locator("#count-waiting")).to_be_visible()
        _to_the_areas(phone)
        _officer_screens(phone, reader, "en")
    finally:
        phone.context.close()
