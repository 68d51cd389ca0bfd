"""A household answers the census online, end to end, on a phone-sized Chromium.

Given the registry's family of four (head, wife, two children),
when the respondent signs in, marks the elder child as moved away, adds a newborn, answers
every question for each person and the household, reviews and submits,
then the receipt shows a valid code and QR code, coming back shows it again, and the stored
record holds exactly what was typed, field by field.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from sensus.domain import receipts
from sensus.storage import households as store
from tests.browser.conftest import FAMILY, LiveServer
from tests.browser.household_answers import (
    HEAD_ANSWERS,
    HOUSEHOLD_ANSWERS,
    NEW_VILLAGE,
    NEWBORN_ANSWERS,
    WIFE_ANSWERS,
    YOUNGER_ANSWERS,
    registry_answers,
)
from tests.browser.respondent import (
    PASSWORD,
    SUBMIT,
    answer,
    choose_region,
    field_id,
    next_step,
    sign_in,
    visible_fields_are_labelled,
)

pytestmark = pytest.mark.browser

HEAD, WIFE, ELDER, YOUNGER = FAMILY.members
NEWBORN_INDEX = 4


def answer_person(page: Page, index: int, answers: dict[str, Any]) -> None:
    visible_fields_are_labelled(page)
    for question, value in answers.items():
        answer(page, f"members/{index}/{question}", value)
    next_step(page)


def test_four_person_household_with_one_moved_away_and_a_newborn(
    live_server: LiveServer, phone: Page, screenshot: Any
) -> None:
    sign_in(phone, live_server.url, FAMILY.kk, WIFE.nik)

    # Roster: the elder child moved away; a baby was born since the card was printed.
    visible_fields_are_labelled(phone)
    answer(phone, "members/2/presence", "moved_away")
    phone.get_by_role("button", name="Tambah anggota").click()
    expect(phone.locator(f"#{field_id('members/4/nama')}")).to_be_focused()
    answer(phone, "members/4/nama", "Nur Aisyah")
    answer(phone, "members/4/hubungan", 4)
    screenshot("journey-roster")
    next_step(phone)

    answer_person(phone, 0, HEAD_ANSWERS)
    answer_person(phone, 1, WIFE_ANSWERS)
    answer_person(phone, 3, YOUNGER_ANSWERS)
    answer_person(phone, NEWBORN_INDEX, NEWBORN_ANSWERS)

    # The household moved within the city: a new village and address.
    visible_fields_are_labelled(phone)
    choose_region(phone, "household/wilayah_domisili", NEW_VILLAGE)
    for question, value in HOUSEHOLD_ANSWERS.items():
        answer(phone, f"household/{question}", value)
    next_step(phone)

    expect(phone.get_by_role("heading", name="Periksa jawaban Anda")).to_be_visible()
    expect(phone.locator("#main")).to_contain_text("Nur Aisyah")
    expect(phone.locator("#main .error:visible")).to_have_count(0)
    screenshot("journey-review")
    phone.get_by_role("button", name=SUBMIT).click()

    phone.wait_for_url("**/tanda-terima")
    code = phone.locator("#receipt-code").inner_text().replace("\n", "").replace(" ", "")
    assert receipts.is_valid(code), code
    expect(phone.locator(".qr svg")).to_be_visible()
    expect(phone.get_by_role("button", name="Cetak bukti")).to_be_visible()
    screenshot("journey-receipt")

    stored = _stored_record(live_server)
    assert receipts.display(stored["receipt_code"]) == code
    _assert_record_holds_what_was_typed(stored["payload"])

    # Coming back later on the same phone shows the receipt again, not the form.
    phone.goto(live_server.page_url("/rumah-tangga"))
    phone.wait_for_url("**/tanda-terima")
    expect(phone.locator("#receipt-code")).to_contain_text(code.split("-")[0])


def test_a_second_device_is_asked_for_the_password_the_first_one_set(
    live_server: LiveServer, phone: Page, browser: Browser
) -> None:
    sign_in(phone, live_server.url, FAMILY.kk, HEAD.nik)

    other = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True)
    try:
        page = other.new_page()
        page.goto(live_server.url)
        page.get_by_label("Nomor Kartu Keluarga (Nomor KK)").fill(FAMILY.kk)
        page.get_by_label("NIK salah satu anggota keluarga").fill(YOUNGER.nik)
        page.get_by_role("button", name="Lanjut").click()
        asked = page.get_by_role("heading", name="Masukkan kata sandi rumah tangga Anda")
        expect(asked).to_be_visible()
        expect(page.get_by_label("Ulangi kata sandi")).to_be_hidden()
        page.get_by_label("Kata sandi", exact=True).fill("bukan-kata-sandinya")
        page.get_by_role("button", name="Masuk").click()
        refusal = page.locator("#password-form-error, #password-error").filter(has_text="salah")
        expect(refusal).to_have_count(1)
        page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url("**/rumah-tangga")
    finally:
        other.close()


def _stored_record(server: LiveServer) -> dict[str, Any]:
    household = store.household_by_kk(server.database, FAMILY.kk)
    assert household is not None and household.status == "submitted"
    assert store.count_submissions(server.database, household.id) == 1
    record = store.final_submission(server.database, household.id)
    assert record is not None and record.mode == "self_response"
    return {"receipt_code": record.receipt_code, "payload": json.loads(record.payload)}


def _assert_record_holds_what_was_typed(payload: dict[str, Any]) -> None:
    assert payload["questionnaire_id"] == "sp2020"
    assert payload["household"] == {"wilayah_domisili": NEW_VILLAGE, **HOUSEHOLD_ANSWERS}
    members = payload["members"]
    assert [m["presence"] for m in members] == [
        "lives_here",
        "lives_here",
        "moved_away",
        "lives_here",
        "new",
    ]
    assert members[0]["answers"] == {**registry_answers(HEAD), **HEAD_ANSWERS}
    assert members[1]["answers"] == {**registry_answers(WIFE), **WIFE_ANSWERS}
    # Nothing is kept for someone who moved away: their answers belong to their new household.
    assert members[2]["answers"] == {}
    younger = registry_answers(YOUNGER)
    assert members[3]["answers"] == {**younger, **YOUNGER_ANSWERS}
    newborn = members[NEWBORN_INDEX]
    assert newborn["member_id"].startswith("n-")
    assert newborn["answers"] == {"nama": "Nur Aisyah", "hubungan": 4, **NEWBORN_ANSWERS}
