"""A household answers with no signal at all, and its answers arrive exactly once.

Given a phone that signed in once (the app and the household are now on the device),
when the signal goes, the respondent fills in a five-person household completely, reloads
the page, and presses Send,
then every answer is still there after the reload, the page says the answers are queued,
and when the signal comes back exactly one submission reaches the server, the receipt
appears and the stored record holds what was typed, field by field; and a submission queued
while no page is open is sent by the service worker (Background Sync).
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, expect

from sensus.domain import receipts
from sensus.storage import households as store
from tests.browser.conftest import FAMILY, Network, new_phone
from tests.browser.household_answers import HOUSEHOLD_ANSWERS, NEWBORN_NAME, expected_members
from tests.browser.respondent import (
    SUBMIT,
    eventually,
    fill_five_people,
    ready_offline,
    save_state,
    sign_in,
    stored,
    wake_for_background_sync,
)

pytestmark = pytest.mark.browser


def test_a_household_filled_offline_survives_a_reload_and_arrives_exactly_once(
    network: Network, browser: Browser
) -> None:
    phone = new_phone(browser)
    sign_in(phone, network.url, FAMILY.kk, FAMILY.members[1].nik)
    ready_offline(phone)

    network.offline(phone.context)
    fill_five_people(phone)
    expect(save_state(phone)).to_contain_text("Tersimpan di perangkat")

    phone.reload()  # no signal: the app from the service worker, the answers from IndexedDB
    expect(phone.get_by_role("heading", name="Periksa jawaban Anda")).to_be_visible()
    expect(phone.locator("#main .error:visible")).to_have_count(0)
    for text in (NEWBORN_NAME, "petani padi", HOUSEHOLD_ANSWERS["alamat_domisili"], "Jawa"):
        expect(phone.locator("#app")).to_contain_text(text)
    members = stored(phone)["doc"]["members"]
    assert [m["answers"] for m in members] == expected_members()

    # The home screen's address, still without signal: the work on the device opens.
    phone.goto(network.page_url("/"))
    expect(phone.get_by_role("heading", name="Periksa jawaban Anda")).to_be_visible()
    phone.get_by_role("button", name=SUBMIT).click()
    expect(phone.get_by_role("heading", name="Jawaban Anda dalam antrean")).to_be_visible()
    expect(save_state(phone)).to_contain_text("Dalam antrean")
    household = store.household_by_kk(network.database, FAMILY.kk)
    assert household is not None
    assert store.count_submissions(network.database, household.id) == 0

    network.online(phone.context)
    phone.wait_for_url("**/tanda-terima")
    code = phone.locator("#receipt-code").inner_text().replace("\n", "").replace(" ", "")
    assert receipts.is_valid(code)
    assert store.count_submissions(network.database, household.id) == 1
    record = store.final_submission(network.database, household.id)
    assert record is not None and receipts.display(record.receipt_code) == code
    payload = json.loads(record.payload)
    assert payload["household"] == {
        "wilayah_domisili": FAMILY.village_code,
        **HOUSEHOLD_ANSWERS,
    }
    assert [m["presence"] for m in payload["members"]] == ["lives_here"] * 4 + ["new"]
    assert [m["answers"] for m in payload["members"]] == expected_members()
    phone.context.close()


def test_a_queued_submission_is_sent_by_background_sync_with_no_page_open(
    network: Network, browser: Browser
) -> None:
    phone = new_phone(browser)
    sign_in(phone, network.url, FAMILY.kk, FAMILY.members[0].nik)
    ready_offline(phone)
    fill_five_people(phone)
    network.offline(phone.context)
    phone.get_by_role("button", name=SUBMIT).click()
    expect(save_state(phone)).to_contain_text("Dalam antrean")
    household = store.household_by_kk(network.database, FAMILY.kk)
    assert household is not None

    phone.goto("about:blank")  # the household page is closed: only its worker can send now
    assert store.count_submissions(network.database, household.id) == 0
    network.online(phone.context)
    # Chromium may fire the sync itself as the network returns; the DevTools call makes sure.
    wake_for_background_sync(phone, network.url)
    eventually(lambda: store.count_submissions(network.database, household.id) == 1)

    # Coming back later: the household was received; the receipt shows.
    phone.goto(network.page_url("/rumah-tangga"))
    phone.wait_for_url("**/tanda-terima")
    assert store.count_submissions(network.database, household.id) == 1
    phone.context.close()
