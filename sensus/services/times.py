"""Times as the services hand them on: ISO 8601, in UTC (storage reads moments aware, in UTC)."""

from __future__ import annotations

from datetime import UTC, datetime


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the offset, or None."""
    return None if moment is None else moment.astimezone(UTC).isoformat()
