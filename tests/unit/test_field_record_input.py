"""What an officer's device sends is read without ever failing: control characters in a text
and moments out of the census's years are field errors of the record (issue 8)."""

from __future__ import annotations

from typing import Any

import pytest

from sensus.domain.field_records import NewHousehold, Unreadable, read_record
from sensus.domain.moments import SINCE_YEARS, parse_moment

RECORD = "3f1e9c4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b"
ASSIGNMENT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
NEW_HOUSEHOLD = {
    "record_id": RECORD,
    "kind": "new_household",
    "assignment_id": ASSIGNMENT,
    "provisional_id": f"P-{ASSIGNMENT}",
    "area_id": 3,
    "address": "Jl. Baru",
    "recorded_at": "2026-09-03T10:15:00Z",
}
LISTING_CHECK = {
    "record_id": RECORD,
    "kind": "listing_check",
    "household_id": 7,
    "result": "corrected",
    "recorded_at": "2026-09-03T10:15:00Z",
}


def problems(raw: Any) -> set[tuple[str, str]]:
    read = read_record(raw)
    assert isinstance(read, Unreadable)
    return {(p.path, p.code) for p in read.problems}


@pytest.mark.parametrize("text", ["Jl.\x00Baru", "Jl. Baru\x1b", "Jl. \ud800"], ids=repr)
def test_a_control_character_in_a_text_is_refused(text: str) -> None:
    assert problems(NEW_HOUSEHOLD | {"address": text}) == {("address", "invalid_character")}
    corrected = LISTING_CHECK | {"corrections": {"address": text}}
    assert problems(corrected) == {("corrections/address", "invalid_character")}


def test_tab_and_newline_are_kept_in_a_text() -> None:
    read = read_record(NEW_HOUSEHOLD | {"address": "Jl. Baru\n\tdekat masjid"})
    assert isinstance(read, NewHousehold)


@pytest.mark.parametrize(
    "moment",
    ["0001-01-01T00:03:00+00:04", "9999-12-31T23:59:00-01:00", "1899-12-31T23:00:00Z", 0],
    ids=repr,
)
def test_a_moment_out_of_the_census_years_is_refused(moment: Any) -> None:
    assert problems(NEW_HOUSEHOLD | {"recorded_at": moment}) == {
        ("recorded_at", "invalid_datetime")
    }


def test_a_reset_phone_clock_still_gives_a_moment() -> None:
    # A phone whose battery ran out may say 1970: the record is kept, its time is wrong.
    assert parse_moment("1970-01-01T07:00:00+07:00") is not None
    assert parse_moment("1970-01-01T07:00:00+07:00", SINCE_YEARS) is None
