"""The shared vectors on the server: rules and documents give what the browser gives.

The expected values in ``tests/vectors/`` are json-logic-js's and engine.js's answers; the
same files run in Chromium (``tests/browser/test_rule_vectors_in_chromium.py``). Here every
expected error counts, the server-only ones included (ADR 0003).
"""

from __future__ import annotations

from typing import Any

import pytest

from sensus.domain.questionnaire import (
    QuestionnaireError,
    clean_document,
    parse_questionnaire,
    validate_document,
)
from sensus.domain.questionnaire.jsvalues import truthy
from sensus.domain.questionnaire.rules import ALLOWED_OPERATIONS, evaluate, holds
from sensus.domain.questionnaire.validate import validate_and_clean
from tests.vectors import (
    ROOT,
    DocumentCase,
    RuleCase,
    as_json,
    codes,
    document_cases,
    operators,
    questionnaire,
    rule_cases,
    same,
)

RULE_CASES = rule_cases()
DOCUMENT_CASES = document_cases()


def _field_errors(case: DocumentCase) -> list[dict[str, Any]]:
    found = validate_document(
        questionnaire(case.questionnaire), case.document, case.census_date, case.source
    )
    return [{"path": e.path, "code": e.code, "message": {"id": e.id, "en": e.en}} for e in found]


@pytest.mark.parametrize("case", RULE_CASES, ids=[c.name for c in RULE_CASES])
def test_rule_gives_what_json_logic_js_gives(case: RuleCase) -> None:
    if case.throws:
        with pytest.raises((TypeError, ValueError)):
            evaluate(case.rule, case.data)
        return
    result = evaluate(case.rule, case.data)
    assert same(result, case.expected), f"{result!r} != {case.expected!r}"
    assert holds(case.rule, case.data) is truthy(case.expected)


def test_rule_vectors_use_every_allowed_operator() -> None:
    used = {op for case in RULE_CASES for op in operators(case.rule)}
    assert ALLOWED_OPERATIONS - used == set()


def test_rule_vectors_have_unique_names() -> None:
    names = [case.name for case in RULE_CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", DOCUMENT_CASES, ids=[c.id for c in DOCUMENT_CASES])
def test_document_has_the_expected_errors(case: DocumentCase) -> None:
    found = _field_errors(case)
    assert codes(found) == codes(case.errors)
    for error, expected in zip(found, case.errors, strict=True):
        if "message" in expected:
            assert error["message"] == expected["message"]


@pytest.mark.parametrize("case", DOCUMENT_CASES, ids=[c.id for c in DOCUMENT_CASES])
def test_document_is_cleaned_as_expected(case: DocumentCase) -> None:
    cleaned = clean_document(
        questionnaire(case.questionnaire), case.document, case.census_date, case.source
    )
    assert as_json(cleaned) == as_json(case.cleaned)


@pytest.mark.parametrize("case", DOCUMENT_CASES, ids=[c.id for c in DOCUMENT_CASES])
def test_validate_and_clean_agrees_with_the_two_passes(case: DocumentCase) -> None:
    errors, cleaned = validate_and_clean(
        questionnaire(case.questionnaire), case.document, case.census_date, case.source
    )
    assert [(e.path, e.code) for e in errors] == codes(case.errors)
    assert as_json(cleaned) == as_json(case.cleaned)


def test_document_vectors_cover_every_field_error_code() -> None:
    from sensus.domain.questionnaire.messages import MESSAGES

    covered = {error["code"] for case in DOCUMENT_CASES for error in case.errors}
    nik_codes = {"format", "invalid_serial", "sex_mismatch", "birth_date_mismatch"}
    assert set(MESSAGES) | nik_codes | {"constraint_failed", "unknown_region"} <= covered


def test_a_question_id_every_javascript_object_inherits_is_refused() -> None:
    # Unanswered, {"var": "person.constructor"} would be Object's constructor in the browser
    # (truthy) and null on the server: such a rule could not give the same answer on both.
    source = (ROOT / "questionnaires/tests/answers.yaml").read_text(encoding="utf-8")
    source += "\n  - {id: constructor, scope: person, type: text, label: {id: a, en: a}}\n"
    with pytest.raises(QuestionnaireError, match="'constructor' is a name every JavaScript"):
        parse_questionnaire(source.encode())
