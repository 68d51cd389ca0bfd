"""Moments that devices send: ISO 8601 text with its offset, read into UTC without failing.

``datetime.fromisoformat`` takes years 1 to 9999 in any zone, so a moment near either end
fails when it is moved to UTC (``OverflowError``) or when a day is added to it. No census
record is that far from now: a moment outside ``YEARS`` is a wrong value, reported as such.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final

# Wide enough for a phone whose clock was reset (1970) or set far ahead; narrow enough that
# zone changes and date arithmetic never leave what Python and the databases hold.
YEARS: Final = range(1900, 2200)
# A device's "since" is a time the server gave it: never before this software existed.
SINCE_YEARS: Final = range(2000, 2200)
_LONGEST = 40  # "2026-09-03T10:15:00.123456+08:00" is 32 characters


def parse_moment(value: Any, years: range = YEARS) -> datetime | None:
    """``value`` in UTC when it is ISO 8601 text with an offset and its year is in ``years``;
    None otherwise (a number, a naive time, a year out of range)."""
    if not isinstance(value, str) or len(value) > _LONGEST:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None or moment.year not in years:
        return None
    # Within ``years``, the offset (at most a day) cannot carry it past year 1 or 9999.
    utc = moment.astimezone(UTC)
    return utc if utc.year in years else None
