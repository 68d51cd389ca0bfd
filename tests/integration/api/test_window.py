"""The self-response window: outside it, every write is refused with 403 and the dates, and
nothing is stored; reading what was sent stays possible."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest

from sensus.config import WIB
from sensus.storage.database import Database
from tests.documents import Document
from tests.integration.api.helpers import (
    API,
    PASSWORD,
    SELF,
    FakeClock,
    TestClient,
    complete_document,
    credentials,
    row_counts,
    sign_in,
)

BEFORE = datetime(2025, 12, 31, 23, 59, tzinfo=WIB)
AFTER = datetime(2027, 12, 31, 23, 59, tzinfo=WIB)  # the closing minute: closed
DATES = {"opens": "2026-01-01T00:00:00+07:00", "closes": "2027-12-31T23:59:00+07:00"}
REGISTRATION = {"village_code": "6371011001", "address": "Jl. Baru 1", "rt": "1", "rw": "2"}


def signed_in_before(client: TestClient, clock: FakeClock, moment: datetime) -> TestClient:
    """Signed in while the window is open, an hour before ``moment`` if that is later (the
    last evening): a session ends after its hours (ADR 0013), a window after its dates."""
    if moment - timedelta(hours=1) > clock.now:
        clock.now = moment - timedelta(hours=1)
    sign_in(client)
    return client


def writes(document: Document) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("POST", f"{SELF}/identify", credentials()),
        ("POST", f"{SELF}/session", credentials() | {"password": PASSWORD}),
        ("POST", f"{SELF}/registrations", credentials() | {"password": PASSWORD} | REGISTRATION),
        ("PUT", f"{SELF}/draft", {"version": 0, "document": document}),
        ("POST", f"{SELF}/submissions", {"submission_id": str(uuid.uuid4()), "document": document}),
    ]


@pytest.mark.parametrize(
    ("moment", "code", "state"),
    [(BEFORE, "window_not_open", "before"), (AFTER, "window_closed", "closed")],
)
def test_outside_the_window_every_write_gets_403_with_the_dates(
    client: TestClient,
    database: Database,
    clock: FakeClock,
    moment: datetime,
    code: str,
    state: str,
) -> None:
    signed_in = signed_in_before(client, clock, moment)
    document = complete_document(signed_in)
    clock.now = moment
    before = row_counts(database)
    for method, path, body in writes(document):
        response = signed_in.request(method, path, json=body)
        assert response.status_code == 403, path
        error = response.json()["error"]
        assert (error["code"], error["detail"]) == (code, DATES), path
        assert error["message_id"] and error["message_en"]
    assert row_counts(database) == before
    assert signed_in.get(f"{API}/schedule").json()["self_response"]["state"] == state


def test_the_window_opens_on_its_first_minute(client: TestClient, clock: FakeClock) -> None:
    clock.now = datetime(2026, 1, 1, tzinfo=WIB)
    assert client.post(f"{SELF}/identify", json=credentials()).status_code == 200


def test_a_household_can_read_its_receipt_after_the_window_closed(
    client: TestClient, clock: FakeClock
) -> None:
    signed_in = signed_in_before(client, clock, AFTER)
    body = {"submission_id": str(uuid.uuid4()), "document": complete_document(signed_in)}
    receipt = signed_in.post(f"{SELF}/submissions", json=body).json()
    clock.now = AFTER
    assert signed_in.get(f"{SELF}/receipt").json() == receipt
    assert signed_in.get(f"{SELF}/household").json()["receipt"] == receipt


def test_the_window_follows_the_settings(make_client: Any, clock: FakeClock) -> None:
    client = make_client(
        self_response_opens=datetime(2026, 2, 15, tzinfo=WIB),
        self_response_closes=datetime(2026, 3, 31, tzinfo=WIB),
    )
    clock.now = datetime(2026, 2, 14, 23, 59, tzinfo=WIB)
    response = client.post(f"{SELF}/identify", json=credentials())
    assert response.status_code == 403
    assert response.json()["error"]["detail"] == {
        "opens": "2026-02-15T00:00:00+07:00",
        "closes": "2026-03-31T00:00:00+07:00",
    }
    clock.now = datetime(2026, 2, 15, tzinfo=WIB)
    sign_in(client)
