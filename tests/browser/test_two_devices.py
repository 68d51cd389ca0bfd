"""Two devices answer for one household at once, and nothing either person typed is lost.

Given a household signed in on two phones, both starting from the registry's pre-fill,
when each adds a different new member, and each answers the head's questions (some the
same, one differently),
then the server's draft holds both members and every answer; where both typed differently
the second phone keeps its own answer and shows the other ("Di perangkat lain diisi: …")
with one tap to use it; the first phone picks up the second's answers at its next sync and
shows its own answer beside the second's, until the choice made on one phone reaches both.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from sensus.storage import households as store
from tests.browser.conftest import FAMILY, Network, new_phone
from tests.browser.respondent import (
    add_member,
    answer,
    eventually,
    field_id,
    next_step,
    save_state,
    sign_in,
)

pytestmark = pytest.mark.browser

SYNCED = "Tersinkron"
CHOOSE = "Dua perangkat memberi jawaban berbeda"


def server_draft(network: Network) -> dict[str, Any]:
    household = store.household_by_kk(network.database, FAMILY.kk)
    assert household is not None and household.draft is not None
    draft: dict[str, Any] = json.loads(household.draft)
    return draft


def synced(page: Page) -> None:
    expect(save_state(page)).to_contain_text(SYNCED)


def test_two_devices_editing_one_household_lose_nothing_either_typed(
    network: Network, browser: Browser
) -> None:
    first, second = new_phone(browser), new_phone(browser)
    sign_in(first, network.url, FAMILY.kk, FAMILY.members[0].nik)
    sign_in(second, network.url, FAMILY.kk, FAMILY.members[1].nik)

    # Each adds someone the card does not have yet; the second saves after the first.
    add_member(first, 4, "Nur Aisyah", 4)
    next_step(first)
    synced(first)
    add_member(second, 4, "Slamet", 9)
    next_step(second)
    synced(second)
    names = [m["answers"].get("nama") for m in server_draft(network)["members"]]
    assert names[4:] == ["Nur Aisyah", "Slamet"]

    # The head's questions, typed on both phones at once (the second has no signal while
    # its person types, so neither sees the other's answers first): the same citizenship,
    # each something the other did not, and the ethnic group differently.
    second.context.set_offline(True)
    answer(first, "members/0/lama_tinggal", 11)
    answer(first, "members/0/kewarganegaraan", 1)
    answer(first, "members/0/suku_bangsa", "Banjar")
    synced(first)
    answer(second, "members/0/kewarganegaraan", 1)
    answer(second, "members/0/bahasa_rumah", 2)
    answer(second, "members/0/suku_bangsa", "Dayak")
    second.context.set_offline(False)
    # Both typed the ethnic group differently: a choice waits, and the line says so.
    expect(save_state(second)).to_contain_text(CHOOSE)
    eventually(
        lambda: server_draft(network).get("members", [{}])[0]["answers"].get("bahasa_rumah") == 2
    )

    head = server_draft(network)["members"][0]["answers"]
    assert (head["lama_tinggal"], head["bahasa_rumah"], head["suku_bangsa"]) == (11, 2, "Dayak")
    expect(second.locator(".conflict")).to_contain_text("Di perangkat lain diisi: Banjar")
    expect(second.locator(f"#{field_id('members/0/lama_tinggal')}")).to_have_value("11")

    # The first phone's next sync brings the second's answers and member over, and the
    # conflict: its own answer is in sight at the field, one tap away.
    answer(first, "members/0/ijazah", 4)
    expect(save_state(first)).to_contain_text(CHOOSE)
    expect(first.locator(f"#{field_id('members/0/suku_bangsa')}")).to_have_value("Dayak")
    expect(first.locator(".conflict")).to_contain_text("Banjar")
    expect(first.locator(f"#{field_id('members/0/bahasa_rumah')}-2")).to_be_checked()

    # On the second phone, one tap takes the first phone's answer.
    second.get_by_role("button", name="Pakai itu").click()
    expect(second.locator(f"#{field_id('members/0/suku_bangsa')}")).to_have_value("Banjar")
    expect(second.locator(".conflict")).to_have_count(0)
    synced(second)
    head = server_draft(network)["members"][0]["answers"]
    assert {k: head[k] for k in ("lama_tinggal", "kewarganegaraan", "suku_bangsa")} == {
        "lama_tinggal": 11,
        "kewarganegaraan": 1,
        "suku_bangsa": "Banjar",
    }
    assert (head["bahasa_rumah"], head["ijazah"]) == (2, 4)
    # The choice made on the second phone reaches the first at its next check (every 15 s).
    suku = first.locator(f"#{field_id('members/0/suku_bangsa')}")
    expect(suku).to_have_value("Banjar", timeout=20_000)
    expect(first.locator(".conflict")).to_have_count(0)
    synced(first)
    for page in (first, second):
        page.context.close()
