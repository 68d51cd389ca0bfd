"""A sync cut off mid-request, then repeated: every record is stored exactly once.

Given an officer with two interviews and a visit waiting on the phone,
when the evening's sync reaches the server but its answer is cut off half-way, and the next
try's answer never arrives at all,
then the phone never claims the records are sent while it has no answer, tries again by
itself, and once an answer gets through every record is on the server exactly once; the
phone says they were stored already (the server answered the replays as duplicates).
And a sync queued without signal goes by Background Sync when the app is closed.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from sensus.storage.tables import sync_records
from sensus.trial.faultproxy import Faults
from tests.browser.officer import (
    FAMILY,
    NEIGHBOUR,
    SOLOS,
    Field,
    back_to_area,
    device_records,
    interview_alone,
    interviews_of,
    open_area,
    open_household,
    open_sync,
    record_visit,
    sync_now,
    sync_state,
    visits_of,
)
from tests.browser.respondent import eventually, wake_for_background_sync

pytestmark = pytest.mark.browser

SYNC = "/api/v1/officer/sync"


def test_a_sync_cut_off_twice_stores_each_record_once(field: Field, officer: Page) -> None:
    open_area(officer)
    for household in (NEIGHBOUR, SOLOS[0]):
        open_household(officer, household)
        interview_alone(officer, household)
        back_to_area(officer)
    open_household(officer, FAMILY)
    record_visit(officer, "nobody_home", revisit_day="2026-12-02")
    stats = field.proxy.stats.snapshot

    # The server stores the batch; the phone gets the head and half of the answer.
    field.proxy.set_faults(Faults(reset_mid_response=1.0, path_prefix=SYNC))
    open_sync(officer)
    officer.get_by_role("button", name="Sinkronkan sekarang").click()
    eventually(lambda: stats()["reset_mid_response"] >= 1)
    for household in (NEIGHBOUR, SOLOS[0]):
        assert len(interviews_of(field.database, field.household_id(household))) == 1
    expect(officer.locator("#count-waiting")).to_have_text("3")
    expect(sync_state(officer)).not_to_contain_text("Semua sudah terkirim")

    # The retry reaches the server too, and its answer never arrives at all.
    field.proxy.set_faults(Faults(reset_after_request=1.0, path_prefix=SYNC))
    eventually(lambda: stats()["reset_after_request"] >= 1)
    expect(officer.locator("#count-waiting")).to_have_text("3")

    field.proxy.set_faults(Faults())  # the signal holds: the next retry gets its answer
    expect(officer.locator("#count-waiting")).to_have_text("0")
    expect(sync_state(officer)).to_contain_text("Semua sudah terkirim")
    expect(officer.locator("#done-records")).to_contain_text(
        "Sudah tersimpan (sinkronisasi sebelumnya sudah mengirimnya)"
    )
    assert {r["state"] for r in device_records(officer)} == {"duplicate"}

    for household in (NEIGHBOUR, SOLOS[0]):
        assert len(interviews_of(field.database, field.household_id(household))) == 1
    assert len(visits_of(field.database, field.household_id(FAMILY))) == 1
    with field.database.engine.connect() as conn:
        fates = conn.execute(select(sync_records.c.status)).scalars().all()
    assert sorted(fates) == ["stored"] * 3


def test_a_sync_queued_without_signal_goes_by_background_sync_with_the_app_closed(
    field: Field, officer: Page
) -> None:
    field.offline(officer.context)
    open_area(officer)
    open_household(officer, FAMILY)
    record_visit(officer, "nobody_home", revisit_day="2026-12-02")
    open_sync(officer)
    officer.get_by_role("button", name="Sinkronkan sekarang").click()
    expect(sync_state(officer)).to_contain_text("Tidak ada sinyal: 1 data menunggu")
    # The batch is in the outbox (tried, and waiting for the network) before the app closes.
    expect(officer.locator("#sync-activity")).to_contain_text("Tidak ada sinyal: dicoba lagi")

    officer.goto("about:blank")  # the app is closed: only its service worker can send now
    assert visits_of(field.database, field.household_id(FAMILY)) == []
    field.online(officer.context)
    # Chromium may fire the sync itself as the network returns; the DevTools call makes sure.
    wake_for_background_sync(officer, field.url, tag="sensus-officer-outbox")
    eventually(lambda: len(visits_of(field.database, field.household_id(FAMILY))) == 1)

    # Opened again: the worker's answer is taken in; nothing is sent twice.
    officer.goto(f"{field.url}/petugas/lapangan")
    open_sync(officer)
    expect(officer.locator("#count-done")).to_have_text("1")
    assert [r["state"] for r in device_records(officer)] == ["stored"]
    sync_now(officer)
    assert len(visits_of(field.database, field.household_id(FAMILY))) == 1
