"""The receipt-code vectors on the server: the same file the officer's app is held to in
Chromium (tests/browser/test_receipt_codes_in_chromium.py), so a code the app calls valid,
and a hash it computes, are what the server would say."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sensus.domain import receipts
from sensus.domain.receipt_hashes import receipt_hash
from tests.vectors import HERE

VECTORS: dict[str, Any] = json.loads((HERE / "receipt_codes.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", VECTORS["codes"], ids=lambda case: case["name"])
def test_a_typed_code_is_read_and_checked_as_the_vectors_say(case: dict[str, Any]) -> None:
    assert receipts.normalise(case["typed"]) == case["normalised"]
    assert receipts.is_valid(case["typed"]) is case["valid"]


@pytest.mark.parametrize("case", VECTORS["hashes"], ids=lambda case: case["hash"])
def test_the_bundles_receipt_hash_is_the_vectors(case: dict[str, Any]) -> None:
    assert receipt_hash(case["salt"], case["household_id"], case["typed"]) == case["hash"]


def test_the_vectors_hold_valid_and_invalid_codes() -> None:
    # A file of only valid (or only invalid) codes would prove nothing about the check.
    validity = {case["valid"] for case in VECTORS["codes"]}
    assert validity == {True, False}
