"""A submission sent through an overloaded server and broken connections is stored once.

Given a household filled in completely,
when the respondent sends it while the server answers 503 with Retry-After, and then while
every answer is cut off halfway (the server has stored it; the phone never learns),
then the page keeps trying by itself, and once the link is good the receipt appears: the
household is stored exactly once, with the receipt the page shows.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from sensus.domain import receipts
from sensus.storage import households as store
from sensus.trial.faultproxy import Faults
from tests.browser.conftest import FAMILY, Network, new_phone
from tests.browser.respondent import SUBMIT, eventually, fill_five_people, save_state, sign_in

pytestmark = pytest.mark.browser

SUBMISSIONS = "/api/v1/self-response/submissions"


def test_a_submission_through_503s_and_cut_answers_is_stored_exactly_once(
    network: Network, browser: Browser
) -> None:
    phone = new_phone(browser)
    sign_in(phone, network.url, FAMILY.kk, FAMILY.members[0].nik)
    fill_five_people(phone)
    household = store.household_by_kk(network.database, FAMILY.kk)
    assert household is not None
    stats = network.proxy.stats.snapshot

    busy = Faults(refuse_503=1.0, retry_after_s=1, path_prefix=SUBMISSIONS, method="POST")
    network.proxy.set_faults(busy)
    phone.get_by_role("button", name=SUBMIT).click()
    eventually(lambda: stats()["refused_503"] >= 2)
    expect(save_state(phone)).to_contain_text("server sedang sibuk")
    assert store.count_submissions(network.database, household.id) == 0

    cut = Faults(reset_mid_response=1.0, path_prefix=SUBMISSIONS, method="POST")
    network.proxy.set_faults(cut)
    eventually(lambda: stats()["reset_mid_response"] >= 2)  # the first stored it; a replay too
    assert store.count_submissions(network.database, household.id) == 1
    expect(phone.get_by_role("heading", name="Jawaban Anda dalam antrean")).to_be_visible()

    network.proxy.set_faults(Faults())
    phone.wait_for_url("**/tanda-terima")
    code = phone.locator("#receipt-code").inner_text().replace("\n", "").replace(" ", "")
    assert store.count_submissions(network.database, household.id) == 1
    record = store.final_submission(network.database, household.id)
    assert record is not None and receipts.display(record.receipt_code) == code
    actions = [e["action"] for e in store.audit_entries(network.database, household.id)]
    assert actions.count("submitted") == 1
    phone.context.close()
