"""Requests the API cannot take: broken JSON, bodies too large (announced or streamed),
unknown fields, routes and methods that do not exist. Each gets the error format of
docs/CONTRACTS.md, and none stores anything."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator

import pytest

from sensus.storage.database import Database
from tests.integration.api.helpers import (
    API,
    SELF,
    TestClient,
    complete_document,
    credentials,
    error_code,
    field_codes,
    row_counts,
)

LIMIT = 256 * 1024  # Settings' default max_body_bytes
JSON = {"content-type": "application/json"}
ROUTES = [
    ("POST", f"{SELF}/identify"),
    ("POST", f"{SELF}/session"),
    ("POST", f"{SELF}/registrations"),
    ("PUT", f"{SELF}/draft"),
    ("POST", f"{SELF}/submissions"),
]


def streamed(body: bytes, chunk: int = 16 * 1024) -> Iterator[bytes]:
    """The body in chunks, sent without a Content-Length (chunked transfer)."""
    for start in range(0, len(body), chunk):
        yield body[start : start + chunk]


def oversized_submission() -> bytes:
    document = {"questionnaire_id": "sp2020", "household": {"alamat_domisili": "x" * LIMIT}}
    return json.dumps({"submission_id": str(uuid.uuid4()), "document": document}).encode()


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize("body", [b'{"kk": ', b"{'kk': 1}", b"\xff\xfe", b"[1,]", b'{"kk": "1",}'])
def test_broken_json_gets_422_malformed_request(
    signed_in: TestClient, database: Database, method: str, path: str, body: bytes
) -> None:
    before = row_counts(database)
    response = signed_in.request(method, path, content=body, headers=JSON)
    assert response.status_code == 422
    assert response.json() == {
        "error": {
            "code": "malformed_request",
            "message_id": "Permintaan tidak dapat dibaca.",
            "message_en": "The request could not be read.",
            "fields": [],
        }
    }
    assert row_counts(database) == before


def test_an_empty_body_is_a_missing_body(client: TestClient) -> None:
    response = client.post(f"{SELF}/identify", content=b"", headers=JSON)
    assert response.status_code == 422
    assert field_codes(response) == [("body", "missing")]


def test_json_nested_too_deep_to_parse_gets_422_malformed_request(signed_in: TestClient) -> None:
    body = b'{"version": 0, "document": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    response = signed_in.put(f"{SELF}/draft", content=body, headers=JSON)
    assert response.status_code == 422
    assert error_code(response) == "malformed_request"


def test_a_body_announced_too_large_gets_413_before_it_is_read(
    signed_in: TestClient, database: Database
) -> None:
    before = row_counts(database)
    response = signed_in.post(f"{SELF}/submissions", content=oversized_submission(), headers=JSON)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"
    assert response.json()["error"]["message_en"] == "The data sent is too large."
    assert row_counts(database) == before


def test_a_body_streamed_past_the_limit_gets_413(signed_in: TestClient, database: Database) -> None:
    before = row_counts(database)
    response = signed_in.post(
        f"{SELF}/submissions", content=streamed(oversized_submission()), headers=JSON
    )
    assert response.status_code == 413
    assert error_code(response) == "body_too_large"
    assert row_counts(database) == before


def test_a_body_streamed_within_the_limit_is_read(signed_in: TestClient) -> None:
    body = json.dumps(
        {"submission_id": str(uuid.uuid4()), "document": complete_document(signed_in)}
    ).encode()
    response = signed_in.post(f"{SELF}/submissions", content=streamed(body, 512), headers=JSON)
    assert response.status_code == 201


def test_the_limit_follows_the_settings(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_body_bytes=2048)
    body = {**credentials(), "password": "x" * 2100}
    assert client.post(f"{SELF}/session", json=body).status_code == 413


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_a_body_with_an_unknown_field_gets_422_naming_it(
    signed_in: TestClient, database: Database, method: str, path: str
) -> None:
    before = row_counts(database)
    response = signed_in.request(method, path, json={"admin": True})
    assert response.status_code == 422
    assert ("admin", "extra_forbidden") in field_codes(response)
    assert row_counts(database) == before


def test_a_body_that_is_not_an_object_gets_422(client: TestClient) -> None:
    response = client.post(f"{SELF}/identify", json=["kk", "nik"])
    assert response.status_code == 422
    assert error_code(response) == "validation_failed"


def test_an_overlong_field_is_refused_before_it_is_looked_at(client: TestClient) -> None:
    response = client.post(f"{SELF}/identify", json={"kk": "1" * 33, "nik": "1" * 16})
    assert response.status_code == 422
    assert field_codes(response) == [("kk", "string_too_long")]


def test_an_unknown_api_route_gets_404_in_the_api_format(client: TestClient) -> None:
    response = client.get(f"{API}/households")
    assert response.status_code == 404
    assert error_code(response) == "not_found"


def test_a_method_a_route_does_not_have_gets_405_in_the_api_format(client: TestClient) -> None:
    response = client.get(f"{SELF}/submissions")
    assert response.status_code == 405
    assert error_code(response) == "method_not_allowed"
    assert response.headers["allow"] == "POST"
