"""The whole household flow completes on a 2G link.

Given a phone on an emulated 2G connection (Chrome DevTools Protocol network emulation:
250 kbit/s down, 50 kbit/s up, 300 ms round trip),
when the respondent signs in, fills in a five-person household and sends it,
then the receipt appears and the household is stored once, as typed.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, expect

from sensus.storage import households as store
from tests.browser.conftest import FAMILY, Network, new_phone
from tests.browser.household_answers import expected_members
from tests.browser.respondent import (
    INSTALL_MS,
    SUBMIT,
    fill_five_people,
    save_state,
    sign_in,
    stored,
)

pytestmark = pytest.mark.browser

TWO_G = {
    "offline": False,
    "latency": 300,  # ms added to each request: the round trip
    "downloadThroughput": 250_000 / 8,  # bytes per second
    "uploadThroughput": 50_000 / 8,
}


def test_the_whole_flow_completes_on_a_2g_link(network: Network, browser: Browser) -> None:
    phone = new_phone(browser)
    phone.context.set_default_timeout(30_000)  # 2G is slow; the flow must still complete
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", TWO_G)

    sign_in(phone, network.url, FAMILY.kk, FAMILY.members[0].nik)
    fill_five_people(phone)
    expect(save_state(phone)).to_contain_text("Tersinkron")
    phone.get_by_role("button", name=SUBMIT).click()
    phone.wait_for_url("**/tanda-terima")
    expect(phone.locator("#receipt-code")).to_be_visible()

    household = store.household_by_kk(network.database, FAMILY.kk)
    assert household is not None
    assert store.count_submissions(network.database, household.id) == 1
    record = store.final_submission(network.database, household.id)
    assert record is not None
    assert [m["answers"] for m in json.loads(record.payload)["members"]] == expected_members()
    phone.context.close()


def test_the_phone_says_when_it_is_ready_to_work_without_signal(
    network: Network, browser: Browser
) -> None:
    # On 2G the offline copy was ready some 17 s after the form appeared, and nothing said so.
    phone = new_phone(browser)
    phone.context.set_default_timeout(30_000)
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", TWO_G)
    sign_in(phone, network.url, FAMILY.kk, FAMILY.members[0].nik)

    ready = phone.locator("#offline-ready")
    # Never promised before it is true: no worker in control yet, no line.
    said_early = phone.evaluate(
        """() => !document.querySelector('#offline-ready').hidden
                 && navigator.serviceWorker.controller === null"""
    )
    assert not said_early
    expect(ready).to_have_text("Siap dipakai tanpa sinyal", timeout=2 * INSTALL_MS)
    assert phone.evaluate("() => navigator.serviceWorker.controller !== null")
    assert stored(phone) is not None

    network.offline(phone.context)
    phone.reload()
    expect(phone.get_by_role("heading", name="Anggota rumah tangga")).to_be_visible()
    expect(ready).to_have_text("Siap dipakai tanpa sinyal")
    phone.context.close()
