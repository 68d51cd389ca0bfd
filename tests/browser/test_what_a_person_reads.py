"""Every step of the household app, read as a person reads it, in both languages (issue 11).

Given a family signed in on a 360 px phone, when they go through every step (roster, each
person, the household, the review) and submit, then no screen shows a leaked value
("undefined" under "Langkah 1 dari N" was one), none scrolls sideways, the English header
keeps "Sign out" on the screen, and the console stays clean.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import FAMILY, LiveServer
from tests.browser.household_answers import FIVE_PEOPLE, HOUSEHOLD_ANSWERS, NEWBORN_NAME
from tests.browser.reading import Reader
from tests.browser.respondent import (
    add_member,
    answer,
    field_id,
    next_step,
    sign_in,
)
from tests.registry_files import NEIGHBOUR

pytestmark = pytest.mark.browser

STEPS = 1 + len(FIVE_PEOPLE) + 1  # the roster, each person, the household; then the review


def _in_english(phone: Page) -> None:
    phone.get_by_role("button", name="English").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")


def _sign_out_is_on_the_screen(phone: Page) -> None:
    button = phone.locator("#sign-out")
    expect(button).to_be_in_viewport(ratio=1)
    box = button.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 360, box


def _a_long_address_shows_whole(phone: Page) -> None:
    address = phone.locator(f"#{field_id('household/alamat_domisili')}")
    address.fill("Jl. Pangeran Antasari Gg. Keluarga Sejahtera RT 004 RW 002 No. 117B, " * 2)
    hidden = address.evaluate(
        "(box) => box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight"
    )
    assert not hidden, "a long address is cut off in its field"


def test_every_step_reads_right_in_indonesian_then_in_english(
    live_server: LiveServer, phone: Page
) -> None:
    reader = Reader(phone, accessible=True)
    sign_in(phone, live_server.url, FAMILY.kk, FAMILY.members[0].nik)
    reader.screen("id-roster")
    add_member(phone, 4, NEWBORN_NAME, 4)
    next_step(phone)
    for index, answers in enumerate(FIVE_PEOPLE):
        reader.screen(f"id-person-{index}")
        for question, value in answers.items():
            answer(phone, f"members/{index}/{question}", value)
        next_step(phone)
    reader.screen("id-household")
    _a_long_address_shows_whole(phone)
    for question, value in HOUSEHOLD_ANSWERS.items():
        answer(phone, f"household/{question}", value)
    next_step(phone)
    expect(phone.get_by_role("heading", name="Periksa jawaban Anda")).to_be_visible()
    reader.screen("id-review")

    # The same draft in English, step by step back from the review.
    _in_english(phone)
    expect(phone.get_by_role("heading", name="Check your answers")).to_be_visible()
    _sign_out_is_on_the_screen(phone)
    reader.screen("en-review")
    for step in range(STEPS, 0, -1):
        phone.get_by_role("button", name="Back").click()
        expect(phone.locator("#main")).to_contain_text(f"Step {step} of {STEPS + 1}")
        reader.screen(f"en-step-{step}")
    _sign_out_is_on_the_screen(phone)
    for _ in range(STEPS):
        phone.get_by_role("button", name="Next").click()
    phone.get_by_role("button", name="Send the answers").click()
    phone.wait_for_url("**/tanda-terima")
    expect(phone.locator("#receipt-code")).to_be_visible()
    reader.screen("en-receipt")
    qr = phone.locator(".qr svg").bounding_box()
    assert qr is not None and abs(qr["x"] + qr["width"] / 2 - 180) <= 1, qr  # centred


def test_english_header_fits_a_360_px_screen_on_every_page(
    live_server: LiveServer, phone: Page
) -> None:
    reader = Reader(phone, accessible=True)
    phone.goto(live_server.url)
    _in_english(phone)
    reader.screen("en-identify")
    sign_in_en = phone.get_by_label("Family card number (Nomor KK)")
    expect(sign_in_en).to_be_visible()


def test_text_in_a_number_field_gets_one_message_that_asks_for_digits(
    live_server: LiveServer, phone: Page
) -> None:
    sign_in(phone, live_server.url, FAMILY.kk, FAMILY.members[0].nik)
    next_step(phone)
    years = phone.locator(f"#{field_id('members/0/lama_tinggal')}")
    years.fill("dua belas")
    years.dispatch_event("change")
    next_step(phone)
    field = phone.locator(".field").filter(has=years)
    expect(field.locator(".error:visible")).to_have_count(1)
    expect(field).to_contain_text("Isikan angka bulat saja, tanpa huruf atau tanda lain.")
    years.fill("121")
    years.dispatch_event("change")
    expect(field).to_contain_text("Isikan angka 0–120.")


def test_too_many_attempts_says_how_long_to_wait_and_where_to_get_help(
    live_server: LiveServer, phone: Page
) -> None:
    reader = Reader(phone, accessible=True)
    phone.goto(live_server.url)
    phone.get_by_label("Nomor Kartu Keluarga (Nomor KK)").fill(FAMILY.kk)
    phone.get_by_label("NIK salah satu anggota keluarga").fill(NEIGHBOUR.members[0].nik)
    refusal = phone.locator("#identify-error")
    for _ in range(6):  # five refusals count; the sixth waits (ADR 0013)
        phone.get_by_role("button", name="Lanjut").click()
        expect(refusal).to_be_visible()
        expect(phone.get_by_role("button", name="Lanjut")).to_be_enabled()
    expect(refusal).to_contain_text("Terlalu banyak percobaan. Coba lagi dalam 30 detik.")
    expect(refusal).to_contain_text("Tanyakan kepada petugas sensus di desa/kelurahan Anda")
    reader.errors.clear()  # the 401s and the 429 are the console's "failed to load" lines
    reader.screen("id-locked-out")
