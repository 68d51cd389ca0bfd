"""The officer's phone shows times in the zone of the officer's areas, the zone named.

Given an officer in Banjarmasin (Kalimantan Selatan keeps WITA, UTC+8) whose phone is set
to Jakarta's clock (WIB), when the work is downloaded, then the download time is shown in
WITA, and the sync line says nothing has been recorded yet rather than "everything is sent,
never synced" (issue 11).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE
from tests.browser.officer import Field, download_work, sign_in, sync_state

pytestmark = pytest.mark.browser


def _wita_clock_times() -> set[str]:
    """ "HH.MM" on the WITA clock now and a minute either side (the page's own moment)."""
    now = datetime.now(UTC) + timedelta(hours=8)
    return {(now + timedelta(minutes=m)).strftime("%H.%M") for m in (-1, 0, 1)}


def test_times_are_in_the_areas_zone_not_the_phones(field: Field, browser: Browser) -> None:
    context = browser.new_context(**PHONE, timezone_id="Asia/Jakarta")
    try:
        phone = context.new_page()
        sign_in(phone, field.url)
        download_work(phone)

        shown = phone.locator("#downloaded-at").inner_text()
        assert shown.endswith(" WITA"), shown
        assert any(f"pukul {hhmm} WITA" in shown for hhmm in _wita_clock_times()), shown

        line = sync_state(phone)
        expect(line).to_contain_text("Belum ada yang dicatat · Tugas diunduh: ")
        expect(line).to_contain_text(" WITA")
        expect(line).not_to_contain_text("Belum pernah sinkronisasi")
        expect(line).not_to_contain_text("Semua sudah terkirim")
    finally:
        context.close()
