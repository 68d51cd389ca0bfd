"""The shared draft-change vectors on the server: ``apply_changes`` gives what each case
expects (the browser is held to the same file in Chromium)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sensus.domain.draft_changes import apply_changes, empty_document
from tests.vectors import HERE

CASES: list[dict[str, Any]] = json.loads((HERE / "draft_changes.json").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_the_server_applies_changes_as_the_vectors_say(case: dict[str, Any]) -> None:
    start = case["document"]
    document = start if start is not None else {"household": {}, "members": []}
    result, problems = apply_changes(document, case["changes"])
    if "errors" in case:
        assert [[p.path, p.code] for p in problems] == case["errors"]
        assert all(p.id and p.en for p in problems)
    else:
        assert problems == []
        assert result == case["expected"]


def test_applying_changes_leaves_the_draft_it_was_given_alone() -> None:
    draft = empty_document("sp2020", "2020.1")
    apply_changes(draft, [{"path": "household/jamban", "value": 1}])
    assert draft == empty_document("sp2020", "2020.1")
