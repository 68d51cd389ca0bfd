"""The guards around the household's work on the device.

- Saved to a file, the work survives a wiped browser and comes back on a fresh one.
- A session that ends while answers wait asks only for the password, and then sends them.
- Signing out with answers the server does not have warns first and keeps them.
- One typed answer's sync costs at most 2 KB on the wire, headers included.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from sensus.storage import households as store
from sensus.trial.faultproxy import Faults
from tests.browser.conftest import FAMILY, Network, new_phone
from tests.browser.respondent import (
    PASSWORD,
    answer,
    field_id,
    next_step,
    ready_offline,
    save_state,
    sign_in,
    stored,
)

pytestmark = pytest.mark.browser

SYNCED = "Tersinkron"
ON_DEVICE = "Tersimpan di perangkat"
AUTOSAVE_BUDGET = 2000  # bytes, headers included (issue 3)


def on_the_head(network: Network, browser: Browser) -> Page:
    phone = new_phone(browser)
    sign_in(phone, network.url, FAMILY.kk, FAMILY.members[0].nik)
    ready_offline(phone)
    next_step(phone)
    return phone


def head_answers(network: Network) -> dict[str, Any]:
    household = store.household_by_kk(network.database, FAMILY.kk)
    assert household is not None and household.draft is not None
    answers: dict[str, Any] = json.loads(household.draft)["members"][0]["answers"]
    return answers


def test_work_saved_to_a_file_comes_back_after_the_browser_data_is_wiped(
    network: Network, browser: Browser, tmp_path: Path
) -> None:
    phone = on_the_head(network, browser)
    answer(phone, "members/0/lama_tinggal", 11)
    expect(save_state(phone)).to_contain_text(SYNCED)
    network.offline(phone.context)
    answer(phone, "members/0/kewarganegaraan", 1)
    answer(phone, "members/0/suku_bangsa", "Banjar")
    expect(save_state(phone)).to_contain_text(ON_DEVICE)

    with phone.expect_download() as saving:
        phone.get_by_role("button", name="Simpan ke file").click()
    saved = tmp_path / saving.value.suggested_filename
    saving.value.save_as(saved)
    text = saved.read_text()
    assert FAMILY.kk not in text and "sensus_session" not in text  # no session secrets
    assert json.loads(text)["document"]["members"][0]["answers"]["suku_bangsa"] == "Banjar"
    phone.context.close()  # the browser's data is gone

    network.proxy.set_faults(Faults())
    fresh = new_phone(browser)
    sign_in(fresh, network.url, FAMILY.kk, FAMILY.members[1].nik)
    fresh.locator("#load-file").set_input_files(saved)
    expect(fresh.locator("#app .notice").first).to_contain_text("Jawaban dari file telah dimuat")
    expect(save_state(fresh)).to_contain_text(SYNCED)
    head = head_answers(network)
    assert (head["lama_tinggal"], head["kewarganegaraan"], head["suku_bangsa"]) == (11, 1, "Banjar")
    fresh.context.close()


def test_a_session_that_ends_while_answers_wait_asks_only_for_the_password(
    network: Network, browser: Browser
) -> None:
    phone = on_the_head(network, browser)
    phone.context.clear_cookies()  # hours offline: the session ended meanwhile
    answer(phone, "members/0/lama_tinggal", 11)
    asked = phone.get_by_role("region", name="Masuk lagi untuk mengirim jawaban Anda")
    expect(asked).to_be_visible()
    expect(save_state(phone)).to_contain_text("Sesi berakhir")
    expect(asked.get_by_label("Nomor Kartu Keluarga (Nomor KK)")).to_be_hidden()
    answer(phone, "members/0/kewarganegaraan", 1)  # the form is still usable meanwhile
    asked.get_by_label("Kata sandi").fill(PASSWORD)
    asked.get_by_role("button", name="Masuk").click()
    expect(asked).to_be_hidden()
    expect(save_state(phone)).to_contain_text(SYNCED)
    head = head_answers(network)
    assert (head["lama_tinggal"], head["kewarganegaraan"]) == (11, 1)
    phone.context.close()


def test_signing_out_with_answers_not_on_the_server_warns_first_and_keeps_them(
    network: Network, browser: Browser
) -> None:
    phone = on_the_head(network, browser)
    network.offline(phone.context)
    answer(phone, "members/0/lama_tinggal", 11)
    expect(save_state(phone)).to_contain_text(ON_DEVICE)

    phone.get_by_role("button", name="Keluar").click()
    warning = phone.get_by_role("dialog", name="Sebagian jawaban belum ada di server")
    expect(warning).to_be_visible()
    warning.get_by_role("button", name="Batal").click()
    expect(warning).to_be_hidden()
    expect(phone.locator(f"#{field_id('members/0/lama_tinggal')}")).to_have_value("11")

    # With everything on the server, signing out forgets the household on this phone.
    network.online(phone.context)
    expect(save_state(phone)).to_contain_text(SYNCED)
    phone.get_by_role("button", name="Keluar").click()
    phone.wait_for_url(network.page_url("/"))
    assert stored(phone) is None
    phone.context.close()


def test_an_autosave_sync_costs_at_most_2_kb_on_the_wire(
    network: Network, browser: Browser
) -> None:
    phone = on_the_head(network, browser)
    expect(save_state(phone)).to_contain_text(SYNCED)  # the first save (the roster) is done

    def one_patch(request: Any) -> bool:
        return request.method == "PATCH" and request.url.endswith("/self-response/draft")

    with phone.expect_request_finished(one_patch) as finished:
        answer(phone, "members/0/lama_tinggal", 11)
    sizes = finished.value.sizes()
    wire = sum(sizes[k] for k in sizes)
    expect(save_state(phone)).to_contain_text(SYNCED)
    assert wire <= AUTOSAVE_BUDGET, sizes
    phone.context.close()
