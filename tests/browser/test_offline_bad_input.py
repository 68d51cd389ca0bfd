"""Bad input on the respondent's side, each handled without losing an answer.

- A corrupted record, or another household's or questionnaire's, in the phone's IndexedDB:
  set aside in quarantine (never deleted), and the app carries on with what is good.
- A service worker (and page) of an older release: updated cleanly, IndexedDB untouched.
- The questionnaire changed on the server while a draft is open: answers carried over,
  the answer to a question no longer asked kept aside and shown; the person is told.
- A replay of a submission id with another body: refused with a clear message, nothing
  overwritten on the server, every answer still on the phone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from sensus.config import ROOT
from sensus.storage import households as store
from tests.browser.conftest import FAMILY, Network, new_phone
from tests.browser.household_answers import expected_members
from tests.browser.respondent import (
    SUBMIT,
    answer,
    cache_names,
    field_id,
    fill_five_people,
    next_step,
    page_release,
    put_record,
    ready_offline,
    save_state,
    sign_in,
    stored,
    worker_release,
)

pytestmark = pytest.mark.browser

SYNCED = "Tersinkron"


def signed_in_on_the_head(network: Network, browser: Browser) -> Page:
    """A phone signed in, ready to work offline, on the head's questions."""
    phone = new_phone(browser)
    sign_in(phone, network.url, FAMILY.kk, FAMILY.members[0].nik)
    ready_offline(phone)
    next_step(phone)
    return phone


def server_draft(network: Network) -> dict[str, Any]:
    household = store.household_by_kk(network.database, FAMILY.kk)
    assert household is not None and household.draft is not None
    draft: dict[str, Any] = json.loads(household.draft)
    return draft


def head_field(phone: Page, question: str) -> Any:
    return phone.locator(f"#{field_id(f'members/0/{question}')}")


def test_a_corrupted_or_foreign_record_is_set_aside_and_no_answer_is_lost(
    network: Network, browser: Browser
) -> None:
    phone = signed_in_on_the_head(network, browser)
    answer(phone, "members/0/lama_tinggal", 11)
    expect(save_state(phone)).to_contain_text(SYNCED)

    # A document that is not one: set aside; the server's draft has the answer.
    put_record(phone, {"key": "document", "doc": "rusak", "household_ref": 7})
    phone.reload()
    expect(head_field(phone, "lama_tinggal")).to_have_value("11")

    # Another household's work under this one's name: set aside, never sent as ours.
    foreign = {**stored(phone), "household_ref": "h999999"}
    foreign["doc"]["household"]["jamban"] = 6
    put_record(phone, foreign)
    phone.reload()
    expect(head_field(phone, "lama_tinggal")).to_have_value("11")
    expect(save_state(phone)).to_contain_text(SYNCED)
    assert "jamban" not in server_draft(network)["household"]

    # No signal, a new answer typed, and then the questionnaire on the device is another's.
    network.offline(phone.context)
    answer(phone, "members/0/kewarganegaraan", 1)
    answer(phone, "members/0/suku_bangsa", "Banjar")
    expect(save_state(phone)).to_contain_text("Tersimpan di perangkat")
    other = stored(phone, key="questionnaire")
    other["questionnaire"]["id"] = "sp2030"
    other["questionnaire"]["household_questions"] = "tidak ada"
    put_record(phone, other)
    phone.reload()  # still no signal: the questionnaire the service worker keeps stands in
    expect(head_field(phone, "suku_bangsa")).to_have_value("Banjar")
    network.online(phone.context)
    expect(save_state(phone)).to_contain_text(SYNCED)
    assert server_draft(network)["members"][0]["answers"]["suku_bangsa"] == "Banjar"

    set_aside = stored(phone, "quarantine", None)
    assert [(r["store"], r["key"], r["reason"]) for r in set_aside] == [
        ("records", "document", "wrong shape"),
        ("records", "document", "other household"),
        ("records", "questionnaire", "wrong shape"),
    ]
    assert set_aside[1]["record"]["doc"]["household"]["jamban"] == 6  # kept, not deleted
    phone.context.close()


def test_a_worker_and_page_of_an_older_release_update_without_touching_the_answers(
    network: Network, browser: Browser
) -> None:
    phone = signed_in_on_the_head(network, browser)
    old = page_release(phone)
    assert worker_release(phone) == old
    answer(phone, "members/0/lama_tinggal", 11)
    expect(save_state(phone)).to_contain_text(SYNCED)
    network.offline(phone.context)
    answer(phone, "members/0/kewarganegaraan", 1)  # on the device only

    network.restart(client_sync_delay_ms=250)  # a new release of the app
    network.online(phone.context)
    phone.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    banner = phone.locator("#update-banner")
    expect(banner).to_contain_text("Versi baru aplikasi ini sudah siap")
    banner.get_by_role("button", name="Pakai sekarang").click()

    # A function, not an expression: the pages' CSP forbids eval, which an expression needs.
    phone.wait_for_function("(old) => document.documentElement.dataset.release !== old", arg=old)
    new = page_release(phone)
    assert worker_release(phone) == new
    assert [name for name in cache_names(phone) if name != "sensus-regions"] == [f"sensus-{new}"]
    expect(head_field(phone, "lama_tinggal")).to_have_value("11")
    expect(phone.locator(f"#{field_id('members/0/kewarganegaraan')}-1")).to_be_checked()
    expect(save_state(phone)).to_contain_text(SYNCED)
    assert server_draft(network)["members"][0]["answers"]["kewarganegaraan"] == 1
    phone.context.close()


def questionnaire_without(question: str, folder: Path) -> Path:
    """sp2020 as a new version that no longer asks ``question``."""
    source = yaml.safe_load((ROOT / "questionnaires" / "sp2020.yaml").read_text())
    source["version"] = "2020.2"
    source["questions"] = [q for q in source["questions"] if q["id"] != question]
    path = folder / "sp2020-2.yaml"
    path.write_text(yaml.safe_dump(source, allow_unicode=True))
    return path


def test_a_questionnaire_changed_while_a_draft_is_open_keeps_every_answer(
    network: Network, browser: Browser, tmp_path: Path
) -> None:
    phone = signed_in_on_the_head(network, browser)
    answer(phone, "members/0/lama_tinggal", 11)
    answer(phone, "members/0/kewarganegaraan", 1)
    answer(phone, "members/0/suku_bangsa", "Banjar")
    expect(save_state(phone)).to_contain_text(SYNCED)

    network.restart(questionnaire_path=questionnaire_without("suku_bangsa", tmp_path))
    answer(phone, "members/0/bahasa_rumah", 2)  # its sync meets the new questionnaire
    expect(phone.locator("#app .notice").first).to_contain_text("Kuesioner telah diperbarui")
    expect(save_state(phone)).to_contain_text(SYNCED)
    expect(head_field(phone, "suku_bangsa")).to_have_count(0)

    draft = server_draft(network)
    assert draft["questionnaire_version"] == "2020.2"
    head = draft["members"][0]["answers"]
    assert (head["lama_tinggal"], head["kewarganegaraan"], head["bahasa_rumah"]) == (11, 1, 2)
    assert "suku_bangsa" not in head
    member_id = draft["members"][0]["member_id"]
    kept = stored(phone)["set_aside"]
    assert [(k["path"], k["value"]) for k in kept] == [
        (f"members/{member_id}/answers/suku_bangsa", "Banjar")
    ]
    # The review shows what was kept aside (opened directly: the household is not complete).
    ref = stored(phone)["household_ref"]
    phone.evaluate("(ref) => localStorage.setItem(`sensus.step.${ref}`, 'review')", ref)
    phone.reload()
    expect(phone.locator("#set-aside")).to_contain_text("Banjar")
    expect(phone.locator("#set-aside")).to_contain_text("Suku bangsa")
    phone.context.close()


def test_a_replay_of_the_id_with_another_body_is_refused_and_nothing_is_lost(
    network: Network, browser: Browser
) -> None:
    phone = new_phone(browser)
    sign_in(phone, network.url, FAMILY.kk, FAMILY.members[0].nik)
    ready_offline(phone)
    fill_five_people(phone)
    network.offline(phone.context)
    phone.get_by_role("button", name=SUBMIT).click()
    expect(save_state(phone)).to_contain_text("Dalam antrean")

    # The same submission id arrives first with another body (a tampered copy, say).
    queued = stored(phone)["submission"]
    other = json.loads(json.dumps(queued["document"]))
    other["household"]["jenis_lantai"] = 2
    session = {c["name"]: c["value"] for c in phone.context.cookies()}
    stored_first = httpx.post(
        f"{network.server.url}/api/v1/self-response/submissions",
        json={"submission_id": queued["submission_id"], "document": other},
        cookies=session,
    )
    assert stored_first.status_code == 201

    network.online(phone.context)
    notice = phone.locator("#app .notice").first
    expect(notice).to_contain_text("sudah dipakai untuk data yang berbeda")
    expect(phone.get_by_role("heading", name="Periksa jawaban Anda")).to_be_visible()
    assert [m["answers"] for m in stored(phone)["doc"]["members"]] == expected_members()

    household = store.household_by_kk(network.database, FAMILY.kk)
    assert household is not None
    assert store.count_submissions(network.database, household.id) == 1
    record = store.final_submission(network.database, household.id)
    assert record is not None
    assert json.loads(record.payload)["household"]["jenis_lantai"] == 2  # not overwritten
    phone.context.close()
