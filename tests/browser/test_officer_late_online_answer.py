"""A household answers online after the officer's download: what the phone says after the
next sync names the household, and the family's receipt code checks out at once, offline,
with no new download.

Given officer ppl01's phone holding area A's work,
when FAMILY answers online and the phone syncs,
then the area's list names FAMILY (its head and address) as answered online, no visit needed;
the family's real code is "right" for FAMILY, offline; another household's check names that
household and says when the phone last heard from the server; and all of it in English too.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser.officer import (
    APP,
    FAMILY,
    NEIGHBOUR,
    Field,
    back_to_area,
    device,
    head,
    open_area,
    open_household,
    open_sync,
    self_respond,
    sync_now,
)
from tests.registry_files import RegistryHousehold

pytestmark = pytest.mark.browser


def named(household: RegistryHousehold) -> str:
    """A household as the app names it in a sentence: its head, then its address."""
    return f"{head(household).name}, {household.address}"


def check_code(phone: Page, code: str, label: str = "Kode bukti pengisian") -> None:
    phone.get_by_label(label).fill(code)
    phone.locator("#receipt-form button[type=submit]").click()


def test_after_a_sync_the_list_names_the_household_and_its_code_checks_out_offline(
    field: Field, officer: Page
) -> None:
    open_area(officer)
    code = self_respond(field.server.url, FAMILY)
    open_sync(officer)
    sync_now(officer)
    officer.go_back()

    removed = officer.locator("#removed-assignments")
    expect(removed).to_contain_text(
        f"{named(FAMILY)}: sudah mengisi online setelah tugas Anda diunduh; tidak perlu dikunjungi."
    )
    field.offline(officer.context)
    open_household(officer, FAMILY, within="#population-list")
    expect(officer.locator(".facts")).to_contain_text("sudah mengisi online")
    result = officer.locator("#receipt-result")
    check_code(officer, code)
    expect(result).to_have_text(f"Kode benar: {named(FAMILY)} sudah mengisi secara online.")
    back_to_area(officer)
    open_household(officer, NEIGHBOUR, within="#population-list")
    check_code(officer, code)
    expect(result).to_contain_text(
        f"Bentuk kode benar, tetapi {named(NEIGHBOUR)} belum mengisi online saat HP ini "
        "terakhir mendapat kabar dari server ("
    )
    expect(result).not_to_contain_text("unduh ulang")

    field.online(officer.context)
    officer.get_by_role("button", name="English").click()
    officer.wait_for_url(f"**{APP}")
    field.offline(officer.context)
    officer.get_by_role("button", name="Back to RT 004 / RW 002").click()
    expect(officer.locator("#removed-assignments")).to_contain_text(
        f"{named(FAMILY)}: answered online after you downloaded your work; no visit is needed."
    )
    officer.locator("#population-list").get_by_role("button").filter(
        has_text=head(FAMILY).name
    ).click()
    check_code(officer, code, label="Receipt code")
    expect(result).to_have_text(f"The code is right: {named(FAMILY)} answered online.")


def test_a_code_typed_while_the_sync_answers_is_checked_against_that_answer(
    field: Field, officer: Page
) -> None:
    field.offline(officer.context)
    open_area(officer)
    open_household(officer, FAMILY)
    code = self_respond(field.server.url, FAMILY)
    officer.get_by_label("Kode bukti pengisian").fill(code)  # the keyboard stays up

    field.online(officer.context)  # the phone syncs by itself when the signal comes back
    deadline = time.monotonic() + 10
    while not (device(officer, "officer", "sync") or {}).get("removed"):
        assert time.monotonic() < deadline, "the sync did not answer"
        officer.wait_for_timeout(100)
    field.offline(officer.context)
    officer.locator("#receipt-form button[type=submit]").click()
    expect(officer.locator("#receipt-result")).to_have_text(
        f"Kode benar: {named(FAMILY)} sudah mengisi secara online."
    )
