"""Records from an officer's device: read for shape, every problem at its path."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from sensus.domain.field_records import (
    Interview,
    ListingCheck,
    NewHousehold,
    Unreadable,
    Visit,
    read_record,
)

RECORD = "3f1e9c4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b"
ASSIGNMENT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"


def problems(raw: Any) -> set[tuple[str, str]]:
    read = read_record(raw)
    assert isinstance(read, Unreadable)
    return {(p.path, p.code) for p in read.problems}


def visit(**more: Any) -> dict[str, Any]:
    return {
        "record_id": RECORD,
        "kind": "visit",
        "assignment_id": ASSIGNMENT,
        "outcome": "refused",
        "recorded_at": "2026-09-03T10:15:00+08:00",
    } | more


def test_a_visit_is_read_with_its_times_in_utc() -> None:
    read = read_record(visit(outcome="nobody_home", revisit_at="2026-09-04T16:00:00+08:00"))
    assert isinstance(read, Visit)
    assert read.recorded_at == datetime(2026, 9, 3, 2, 15, tzinfo=UTC)
    assert read.revisit_at == datetime(2026, 9, 4, 8, 0, tzinfo=UTC)
    assert read.note == ""


def test_nobody_home_needs_a_revisit_and_a_closing_outcome_may_not_have_one() -> None:
    assert problems(visit(outcome="nobody_home")) == {("revisit_at", "missing_field")}
    assert problems(visit(outcome="vacant", revisit_at="2026-09-04T16:00:00Z")) == {
        ("revisit_at", "not_allowed")
    }


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"record_id": "not-a-uuid"}, ("record_id", "invalid_format")),
        ({"record_id": RECORD.upper()}, ("record_id", "invalid_format")),
        ({"recorded_at": "2026-09-03T10:15:00"}, ("recorded_at", "invalid_datetime")),
        ({"outcome": "asleep"}, ("outcome", "invalid_choice")),
        ({"note": "x" * 501}, ("note", "too_long")),
        ({"note": 5}, ("note", "invalid_type")),
        ({"colour": "blue"}, ("colour", "unknown_field")),
    ],
)
def test_a_bad_field_of_a_visit_is_reported_at_its_path(
    change: dict[str, Any], expected: tuple[str, str]
) -> None:
    assert problems(visit(**change)) == {expected}


def test_a_record_that_is_no_object_or_of_no_known_kind_says_so() -> None:
    assert problems([1, 2]) == {("", "invalid_type")}
    read = read_record({"record_id": RECORD, "kind": "telegram"})
    assert isinstance(read, Unreadable)
    assert read.record_id == RECORD  # still named, so the diagnostics can keep it
    assert {(p.path, p.code) for p in read.problems} == {("kind", "invalid_kind")}


def test_an_interview_needs_a_document_object() -> None:
    base = {"record_id": RECORD, "kind": "interview", "assignment_id": ASSIGNMENT,
            "recorded_at": "2026-09-03T10:15:00Z"}  # fmt: skip
    assert isinstance(read_record(base | {"document": {}}), Interview)
    assert problems(base | {"document": "{}"}) == {("document", "invalid_type")}


def test_a_listing_check_merged_names_the_household_it_went_into() -> None:
    base = {"record_id": RECORD, "kind": "listing_check", "household_id": 7,
            "recorded_at": "2026-09-03T10:15:00Z"}  # fmt: skip
    merged = read_record(base | {"result": "merged", "merged_into": 8})
    assert isinstance(merged, ListingCheck)
    assert merged.merged_into == 8
    assert problems(base | {"result": "merged"}) == {("merged_into", "invalid_id")}
    assert problems(base | {"result": "merged", "merged_into": 7}) == {
        ("merged_into", "same_household")
    }
    assert problems(base | {"result": "confirmed", "merged_into": 8}) == {
        ("merged_into", "not_allowed")
    }
    assert problems(base | {"result": "confirmed", "household_id": True}) == {
        ("household_id", "invalid_id")
    }


def test_corrections_take_only_known_fields() -> None:
    base = {"record_id": RECORD, "kind": "listing_check", "household_id": 7,
            "result": "corrected", "recorded_at": "2026-09-03T10:15:00Z"}  # fmt: skip
    good = read_record(base | {"corrections": {"address": " Jl. Baru 1 ", "rt": "5"}})
    assert isinstance(good, ListingCheck)
    assert good.corrections == {"address": "Jl. Baru 1", "rt": "5"}
    assert problems(base | {"corrections": {"nik": "1", "rt": "lima"}}) == {
        ("corrections/nik", "unknown_field"),
        ("corrections/rt", "invalid_value"),
    }


def test_a_new_household_carries_a_provisional_id_and_maybe_a_valid_kk() -> None:
    base = {"record_id": RECORD, "kind": "new_household", "assignment_id": ASSIGNMENT,
            "provisional_id": f"P-{ASSIGNMENT}", "area_id": 3, "address": "Jl. Baru",
            "recorded_at": "2026-09-03T10:15:00Z"}  # fmt: skip
    read = read_record(base)
    assert isinstance(read, NewHousehold)
    assert read.kk is None
    assert problems(base | {"provisional_id": ASSIGNMENT}) == {("provisional_id", "invalid_format")}
    assert problems(base | {"kk": "12345"}) == {("kk", "format")}
    assert problems(base | {"address": "  "}) == {("address", "missing_field")}
