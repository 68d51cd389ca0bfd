"""The race between the two modes: a household answers online after the officer's download.

Given an officer whose phone holds the area's work,
when a household answers online before the officer visits it, the next sync takes it off
the officer's list and says why;
and when the officer had interviewed it already (offline, before the online answer arrived),
both records are kept, the online one is final, and the phone says so in words: kept, but
the household's online answer counts.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.browser.officer import (
    FAMILY,
    NEIGHBOUR,
    Field,
    back_to_area,
    device_records,
    head,
    interview_alone,
    interviews_of,
    open_area,
    open_household,
    open_sync,
    self_respond,
    sync_now,
)

pytestmark = pytest.mark.browser


def test_a_household_that_answers_online_drops_off_the_list_at_the_next_sync(
    field: Field, officer: Page
) -> None:
    open_area(officer)
    expect(officer.locator("#assigned")).to_contain_text(head(FAMILY).name)

    self_respond(field.server.url, FAMILY)
    open_sync(officer)
    sync_now(officer)
    officer.go_back()

    expect(officer.locator("#assigned")).not_to_contain_text(head(FAMILY).name)
    expect(officer.locator("#assigned")).to_contain_text(head(NEIGHBOUR).name)
    expect(officer.locator("#removed-assignments")).to_contain_text(
        f"{head(FAMILY).name}, {FAMILY.address}: sudah mengisi online setelah tugas Anda diunduh"
    )
    open_household(officer, FAMILY, within="#population-list")
    expect(officer.locator(".facts")).to_contain_text("sudah mengisi online")
    expect(officer.get_by_role("button", name="Mulai wawancara")).to_have_count(0)


def test_an_interview_overtaken_by_an_online_answer_is_kept_but_not_final(
    field: Field, officer: Page
) -> None:
    field.offline(officer.context)
    open_area(officer)
    open_household(officer, NEIGHBOUR)
    interview_alone(officer, NEIGHBOUR)
    back_to_area(officer)

    self_respond(field.server.url, NEIGHBOUR)  # from the household's own phone, with signal
    field.online(officer.context)
    open_sync(officer)
    sync_now(officer)

    done = officer.locator("#done-records")
    expect(done).to_contain_text("Disimpan, tetapi jawaban online rumah tangga ini yang berlaku")
    expect(done).to_contain_text("Keduanya disimpan; jawaban online yang berlaku")
    [record] = device_records(officer)
    assert (record["state"], record["result"]["detail"]["final"]) == ("superseded", "self_response")
    rows = interviews_of(field.database, field.household_id(NEIGHBOUR))
    assert sorted((r["mode"], r["is_final"]) for r in rows) == [
        ("interview", False),
        ("self_response", True),
    ]
    interview = next(r for r in rows if r["mode"] == "interview")
    assert json.loads(interview["payload"])["members"][0]["answers"]["nama"] == head(NEIGHBOUR).name
    officer.go_back()
    expect(officer.locator("#assigned")).not_to_contain_text(head(NEIGHBOUR).name)
