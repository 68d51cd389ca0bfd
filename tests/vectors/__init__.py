"""The shared vectors of ADR 0003, and how both sides read and compare them.

``rules.json`` holds rule cases ``{rule, data, expected | throws}``; ``documents/*.json`` hold
document cases ``{document, errors, cleaned}`` on one questionnaire each. The same files are
run on the server (``tests/unit/test_rule_vectors.py``) and in Chromium
(``tests/browser/test_rule_vectors_in_chromium.py``).

Values JSON cannot hold are tagged ``{"$js": "undefined" | "NaN" | "Infinity" |
"-Infinity"}``, in the files and in what the browser sends back.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sensus.domain.questionnaire import Questionnaire, load_questionnaire
from sensus.domain.questionnaire.jsvalues import UNDEFINED

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
RULES = HERE / "rules.json"
DOCUMENTS = HERE / "documents"
MOMENTS = HERE / "moments.json"

_SPECIAL = {
    "undefined": UNDEFINED,
    "NaN": math.nan,
    "Infinity": math.inf,
    "-Infinity": -math.inf,
}


@dataclass(frozen=True)
class RuleCase:
    name: str
    rule: Any
    data: Any
    expected: Any  # decoded: UNDEFINED and non-finite floats where the file tags them
    throws: bool


@dataclass(frozen=True)
class DocumentCase:
    file: str
    name: str
    questionnaire: str  # path from the repository root
    census_date: str
    document: Any
    errors: list[dict[str, Any]]
    cleaned: Any
    source: str = "registry"  # the household's: the rule variable ``source`` (CONTRACTS.md)

    @property
    def id(self) -> str:
        return f"{self.file}: {self.name}"

    def browser_errors(self) -> list[dict[str, Any]]:
        """The expected errors without those only the server can find."""
        return [error for error in self.errors if not error.get("server_only")]


def decode(value: Any) -> Any:
    """A value of a vector file with its ``$js`` tags turned into Python values."""
    if isinstance(value, dict):
        if set(value) == {"$js"}:
            return _SPECIAL[value["$js"]]
        return {key: decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode(item) for item in value]
    return value


def rule_cases() -> list[RuleCase]:
    cases = json.loads(RULES.read_text(encoding="utf-8"))["cases"]
    return [
        RuleCase(
            name=case["name"],
            rule=case["rule"],
            data=case["data"],
            expected=decode(case.get("expected")),
            throws=bool(case.get("throws")),
        )
        for case in cases
    ]


def document_cases() -> list[DocumentCase]:
    found = []
    for path in sorted(DOCUMENTS.glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        for case in body["cases"]:
            found.append(
                DocumentCase(
                    file=path.name,
                    name=case["name"],
                    questionnaire=body["questionnaire"],
                    census_date=case.get("census_date", body["census_date"]),
                    document=case["document"],
                    errors=case["errors"],
                    cleaned=case["cleaned"],
                    source=case.get("source", "registry"),
                )
            )
    return found


@cache
def questionnaire(path: str) -> Questionnaire:
    return load_questionnaire(ROOT / path)


def operators(rule: Any) -> Iterator[str]:
    """Every operator a rule uses, at any depth."""
    if isinstance(rule, list):
        for item in rule:
            yield from operators(item)
    elif isinstance(rule, dict) and len(rule) == 1:
        op, args = next(iter(rule.items()))
        yield op
        yield from operators(args)


def same(result: Any, expected: Any) -> bool:
    """Whether two values are the same JavaScript value: 1 and 1.0 are, 1 and true are not;
    NaN is NaN; undefined is only undefined."""
    if expected is UNDEFINED or result is UNDEFINED:
        return result is expected
    if isinstance(expected, bool) or isinstance(result, bool):
        return type(result) is type(expected) and result == expected
    if isinstance(expected, int | float) and isinstance(result, int | float):
        both_nan = math.isnan(result) and math.isnan(expected)
        return both_nan or float(result) == float(expected)
    if isinstance(expected, list) and isinstance(result, list):
        return len(result) == len(expected) and all(map(same, result, expected))
    if isinstance(expected, dict) and isinstance(result, dict):
        return result.keys() == expected.keys() and all(
            same(result[key], expected[key]) for key in expected
        )
    return type(result) is type(expected) and bool(result == expected)


def as_json(value: Any) -> str:
    """Canonical JSON, where 3 and 3.0 differ: what a stored document holds is compared."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def codes(errors: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(error["path"], error["code"]) for error in errors]
