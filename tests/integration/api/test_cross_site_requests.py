"""Writes from another site are refused whatever the cookies: a state-changing request
whose Origin (or, absent, Referer) is not this site's gets 403 ``cross_site_request``, on
the API and on the staff pages' forms alike (issue 8, ADR 0014).

Requests with neither header (tools, the trial, command-line clients) are let through:
browsers send Origin on every write of theirs.
"""

from __future__ import annotations

import pytest

from sensus.storage.database import Database
from tests.integration.api.helpers import (
    SELF,
    TestClient,
    credentials,
    household_row,
    row_counts,
)

OWN = "http://testserver"  # TestClient's base URL: the site's own origin here
FOREIGN = {
    "another site": {"Origin": "https://phishing.example"},
    "another port": {"Origin": "http://testserver:8080"},
    "a sandboxed frame": {"Origin": "null"},
    "a look-alike host": {"Origin": "http://testserver.example"},
    "another site's page": {"Referer": "https://phishing.example/form.html"},
    "an unreadable origin": {"Origin": "http://[::1"},
}
REFUSAL = {
    "code": "cross_site_request",
    "message_id": "Permintaan ini berasal dari situs lain dan ditolak.",
    "message_en": "This request came from another site and was refused.",
    "fields": [],
}


def draft_change(signed_in: TestClient) -> dict[str, object]:
    return {"base_version": 0, "changes": [{"path": "household/status_rumah", "value": 1}]}


@pytest.mark.parametrize("source", list(FOREIGN), ids=str)
def test_a_draft_change_from_another_site_is_refused_and_nothing_is_stored(
    signed_in: TestClient, database: Database, source: str
) -> None:
    before = row_counts(database), household_row(database)
    response = signed_in.patch(
        f"{SELF}/draft", json=draft_change(signed_in), headers=FOREIGN[source]
    )
    assert response.status_code == 403
    assert response.json() == {"error": REFUSAL}
    assert (row_counts(database), household_row(database)) == before


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", f"{SELF}/identify"),
        ("POST", f"{SELF}/session"),
        ("DELETE", f"{SELF}/session"),
        ("PUT", f"{SELF}/draft"),
        ("POST", f"{SELF}/submissions"),
        ("POST", "/api/v1/officer/sync"),
        ("POST", "/api/v1/staff/session"),
        ("POST", "/petugas/masuk"),
        ("POST", "/petugas/keluar"),
        ("POST", "/bahasa"),
    ],
)
def test_every_write_from_another_site_is_refused(
    client: TestClient, method: str, path: str
) -> None:
    response = client.request(method, path, json={}, headers={"Origin": "https://phishing.example"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "cross_site_request"


def test_reads_from_another_site_are_not_refused(signed_in: TestClient) -> None:
    # A read changes nothing; what it may show is kept from other sites by the browser.
    response = signed_in.get(f"{SELF}/household", headers={"Origin": "https://phishing.example"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": OWN},
        {"Origin": "HTTP://TESTSERVER"},
        {"Referer": f"{OWN}/rumah-tangga"},
        {"Origin": OWN, "Referer": "https://phishing.example/"},  # Origin decides
        {},  # no browser: a tool, the trial (ADR 0014)
    ],
    ids=str,
)
def test_writes_from_this_site_or_from_no_browser_are_taken(
    signed_in: TestClient, headers: dict[str, str]
) -> None:
    response = signed_in.patch(f"{SELF}/draft", json=draft_change(signed_in), headers=headers)
    assert response.status_code == 200, response.text


def test_a_sign_in_from_this_site_is_taken(client: TestClient) -> None:
    body = credentials() | {"password": "rahasia-keluarga"}
    response = client.post(f"{SELF}/session", json=body, headers={"Origin": OWN})
    assert response.status_code == 200, response.text
