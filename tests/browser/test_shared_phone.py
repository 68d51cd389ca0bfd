"""One phone, two households: each household's work stays its own, and none of it is lost.

Given a household whose answers could not reach the server yet (the server refuses drafts),
when it signs out keeping the answers on the phone, and the neighbours sign in on the same
phone, answer and sign out, and then the first household signs in again,
then the neighbours never see the first household's answers nor send them as theirs, and
the first household finds its answers again and they reach its own draft.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from sensus.storage import households as store
from sensus.trial.faultproxy import Faults
from tests.browser.conftest import FAMILY, NEIGHBOUR, Network, new_phone
from tests.browser.respondent import (
    answer,
    field_id,
    next_step,
    ready_offline,
    save_state,
    sign_in,
    stored,
)
from tests.registry_files import RegistryHousehold

pytestmark = pytest.mark.browser

DRAFTS = "/api/v1/self-response/draft"


def draft_of(network: Network, household: RegistryHousehold) -> dict[str, Any] | None:
    found = store.household_by_kk(network.database, household.kk)
    assert found is not None
    return json.loads(found.draft) if found.draft else None


def test_a_shared_phone_keeps_each_households_work_apart_and_loses_none(
    network: Network, browser: Browser
) -> None:
    phone = new_phone(browser)
    sign_in(phone, network.url, FAMILY.kk, FAMILY.members[0].nik)
    ready_offline(phone)
    network.proxy.set_faults(Faults(refuse_503=1.0, retry_after_s=60, path_prefix=DRAFTS))
    next_step(phone)
    answer(phone, "members/0/lama_tinggal", 11)
    expect(save_state(phone)).to_contain_text("Server sedang sibuk")

    phone.get_by_role("button", name="Keluar").click()
    warning = phone.get_by_role("dialog", name="Sebagian jawaban belum ada di server")
    warning.get_by_role("button", name="Keluar, biarkan jawaban di sini").click()
    phone.wait_for_url(network.page_url("/"))
    network.proxy.set_faults(Faults())

    # The neighbour's turn on the same phone.
    sign_in(phone, network.url, NEIGHBOUR.kk, NEIGHBOUR.members[0].nik)
    expect(phone.locator("#app")).to_contain_text(NEIGHBOUR.members[0].name)
    expect(phone.locator("#app")).not_to_contain_text(FAMILY.members[0].name)
    next_step(phone)
    answer(phone, "members/0/lama_tinggal", 30)
    expect(save_state(phone)).to_contain_text("Tersinkron")
    neighbour = draft_of(network, NEIGHBOUR)
    assert neighbour is not None
    assert [m["answers"]["nama"] for m in neighbour["members"]] == [NEIGHBOUR.members[0].name]
    assert draft_of(network, FAMILY) is None  # nothing of it went anywhere meanwhile
    set_aside = stored(phone, "quarantine", None)
    assert {(r["key"], r["reason"]) for r in set_aside} >= {("document", "other household")}

    phone.get_by_role("button", name="Keluar").click()  # everything is on the server
    phone.wait_for_url(network.page_url("/"))

    # The first household again: its answers come back and go to its own draft.
    sign_in(phone, network.url, FAMILY.kk, FAMILY.members[0].nik)
    next_step(phone)
    expect(phone.locator(f"#{field_id('members/0/lama_tinggal')}")).to_have_value("11")
    expect(save_state(phone)).to_contain_text("Tersinkron")
    family = draft_of(network, FAMILY)
    assert family is not None and family["members"][0]["answers"]["lama_tinggal"] == 11
    phone.context.close()
