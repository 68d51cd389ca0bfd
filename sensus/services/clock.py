"""Time as a dependency, so tests can fake it, and moments as the services hand them on:
ISO 8601 in UTC (storage reads moments aware, in UTC)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the offset, or None."""
    return None if moment is None else moment.astimezone(UTC).isoformat()
