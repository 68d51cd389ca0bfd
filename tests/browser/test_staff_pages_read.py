"""The supervisor's pages read as a supervisor on a phone reads them (issue 11): at 360 px,
in both languages, no leaked value, no sideways scroll of the page, times in the area's zone
(WITA in Banjarmasin), and every table that scrolls sideways reachable by keyboard and named
(axe: scrollable-region-focusable)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.reading import Reader
from tests.browser.test_staff_pages import field_day, sign_in

pytestmark = pytest.mark.browser

PAGES = {
    "progress": "/petugas/pengawas",
    "interviews": "/petugas/pengawas/wawancara",
    "sync": "/petugas/pengawas/sinkronisasi",
}


def _tables_scroll_by_keyboard(phone: Page, name: str) -> None:
    boxes = phone.locator(".table-scroll")
    for index in range(boxes.count()):
        box = boxes.nth(index)
        assert box.get_attribute("tabindex") == "0", f"{name}: a table box keys cannot reach"
        assert box.get_attribute("aria-label"), f"{name}: a table box without a name"


def test_supervisor_pages_read_right_on_a_phone_in_both_languages(
    live_server: LiveServer, phone: Page
) -> None:
    field_day(live_server)
    reader = Reader(phone)
    sign_in(phone, live_server, "spv01")
    expect(phone.get_by_role("heading", name="Progres", exact=True)).to_be_visible()
    for lang in ("id", "en"):
        if lang == "en":
            phone.get_by_role("button", name="English").click()
            expect(phone.locator("html")).to_have_attribute("lang", "en")
        for name, path in PAGES.items():
            phone.goto(live_server.page_url(path))
            text = reader.screen(f"staff-{lang}-{name}")
            assert " WIB" not in text, f"{name}: the area keeps WITA"
            _tables_scroll_by_keyboard(phone, name)
