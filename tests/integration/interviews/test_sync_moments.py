"""Moments a device sends: anything but an ISO 8601 time with its offset, inside the years a
census can happen in, is a field error, never a server error (issue 8's fuzzing finding)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sensus.storage.database import Database
from tests.integration.interviews.helpers import (
    API,
    FAMILY,
    TestClient,
    assignment_of,
    row_counts,
    visit,
)

# The first overflowed the conversion to UTC; the others were read as moments of 1970 or
# before the census existed, or are no moments at all.
BAD_SINCE = [
    "0001-01-01T00:03:00+00:04",
    "9999-12-31T23:59:00-01:00",
    "0001-01-01T00:00:00Z",
    0,
    1_700_000_000,
    "1970-01-01T00:00:00Z",
    "2026-09-03T10:15:00",  # no offset: whose 10:15?
    "tomorrow",
    True,
]


@pytest.fixture
def device(signed_in: Callable[..., TestClient]) -> TestClient:
    # Server errors come back as responses here, as a phone would see them.
    return signed_in("ppl01", raise_server_exceptions=False)


@pytest.mark.parametrize("since", BAD_SINCE, ids=repr)
def test_a_since_that_is_not_a_moment_of_the_census_is_a_field_error(
    device: TestClient, since: Any
) -> None:
    response = device.post(f"{API}/officer/sync", json={"since": since, "records": []})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert [f["path"] for f in error["fields"]] == ["since"]


def test_a_since_of_the_census_is_taken(device: TestClient) -> None:
    response = device.post(
        f"{API}/officer/sync", json={"since": "2026-09-03T10:15:00+08:00", "records": []}
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:03:00+00:04", "9999-12-31T23:59:00-01:00"], ids=repr
)
def test_a_record_whose_moment_overflows_is_refused_alone(
    device: TestClient, bundle: dict[str, Any], database: Database, moment: str
) -> None:
    before = row_counts(database)
    record = visit(assignment_of(bundle, FAMILY)["assignment_id"], recorded_at=moment)
    response = device.post(f"{API}/officer/sync", json={"records": [record]})
    assert response.status_code == 200, response.text
    [result] = response.json()["results"]
    assert result["status"] == "rejected"
    assert [f["path"] for f in result["error"]["fields"]] == ["recorded_at"]
    # Nothing but the sync's own log of what was refused (the supervisor's diagnostics).
    assert without_sync_log(row_counts(database)) == without_sync_log(before)


def without_sync_log(counts: dict[str, int]) -> dict[str, int]:
    return {table: n for table, n in counts.items() if not table.startswith("sync_")}
