"""An officer reads and writes only their own areas' households, through the pages too.

The API side is tested in tests/integration/interviews/test_access.py. Here, on the phone:
given officer ppl01 (area A) and a household of area B interviewed by ppl02,
then nothing of area B reaches ppl01's phone or screen; the supervisors' page of that
interview is not for ppl01; and a record about area B's household that a tampered app put on
ppl01's phone is refused at the sync, shown with what to do (ask the supervisor), and
changes nothing on the server.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx2 as httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.officer import (
    PASSWORD,
    Field,
    device,
    head,
    open_area,
    open_sync,
    row_counts,
    sync_now,
)
from tests.browser.respondent import put_record
from tests.integration.interviews.helpers import FARAWAY, assignment_of, document_for, interview

pytestmark = pytest.mark.browser


def interviewed_by_ppl02(url: str) -> dict[str, Any]:
    """ppl02 interviews FARAWAY (area B) from an app of their own; the record."""
    with httpx.Client(base_url=url) as app:
        signed_in = app.post(
            "/api/v1/staff/session", json={"username": "ppl02", "password": PASSWORD}
        )
        assert signed_in.status_code == 200, signed_in.text
        bundle = app.get("/api/v1/officer/bundle").json()
        record = interview(
            assignment_of(bundle, FARAWAY)["assignment_id"], document_for(bundle, FARAWAY)
        )
        synced = app.post("/api/v1/officer/sync", json={"records": [record]}).json()
        assert synced["summary"]["stored"] == 1, synced
        return record


def planted_check(household_id: int) -> dict[str, Any]:
    """A list check as the app keeps it on the device, waiting for the next sync."""
    record_id, at = str(uuid.uuid4()), "2026-11-25T10:00:00Z"
    body = {"record_id": record_id, "kind": "listing_check", "recorded_at": at}
    body |= {"household_id": household_id, "result": "not_found"}
    return {
        "record_id": record_id,
        "kind": "listing_check",
        "body": body,
        "state": "waiting",
        "batch": None,
        "result": None,
        "created_at": at,
        "updated_at": at,
    }


def test_another_areas_households_never_reach_the_phone_and_cannot_be_written(
    field: Field, officer: Page
) -> None:
    record = interviewed_by_ppl02(field.server.url)
    faraway = head(FARAWAY)

    open_area(officer)
    expect(officer.locator("#population-list")).not_to_contain_text(faraway.name)
    on_device = json.dumps(device(officer, "officer", "bundle"))
    for personal in (faraway.name, faraway.nik, FARAWAY.kk, FARAWAY.address):
        assert personal not in on_device

    officer.goto(f"{field.url}/petugas/pengawas/wawancara/{record['record_id']}")
    expect(officer.locator("main")).to_contain_text("Bukan untuk peran Anda")
    assert faraway.name not in officer.content()

    # A tampered app: a list check striking area B's household off, on ppl01's phone.
    put_record(officer, planted_check(field.household_id(FARAWAY)), store="officer_records")
    before = row_counts(field.database)
    officer.goto(f"{field.url}/petugas/lapangan")
    open_sync(officer)
    sync_now(officer)

    refused = officer.locator("#refused-records")
    expect(refused).to_contain_text("Rumah tangga ini tidak ditemukan di wilayah tugas Anda.")
    expect(refused).to_contain_text("Selanjutnya: bicarakan dengan pengawas Anda.")
    expect(refused.get_by_role("button", name="Kirim lagi")).to_be_visible()
    after = row_counts(field.database)
    assert after["listing_checks"] == before["listing_checks"] == 0
    assert after["households"] == before["households"]
