"""What anyone may read: the OpenAPI description, the schedule, the questionnaire and the
region master."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from sensus.config import WIB
from tests.integration.api.helpers import API, TestClient, error_code, field_codes

SP2020 = Path(__file__).resolve().parents[3] / "questionnaires" / "sp2020.yaml"
CONTRACT_ROUTES = {
    ("get", "/api/v1/schedule"),
    ("get", "/api/v1/questionnaire"),
    ("get", "/api/v1/regions"),
    ("get", "/api/v1/regions/{code}"),
    ("post", "/api/v1/self-response/identify"),
    ("post", "/api/v1/self-response/session"),
    ("delete", "/api/v1/self-response/session"),
    ("post", "/api/v1/self-response/registrations"),
    ("get", "/api/v1/self-response/household"),
    ("put", "/api/v1/self-response/draft"),
    ("post", "/api/v1/self-response/submissions"),
    ("get", "/api/v1/self-response/receipt"),
}
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in refs(value)]
    return []


def resolve(spec: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = spec
    for part in ref[2:].split("/"):
        node = node[part]
    return node


@pytest.fixture
def spec(client: TestClient) -> dict[str, Any]:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    document: dict[str, Any] = response.json()
    return document


def test_the_openapi_description_lists_every_route_of_the_contract(spec: dict[str, Any]) -> None:
    listed = {
        (method, path)
        for path, operations in spec["paths"].items()
        for method in operations
        if method in METHODS
    }
    assert listed >= CONTRACT_ROUTES
    assert not any(path.startswith(("/api/docs", "/daftar")) for _, path in listed)  # no pages


def test_the_openapi_description_is_well_formed(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.1.")
    assert spec["info"]["title"] == "sensus"
    assert spec["info"]["version"]
    operation_ids = []
    for path, operations in spec["paths"].items():
        assert path.startswith("/api/v1/")
        for method, operation in operations.items():
            assert method in METHODS
            assert operation["responses"], (method, path)
            assert operation["summary"] and operation["description"], (method, path)
            operation_ids.append(operation["operationId"])
    assert len(operation_ids) == len(set(operation_ids))
    for ref in refs(spec):
        assert resolve(spec, ref) is not None


def test_the_openapi_description_documents_the_request_bodies(spec: dict[str, Any]) -> None:
    body = spec["paths"]["/api/v1/self-response/submissions"]["post"]["requestBody"]
    schema = resolve(spec, body["content"]["application/json"]["schema"]["$ref"])
    assert set(schema["required"]) == {"submission_id", "document"}
    assert schema["properties"]["submission_id"]["format"] == "uuid"
    assert schema["additionalProperties"] is False


def test_the_schedule_gives_the_census_date_and_both_windows(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(
        interview_opens=datetime(2026, 4, 1, tzinfo=WIB),
        interview_closes=datetime(2026, 5, 31, tzinfo=WIB),
    )
    assert client.get(f"{API}/schedule").json() == {
        "census_date": "2026-09-01",
        "self_response": {
            "opens": "2026-01-01T00:00:00+07:00",
            "closes": "2027-12-31T23:59:00+07:00",
            "state": "open",
        },
        "interview": {
            "opens": "2026-04-01T00:00:00+07:00",
            "closes": "2026-05-31T00:00:00+07:00",
            "state": "before",
        },
    }


def test_the_questionnaire_is_served_with_its_digest_as_etag(client: TestClient) -> None:
    response = client.get(f"{API}/questionnaire")
    assert response.status_code == 200
    digest = hashlib.sha256(SP2020.read_bytes()).hexdigest()
    assert response.headers["etag"] == f'"{digest}"'
    body = response.json()
    assert (body["id"], body["version"], body["digest"]) == ("sp2020", "2020.1", digest)
    unchanged = client.get(f"{API}/questionnaire", headers={"if-none-match": f'"{digest}"'})
    assert unchanged.status_code == 304
    assert unchanged.content == b""


def test_the_provinces_are_listed_without_a_parent(client: TestClient) -> None:
    provinces = client.get(f"{API}/regions").json()
    assert len(provinces) == 38
    assert {"code": "63", "name": "Kalimantan Selatan", "level": 1} in provinces


def test_the_children_of_a_region_are_listed(client: TestClient) -> None:
    villages = client.get(f"{API}/regions", params={"parent": "637101"}).json()
    assert {"code": "6371011001", "name": "Mantuil", "level": 4} in villages
    assert all(v["code"].startswith("637101") and v["level"] == 4 for v in villages)


def test_one_region_comes_with_its_path(client: TestClient) -> None:
    assert client.get(f"{API}/regions/6371011001").json() == {
        "code": "6371011001",
        "name": "Mantuil",
        "level": 4,
        "parent_code": "637101",
        "path": ["Mantuil", "Banjarmasin Selatan", "Kota Banjarmasin", "Kalimantan Selatan"],
    }


@pytest.mark.parametrize("code", ["6371011999", "99", "abc"])
def test_an_unknown_region_gets_404(client: TestClient, code: str) -> None:
    response = client.get(f"{API}/regions/{code}")
    assert response.status_code == 404
    assert error_code(response) == "not_found"


def test_the_children_of_an_unknown_region_get_404(client: TestClient) -> None:
    response = client.get(f"{API}/regions", params={"parent": "9999"})
    assert response.status_code == 404


def test_a_parent_that_is_not_a_region_code_is_refused(client: TestClient) -> None:
    response = client.get(f"{API}/regions", params={"parent": "6371011001"})  # a village
    assert response.status_code == 422
    assert field_codes(response) == [("parent", "string_pattern_mismatch")]
