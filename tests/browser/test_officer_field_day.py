"""An officer's field day: download the work, a day without signal, sync in the evening.

Given an officer who signed in once with signal and downloaded the assignments of their area,
when the signal goes and they record three interviews and two visit outcomes, and reload the
app still without signal,
then nothing is lost; when the signal comes back and they sync, the server holds each record
exactly as recorded, and a second sync stores nothing new.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.officer import (
    FAMILY,
    NEIGHBOUR,
    SOLOS,
    Field,
    back_to_area,
    device_records,
    head,
    interview_alone,
    interviews_of,
    open_area,
    open_household,
    open_sync,
    record_visit,
    row_counts,
    snapshot,
    stored_answers,
    sync_now,
    sync_state,
    typed_answers,
    typed_household,
    visits_of,
)

pytestmark = pytest.mark.browser


def test_a_day_offline_then_one_sync_stores_every_record_once(field: Field, officer: Page) -> None:
    interviewed = (NEIGHBOUR, SOLOS[0], SOLOS[1])
    field.offline(officer.context)

    open_area(officer)
    for household in interviewed:
        open_household(officer, household)
        interview_alone(officer, household)
        back_to_area(officer)
    open_household(officer, FAMILY)
    record_visit(officer, "nobody_home", revisit_day="2026-12-02")
    back_to_area(officer)
    open_household(officer, SOLOS[2])
    record_visit(officer, "refused", note="Minta datang lagi setelah panen")
    expect(sync_state(officer)).to_contain_text("Tidak ada sinyal: 5 data menunggu")
    back_to_area(officer)
    snapshot(officer, "officer-area-offline")
    open_household(officer, SOLOS[2])

    officer.reload()  # no signal: the app from the service worker, the work from IndexedDB
    expect(officer.get_by_role("heading", name=head(SOLOS[2]).name)).to_be_visible()
    expect(sync_state(officer)).to_contain_text("5 data menunggu")
    assert sorted(r["kind"] for r in device_records(officer)) == ["interview"] * 3 + ["visit"] * 2
    open_sync(officer)
    expect(officer.locator("#waiting-records > li")).to_have_count(5)

    field.online(officer.context)
    sync_now(officer)
    expect(sync_state(officer)).to_contain_text("Semua sudah terkirim")
    expect(officer.locator("#done-records > li")).to_have_count(5)
    assert {r["state"] for r in device_records(officer)} == {"stored"}

    for household in interviewed:
        [row] = interviews_of(field.database, field.household_id(household))
        assert (row["mode"], row["is_final"], row["review_status"]) == (
            "interview",
            True,
            "pending",
        )
        document = stored_answers(row)
        assert document["household"] == {
            "wilayah_domisili": household.village_code,
            "alamat_domisili": household.address,
            **typed_household(household),
        }
        [member] = document["members"]
        assert member["presence"] == "lives_here"
        assert typed_answers(head(household)).items() <= member["answers"].items()
        assert member["answers"]["nama"] == head(household).name
    [nobody_home] = visits_of(field.database, field.household_id(FAMILY))
    assert nobody_home["outcome"] == "nobody_home"
    assert nobody_home["revisit_at"] is not None
    [refused] = visits_of(field.database, field.household_id(SOLOS[2]))
    assert (refused["outcome"], refused["note"]) == ("refused", "Minta datang lagi setelah panen")

    before = row_counts(field.database)
    sync_now(officer)
    assert row_counts(field.database) == before
