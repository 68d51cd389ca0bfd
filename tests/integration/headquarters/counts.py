"""The counts tables (``progress_counts``, ``daily_counts``, kept by triggers) against the
raw records: households with their area, and the final submission of each."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

from sqlalchemy import select

from sensus.storage.database import Database
from sensus.storage.tables import daily_counts, households, progress_counts, submissions


def _day(value: object) -> date:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def raw(database: Database) -> tuple[Counter[tuple[str, int, str]], Counter[tuple[date, str, str]]]:
    """Counted in Python from every household and every final submission."""
    with database.engine.connect() as conn:
        homes = conn.execute(
            select(households.c.id, households.c.village_code, households.c.enumeration_area_id)
        ).all()
        finals = {
            row.household_id: row
            for row in conn.execute(
                select(
                    submissions.c.household_id, submissions.c.mode, submissions.c.submitted_at
                ).where(submissions.c.is_final.is_(True))
            )
        }
    progress: Counter[tuple[str, int, str]] = Counter()
    daily: Counter[tuple[date, str, str]] = Counter()
    for home in homes:
        final = finals.get(home.id)
        progress[
            (home.village_code, home.enumeration_area_id or 0, final.mode if final else "")
        ] += 1
        if final is not None:
            daily[(_day(final.submitted_at), final.mode, home.village_code)] += 1
    return progress, daily


def kept(
    database: Database,
) -> tuple[Counter[tuple[str, int, str]], Counter[tuple[date, str, str]]]:
    """What the triggers kept (rows of zero are no households)."""
    with database.engine.connect() as conn:
        progress = Counter(
            {
                (r.village_code, r.area_id, r.response_mode): r.households
                for r in conn.execute(select(progress_counts)).all()
                if r.households
            }
        )
        daily = Counter(
            {
                (_day(r.responded_on), r.response_mode, r.village_code): r.households
                for r in conn.execute(select(daily_counts)).all()
                if r.households
            }
        )
    return progress, daily


def assert_counts_agree(database: Database) -> None:
    expected_progress, expected_daily = raw(database)
    progress, daily = kept(database)
    assert progress == expected_progress
    assert daily == expected_daily
    assert min(progress.values(), default=0) >= 0
