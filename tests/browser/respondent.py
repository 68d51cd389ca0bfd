"""What a respondent does on the pages, as small steps the journey tests are written in.

Fields are found the way the household app names them (``docs/CONTRACTS.md``: the error path
``members/2/nama`` is the input ``#f-members-2-nama``), and every step checks that what it
is about to touch has a visible label tied to it.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator, Page, expect

NEXT, BACK, SUBMIT = "Lanjut", "Kembali", "Kirim jawaban"
PASSWORD = "rahasia-keluarga-1"


def field_id(path: str) -> str:
    return f"f-{path.replace('/', '-')}"


def sign_in(page: Page, url: str, kk: str, nik: str, password: str = PASSWORD) -> None:
    """Identify with KK + NIK, set (or enter) the household password, land on the app."""
    page.goto(url)
    page.get_by_label("Nomor Kartu Keluarga (Nomor KK)").fill(kk)
    page.get_by_label("NIK salah satu anggota keluarga").fill(nik)
    page.get_by_role("button", name="Lanjut").click()
    page.get_by_label("Kata sandi", exact=True).fill(password)
    confirm = page.get_by_label("Ulangi kata sandi")
    if confirm.is_visible():
        confirm.fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/rumah-tangga")
    expect(page.get_by_role("heading", name="Anggota rumah tangga")).to_be_visible()


def answer(page: Page, path: str, value: Any) -> None:
    """Answer the question at ``path`` with ``value`` (in the document's value types)."""
    base = field_id(path)
    if isinstance(value, bool):
        _tap(page.locator(f"#{base}-{'true' if value else 'false'}"))
        return
    single = page.locator(f"#{base}")
    tag = single.evaluate("node => node.tagName") if single.count() else "FIELDSET"
    if tag == "SELECT":
        _labelled(page, single)
        single.select_option(str(value))
    elif tag == "INPUT":
        _labelled(page, single)
        single.fill(str(value))
        single.dispatch_event("change")
    else:  # a group of radios: one per code
        _tap(page.locator(f"#{base}-{value}"))


def choose_region(page: Page, path: str, village_code: str, base_id: str | None = None) -> None:
    """Pick a village through the four cascading selects (ids ``<base_id>-province`` …)."""
    base = base_id or field_id(path)
    for level, length in (("province", 2), ("regency", 4), ("district", 6), ("village", 10)):
        select = page.locator(f"#{base}-{level}")
        expect(select).to_be_enabled()
        expect(select.locator(f'option[value="{village_code[:length]}"]')).to_be_attached()
        select.select_option(village_code[:length])


def next_step(page: Page) -> None:
    page.get_by_role("button", name=NEXT).click()


def visible_fields_are_labelled(page: Page) -> None:
    """Every visible input and select on the screen has a label that names it."""
    controls = page.locator("#app input:visible, #app select:visible")
    for index in range(controls.count()):
        _labelled(page, controls.nth(index))


def _tap(radio: Locator) -> None:
    page = radio.page
    _labelled(page, radio)
    # Tapping the label, as a thumb does: it is what a touch user hits on a small screen.
    radio_id = radio.get_attribute("id")
    page.locator(f'label[for="{radio_id}"]').tap()
    expect(radio).to_be_checked()


def _labelled(page: Page, control: Locator) -> None:
    control_id = control.get_attribute("id")
    assert control_id, "a control without an id cannot have a <label for>"
    label = page.locator(f'label[for="{control_id}"]')
    expect(label).to_have_count(1)
    assert label.inner_text().strip(), f"the label of #{control_id} is empty"
