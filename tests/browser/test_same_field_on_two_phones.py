"""Two phones type different answers into one field: both stay in sight until a person chooses.

Given one household open on phones A and B at the head's step, when both type a different
ethnic group ("Suku bangsa") with the real keyboard, then on both phones both answers are
shown (one in the field, the other in a note at it), the save line says a choice is waiting,
and nothing but a tap on the note's buttons ends it: not leaving the field, not leaving the
step and coming back, not a reload. The answer chosen reaches the other phone and the
server; the one not chosen stays in the server's draft history (ADR 0010, issue 13).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect

from sensus.storage import households as store
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, FAMILY, PHONE, Network, new_phone
from tests.browser.household_answers import HEAD_ANSWERS
from tests.browser.respondent import (
    BACK,
    NEXT,
    PASSWORD,
    answer,
    eventually,
    field_id,
    save_state,
    sign_in,
)

pytestmark = pytest.mark.browser

SUKU = "members/0/suku_bangsa"
SYNCED = "Tersinkron"
CHOOSE = "Dua perangkat memberi jawaban berbeda"
USE_THAT, KEEP = "Pakai itu", "Tetap pakai ini"
A_TYPES, B_TYPES = "Dayak", "Bugis"


@pytest.fixture
def network(tmp_path: Path) -> Iterator[Network]:
    # Pages ask every second whether another device saved (15 s in production).
    with ExitStack() as stack:
        yield Network(tmp_path, stack, client_check_every_ms=1000)


@pytest.fixture
def phones(network: Network, browser: Browser) -> Iterator[tuple[Page, Page]]:
    """A and B at the head's step; A has answered everything there but the ethnic group."""
    a, b = new_phone(browser), new_phone(browser)
    sign_in(a, network.url, FAMILY.kk, FAMILY.members[0].nik)
    sign_in(b, network.url, FAMILY.kk, FAMILY.members[1].nik)
    for phone in (a, b):
        phone.get_by_role("button", name=NEXT).click()
        expect(phone.locator(f"#{field_id('members/0/lama_tinggal')}")).to_be_visible()
    for question, value in HEAD_ANSWERS.items():
        if question != "suku_bangsa":
            answer(a, f"members/0/{question}", value)
    expect(save_state(a)).to_contain_text(SYNCED)
    # B learns A's answers by itself (its page asks the server): the field appears there.
    expect(b.locator(f"#{field_id('members/0/uraian_pekerjaan')}")).to_have_value("petani padi")
    yield a, b
    for phone in (a, b):
        phone.context.close()


def type_keys(page: Page, path: str, text: str) -> None:
    """Tap the field and type on the keyboard, key by key; the keyboard stays up."""
    page.locator(f"#{field_id(path)}").tap()
    page.keyboard.type(text, delay=40)


def keyboard_down(page: Page) -> None:
    """Close the keyboard: tap the step's heading (the field loses focus and fires change)."""
    page.locator("#app h1").tap()


def shown(page: Page) -> set[str]:
    """The answers a person sees for the ethnic group: in the field, and in a note at it."""
    field = page.locator(f"#{field_id(SUKU)}")
    values = {field.input_value()}
    note = field.locator("xpath=ancestor::div[contains(@class,'field')]").locator(".conflict")
    for text in note.all_inner_texts():
        values |= {word for word in (A_TYPES, B_TYPES) if word in text}
    return values


def both_in_sight(page: Page) -> None:
    eventually(lambda: shown(page) == {A_TYPES, B_TYPES}, timeout_s=10)
    expect(save_state(page)).to_contain_text(CHOOSE)


def settled_on(page: Page, value: str) -> None:
    expect(page.locator(f"#{field_id(SUKU)}")).to_have_value(value)
    expect(page.locator(".conflict")).to_have_count(0)
    expect(save_state(page)).to_contain_text(SYNCED)


def server_draft(network: Network) -> tuple[Any, list[Any]]:
    household = store.household_by_kk(network.database, FAMILY.kk)
    assert household is not None and household.draft is not None
    head = json.loads(household.draft)["members"][0]["answers"]
    return head.get("suku_bangsa"), json.loads(household.draft_conflicts or "[]")


def history_has(network: Network, value: str) -> bool:
    household = store.household_by_kk(network.database, FAMILY.kk)
    assert household is not None
    changes = [change for _, change, _ in store.draft_history(network.database, household.id)]
    return any(f'"{value}"' in change for change in changes)


def test_both_typing_with_the_keyboard_up_keeps_both_until_a_choice(
    network: Network, phones: tuple[Page, Page]
) -> None:
    a, b = phones
    # Neither has seen the other's answer: B's link is down while both type.
    b.context.set_offline(True)
    type_keys(a, SUKU, A_TYPES)
    type_keys(b, SUKU, B_TYPES)
    b.context.set_offline(False)
    # Both keyboards stay up past the sync: the conflict is drawn at once on both phones.
    both_in_sight(b)
    both_in_sight(a)
    expect(b.locator(f"#{field_id(SUKU)}")).to_be_focused()
    # Closing the keyboard, leaving the step and coming back choose nothing.
    keyboard_down(b)
    b.get_by_role("button", name=NEXT).click()
    b.get_by_role("button", name=BACK).click()
    both_in_sight(b)
    both_in_sight(a)
    # A takes its own answer back: one tap, and it reaches B and the server.
    a.get_by_role("button", name=USE_THAT).tap()
    settled_on(a, A_TYPES)
    settled_on(b, A_TYPES)
    eventually(lambda: server_draft(network) == (A_TYPES, []))
    assert history_has(network, B_TYPES)


def test_one_typing_and_one_idle_both_see_it_and_keeping_this_one_is_a_choice(
    network: Network, phones: tuple[Page, Page]
) -> None:
    a, b = phones
    b.context.set_offline(True)  # B does not hear of A's answer before it types its own
    type_keys(a, SUKU, A_TYPES)
    keyboard_down(a)
    expect(save_state(a)).to_contain_text(SYNCED)
    # B types another with the keyboard up, and its link comes back.
    type_keys(b, SUKU, B_TYPES)
    b.context.set_offline(False)
    both_in_sight(b)
    expect(b.locator(f"#{field_id(SUKU)}")).to_be_focused()
    both_in_sight(a)  # A does nothing: its page learns by itself
    b.get_by_role("button", name=KEEP).tap()
    settled_on(b, B_TYPES)
    settled_on(a, B_TYPES)
    eventually(lambda: server_draft(network) == (B_TYPES, []))
    assert history_has(network, A_TYPES)


def test_a_conflict_found_with_the_keyboard_down_survives_other_steps_and_a_reload(
    network: Network, phones: tuple[Page, Page]
) -> None:
    a, b = phones
    b.context.set_offline(True)  # neither has seen the other's answer when it types
    type_keys(a, SUKU, A_TYPES)
    keyboard_down(a)
    type_keys(b, SUKU, B_TYPES)
    keyboard_down(b)
    b.context.set_offline(False)
    both_in_sight(b)
    both_in_sight(a)
    # On another step, the banner says so and leads back to the question.
    b.get_by_role("button", name=NEXT).click()
    summary = b.locator(".conflicts-summary")
    expect(summary).to_be_visible()
    summary.get_by_role("button", name="Tampilkan").tap()
    both_in_sight(b)
    b.reload()
    both_in_sight(b)
    b.get_by_role("button", name=USE_THAT).tap()
    settled_on(b, A_TYPES)
    settled_on(a, A_TYPES)
    eventually(lambda: server_draft(network) == (A_TYPES, []))


def test_the_app_reopens_where_the_person_left_off(
    network: Network, playwright_driver: Playwright, tmp_path: Path
) -> None:
    profile = tmp_path / "profile"

    def start_browser() -> Page:
        context = playwright_driver.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, **PHONE
        )
        context.set_default_timeout(10_000)
        return context.pages[0] if context.pages else context.new_page()

    phone = start_browser()
    sign_in(phone, network.url, FAMILY.kk, FAMILY.members[0].nik)
    phone.get_by_role("button", name=NEXT).click()
    heading = phone.locator("#app h1")
    expect(heading).to_have_text(FAMILY.members[0].name)
    phone.reload()
    expect(heading).to_have_text(FAMILY.members[0].name)
    phone.context.close()  # the browser is closed (its session's storage goes with it)

    phone = start_browser()
    phone.goto(network.page_url("/rumah-tangga"))
    password = phone.get_by_label("Kata sandi", exact=True)
    if password.is_visible():  # the session ended with the browser: the password again
        password.fill(PASSWORD)
        phone.get_by_role("button", name="Masuk").click()
    expect(phone.locator("#app h1")).to_have_text(FAMILY.members[0].name)
    phone.context.close()
