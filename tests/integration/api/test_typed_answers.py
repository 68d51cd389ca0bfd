"""Every answer of ``/api/v1`` is typed in its OpenAPI description (issue 12, ADR 0015).

The description is the contract: each operation's success names a schema with fields, and
the only open values in all of them are the few whose shape is the questionnaire's. The
answers themselves are held to these schemas by Schemathesis
(tests/integration/test_api_as_documented.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tests.integration.api.helpers import API, TestClient

# Open on purpose: JSON Logic rules, the answer a draft conflict did not keep (an answer, a
# member or null), and what a sync result adds per status (docs/CONTRACTS.md).
OPEN = {"ConstraintAnswer.rule", "QuestionAnswer.relevant", "Conflict.other", "SyncResult.detail"}


def description(client: TestClient) -> dict[str, Any]:
    answer: dict[str, Any] = client.get(f"{API}/openapi.json").json()
    return answer


def successes(spec: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if status.startswith("2"):
                    yield method.upper(), path, status, response


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def is_any(schema: dict[str, Any]) -> bool:
    """Says nothing: no type at all, or an object with no named fields and any values."""
    said = {k: v for k, v in schema.items() if k not in ("title", "description")}
    if not said:
        return True
    return (
        said.get("type") == "object"
        and not said.get("properties")
        and (said.get("additionalProperties", True) is True)
    )


def answered_components(spec: dict[str, Any]) -> set[str]:
    """The names of every component a success answer uses, directly or inside another."""
    seen: set[str] = set()
    todo = [response.get("content", {}) for _, _, _, response in successes(spec)]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                name = ref.rsplit("/", 1)[1]
                if name not in seen:
                    seen.add(name)
                    todo.append(spec["components"]["schemas"][name])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return seen


def open_places(spec: dict[str, Any]) -> set[str]:
    """``Component.field`` for every field of an answer whose schema says nothing."""
    found = set()
    for name in answered_components(spec):
        for field, schema in spec["components"]["schemas"][name].get("properties", {}).items():
            if is_any(schema):
                found.add(f"{name}.{field}")
    return found


def test_every_operation_answers_a_typed_success(client: TestClient) -> None:
    spec = description(client)
    operations = {(m, p) for m, p, _, _ in successes(spec)}
    assert len(operations) >= 45
    for method, path, status, response in successes(spec):
        assert path.startswith(API), path
        if status == "204":
            assert "content" not in response, (method, path)
            continue
        schema = resolve(spec, response["content"]["application/json"]["schema"])
        if schema.get("type") == "array":
            schema = resolve(spec, schema["items"])
        assert schema.get("properties"), (method, path, status, schema)
        assert not is_any(schema), (method, path, status)


def test_only_the_questionnaires_own_values_are_left_open(client: TestClient) -> None:
    assert open_places(description(client)) == OPEN


def test_the_household_document_is_described(client: TestClient) -> None:
    schemas = description(client)["components"]["schemas"]
    document = schemas["HouseholdDocument"]
    assert set(document["required"]) == {"household", "members"}
    member = schemas["Member"]
    assert member["properties"]["presence"]["enum"] == ["lives_here", "moved_away", "died", "new"]
    answer_types = {
        s.get("type") for s in member["properties"]["answers"]["additionalProperties"]["anyOf"]
    }
    assert answer_types == {"string", "integer", "number", "boolean", "array", "null"}
    for answer in ("HouseholdAnswer", "DraftAnswer", "InterviewAnswer", "Returned"):
        text = str(schemas[answer])
        # By reference, or inline (pydantic inlines a ``SkipValidation`` document).
        assert "HouseholdDocument" in text, answer
