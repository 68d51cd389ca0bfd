"""The OpenAPI description says what the API answers (issue 8, "The API as documented").

Schemathesis holds every answer to the description (tests/integration/test_api_as_documented.py);
these tests pin the findings one by one.
"""

from __future__ import annotations

from typing import Any

from tests.integration.api.helpers import API, SELF, TestClient, field_codes

PROBLEM = {"$ref": "#/components/schemas/Problem"}
STAFF_TAGS = {"officer", "supervisor", "admin", "recovery"}


def description(client: TestClient) -> dict[str, Any]:
    answer: dict[str, Any] = client.get(f"{API}/openapi.json").json()
    return answer


def operations(client: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in description(client)["paths"].items()
        for method, operation in item.items()
    ]


def error_schema(operation: dict[str, Any], status: str) -> Any:
    return operation["responses"][status]["content"]["application/json"]["schema"]


def test_every_operation_documents_the_overloaded_answer(client: TestClient) -> None:
    for method, path, operation in operations(client):
        assert error_schema(operation, "503") == PROBLEM, (method, path)
        assert "Retry-After" in operation["responses"]["503"]["headers"]


def test_staff_routes_document_the_missing_session_and_the_wrong_role(client: TestClient) -> None:
    staff_operations = [
        (method, path, op)
        for method, path, op in operations(client)
        if STAFF_TAGS & set(op["tags"])
    ]
    assert len(staff_operations) >= 19
    for method, path, operation in staff_operations:
        for status in ("401", "403"):
            assert error_schema(operation, status) == PROBLEM, (method, path, status)


def test_household_routes_document_the_missing_session(client: TestClient) -> None:
    for path in ("/household", "/draft", "/receipt", "/submissions"):
        for method, operation in description(client)["paths"][f"{API}/self-response{path}"].items():
            assert error_schema(operation, "401") == PROBLEM, (method, path)


def test_field_errors_are_documented_in_the_apis_own_format(client: TestClient) -> None:
    answer = description(client)
    assert "HTTPValidationError" not in answer["components"]["schemas"]
    for method, path, operation in operations(client):
        if "422" in operation["responses"]:
            assert error_schema(operation, "422") == PROBLEM, (method, path)
    body = answer["components"]["schemas"]["ProblemBody"]
    assert set(body["required"]) == {"code", "message_id", "message_en", "fields"}


def test_the_door_documents_its_refusals(client: TestClient) -> None:
    paths = description(client)["paths"]
    for path in ("/self-response/identify", "/self-response/session", "/staff/session"):
        responses = paths[f"{API}{path}"]["post"]["responses"]
        assert {"401", "403", "413", "422", "429", "503"} <= set(responses), path
    assert "409" in paths[f"{API}/self-response/registrations"]["post"]["responses"]


def test_kk_and_nik_are_sixteen_digits_in_the_description(client: TestClient) -> None:
    schemas = description(client)["components"]["schemas"]
    for body in ("IdentifyBody", "SessionBody", "RegistrationBody"):
        for name in ("kk", "nik"):
            assert schemas[body]["properties"][name]["pattern"] == r"^\d{16}$", (body, name)


def test_a_malformed_kk_or_nik_keeps_its_message_in_both_languages(client: TestClient) -> None:
    response = client.post(f"{SELF}/identify", json={"kk": "12345", "nik": "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦"})
    assert response.status_code == 422
    assert field_codes(response) == [("kk", "format"), ("nik", "format")]
    messages = {
        f["path"]: (f["message_id"], f["message_en"]) for f in response.json()["error"]["fields"]
    }
    assert messages["kk"] == (
        "Nomor KK harus terdiri dari 16 angka.",
        "The KK number must be exactly 16 digits.",
    )
    assert messages["nik"] == (
        "NIK harus terdiri dari 16 angka.",
        "The NIK must be exactly 16 digits.",
    )


def test_answers_are_typed_in_the_description(client: TestClient) -> None:
    paths = description(client)["paths"]
    typed = {
        ("get", "/schedule"): "ScheduleAnswer",
        ("post", "/self-response/session"): "HouseholdSummary",
        ("get", "/self-response/household"): "HouseholdAnswer",
        ("patch", "/self-response/draft"): "DraftVersion",
        ("post", "/self-response/submissions"): "ReceiptAnswer",
        ("get", "/staff/me"): "StaffMe",
        ("get", "/officer/bundle"): "Bundle",
        ("post", "/officer/sync"): "SyncAnswer",
        ("get", "/supervisor/progress"): "Progress",
        ("get", "/admin/staff"): "Account",
    }
    for (method, path), model in typed.items():
        responses = paths[f"{API}{path}"][method]["responses"]
        ok = responses.get("200") or responses["201"]
        assert model in str(ok["content"]["application/json"]["schema"]), (method, path)


def test_a_method_not_allowed_names_every_method_of_the_path(client: TestClient) -> None:
    # Starlette used to answer with the first route's methods only: "Allow: PUT" for the draft.
    for method in ("OPTIONS", "DELETE", "POST"):
        response = client.request(method, f"{SELF}/draft")
        assert response.status_code == 405
        assert set(response.headers["allow"].split(", ")) == {"GET", "PUT", "PATCH"}
    response = client.options(f"{API}/staff/session")
    assert set(response.headers["allow"].split(", ")) == {"POST", "DELETE"}
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_a_page_refusing_a_method_names_every_method_too(client: TestClient) -> None:
    response = client.request("DELETE", "/petugas/masuk")
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD", "POST"}
