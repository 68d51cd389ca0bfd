"""Queries for census headquarters: responses counted by region and by day (ADR 0021).

Each household carries the mode and the day (UTC) of its final record (``response_mode``,
``responded_on``), written by ``mark_response`` in the transaction that moves the final mark.
Database triggers on ``households`` (migration 0007) keep ``progress_counts`` (village, area,
mode) and ``daily_counts`` (day, mode, village) in step with every household row in the same
transaction: a whole region is summed from those few thousand rows; a supervisor's areas are
counted from ``households`` itself.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    and_,
    bindparam,
    func,
    insert,
    select,
    update,
)

from sensus.storage.database import Database
from sensus.storage.tables import (
    daily_counts,
    enumeration_areas,
    households,
    persons,
    progress_counts,
    submissions,
)

NO_AREA = 0  # the key of households not (yet) placed in an enumeration area


@dataclass(frozen=True)
class ModeCount:
    """Households of one place (a village, or an area) by the mode of their final record."""

    key: str | int
    mode: str | None  # None: no response yet
    households: int


@dataclass(frozen=True)
class DayCount:
    day: date
    mode: str
    households: int


def mark_response(conn: Connection, household_id: int) -> None:
    """Copy the household's final record's mode and moment onto it (None when none)."""
    final = and_(submissions.c.household_id == household_id, submissions.c.is_final.is_(True))
    at = submissions.c.submitted_at
    day = func.date(at) if conn.dialect.name == "sqlite" else func.date(func.timezone("UTC", at))
    mode = select(submissions.c.mode).where(final).limit(1).scalar_subquery()
    on = select(day).where(final).limit(1).scalar_subquery()
    conn.execute(
        update(households)
        .where(households.c.id == household_id)
        .values(response_mode=mode, responded_on=on)
    )


def _within(query: Select[Any], prefix: str, area_ids: Collection[int] | None) -> Select[Any]:
    query = _range(query, households.c.village_code, prefix)
    if area_ids is not None:
        query = query.where(households.c.enumeration_area_id.in_(list(area_ids)))
    return query


def counts_by_village(
    db: Database, prefix: str, area_ids: Collection[int] | None = None
) -> list[ModeCount]:
    """Households of the villages whose code starts with ``prefix``, by village and mode;
    only those in ``area_ids`` when given (a supervisor's). A whole region is summed from
    ``progress_counts`` (a few rows per village); a supervisor's areas from ``households``."""
    village: Any
    mode: Any
    if area_ids is None:
        village, mode = progress_counts.c.village_code, progress_counts.c.response_mode
        query = select(village, mode, func.sum(progress_counts.c.households))
        query = _range(query.where(progress_counts.c.households > 0), village, prefix)
    else:
        village, mode = households.c.village_code, households.c.response_mode
        query = _within(select(village, mode, func.count()), prefix, area_ids)
    with db.engine.connect() as conn:
        rows = conn.execute(query.group_by(village, mode)).all()
    return [ModeCount(row[0], row[1] or None, int(row[2])) for row in rows]


def _range(query: Select[Any], village: Any, prefix: str) -> Select[Any]:
    if prefix:
        # A range rather than LIKE, so that both databases walk the index.
        query = query.where(village >= prefix, village < prefix + ":")
    return query


def counts_by_area(
    db: Database, village_code: str, area_ids: Collection[int] | None = None
) -> list[ModeCount]:
    """Households of one village by enumeration area (``NO_AREA`` for none) and mode."""
    area: Any
    mode: Any
    if area_ids is None:
        area, mode = progress_counts.c.area_id, progress_counts.c.response_mode
        query = select(area, mode, func.sum(progress_counts.c.households)).where(
            progress_counts.c.village_code == village_code, progress_counts.c.households > 0
        )
    else:
        area = func.coalesce(households.c.enumeration_area_id, NO_AREA)
        mode = households.c.response_mode
        query = select(area, mode, func.count()).where(
            households.c.village_code == village_code,
            households.c.enumeration_area_id.in_(list(area_ids)),
        )
    with db.engine.connect() as conn:
        rows = conn.execute(query.group_by(area, mode)).all()
    return [ModeCount(int(row[0]), row[1] or None, int(row[2])) for row in rows]


def responses_by_day(
    db: Database, prefix: str, area_ids: Collection[int] | None = None
) -> list[DayCount]:
    """Households by the day (UTC) their final record came in, and its mode: a whole region
    summed from ``daily_counts``, a supervisor's areas counted from ``households``."""
    day: Any
    mode: Any
    if area_ids is None:
        day, mode = daily_counts.c.responded_on, daily_counts.c.response_mode
        query = select(day, mode, func.sum(daily_counts.c.households))
        query = _range(
            query.where(daily_counts.c.households > 0), daily_counts.c.village_code, prefix
        )
    else:
        day, mode = households.c.responded_on, households.c.response_mode
        query = _within(select(day, mode, func.count()).where(day.is_not(None)), prefix, area_ids)
    with db.engine.connect() as conn:
        rows = conn.execute(query.group_by(day, mode)).all()
    return [DayCount(_day(row[0]), row[1], int(row[2])) for row in rows]


def _day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def count_records(db: Database, version: str, *, all_records: bool = False) -> int:
    """How many records of questionnaire ``version`` an export would hold."""
    query = select(func.count()).where(submissions.c.questionnaire_version == version)
    if not all_records:
        query = query.where(submissions.c.is_final.is_(True))
    with db.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def final_records(
    db: Database,
    version: str,
    prefix: str = "",
    *,
    all_records: bool = False,
    batch: int = 2_000,
) -> Iterator[list[tuple[Any, ...]]]:
    """Submitted records in batches (final ones only unless ``all_records``), with their
    household's id, KK and village: (household_id, kk, village_code, mode, questionnaire
    version, payload, submitted_at, is_final, submission_id), in record order."""
    query = (
        select(
            submissions.c.household_id,
            households.c.kk,
            households.c.village_code,
            submissions.c.mode,
            submissions.c.questionnaire_version,
            submissions.c.payload,
            submissions.c.submitted_at,
            submissions.c.is_final,
            submissions.c.submission_id,
        )
        .join(households, households.c.id == submissions.c.household_id)
        .where(submissions.c.questionnaire_version == version)
        .order_by(submissions.c.id)
    )
    if not all_records:
        query = query.where(submissions.c.is_final.is_(True))
    query = _within(query, prefix, None)
    with db.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
        for part in result.partitions(batch):
            yield [tuple(row) for row in part]


@dataclass(frozen=True)
class Unanswered:
    """A household without a final record, with its registry members (for the demo)."""

    id: int
    village_code: str
    address: str
    officer_id: int | None
    members: list[tuple[int, str, str, int, str, date, int, int | None, int | None]]


def unanswered(db: Database, after_id: int, limit: int) -> list[Unanswered]:
    """Up to ``limit`` households with no response yet and an id above ``after_id``, by id,
    with their registry members (id, nik, name, sex, birth place, birth date, relationship,
    religion, marital status) in line order."""
    found = (
        select(
            households.c.id,
            households.c.village_code,
            households.c.address,
            enumeration_areas.c.officer_id,
        )
        .outerjoin(enumeration_areas, enumeration_areas.c.id == households.c.enumeration_area_id)
        .where(households.c.id > after_id, households.c.response_mode.is_(None))
        .order_by(households.c.id)
        .limit(limit)
    )
    with db.engine.connect() as conn:
        rows = conn.execute(found).all()
        ids = [row.id for row in rows]
        members: dict[int, list[Any]] = {i: [] for i in ids}
        if ids:
            query = (
                select(
                    persons.c.household_id,
                    persons.c.id,
                    persons.c.nik,
                    persons.c.name,
                    persons.c.sex,
                    persons.c.birth_place,
                    persons.c.birth_date,
                    persons.c.relationship,
                    persons.c.religion,
                    persons.c.marital_status,
                )
                .where(persons.c.household_id.in_(ids))
                .order_by(persons.c.household_id, persons.c.line_no)
            )
            for person in conn.execute(query).all():
                members[person[0]].append(tuple(person[1:]))
    return [
        Unanswered(row.id, row.village_code, row.address, row.officer_id, members[row.id])
        for row in rows
    ]


@dataclass(frozen=True)
class ResponseWrite:
    """A final record made up by the demo (or a benchmark), written in bulk."""

    household_id: int
    submission_id: str
    receipt_code: str | None
    mode: str
    questionnaire_id: str
    questionnaire_version: str
    payload: str
    payload_hash: str
    submitted_at: datetime
    officer_id: int | None


def write_responses(db: Database, responses: list[ResponseWrite]) -> int:
    """Store final records of households that have none, in one transaction; the number
    stored. Interviews come approved, as if already reviewed."""
    if not responses:
        return 0
    with db.engine.begin() as conn:
        taken = set(
            conn.execute(
                select(submissions.c.household_id).where(
                    submissions.c.household_id.in_([r.household_id for r in responses]),
                    submissions.c.is_final.is_(True),
                )
            ).scalars()
        )
        fresh = [r for r in responses if r.household_id not in taken]
        if not fresh:
            return 0
        conn.execute(
            insert(submissions),
            [
                {
                    **r.__dict__,
                    "is_final": True,
                    "review_status": "approved" if r.mode == "interview" else None,
                    "recorded_at": r.submitted_at if r.mode == "interview" else None,
                }
                for r in fresh
            ],
        )
        mark = (
            update(households)
            .where(households.c.id == bindparam("hid"))
            .values(
                status="submitted",
                response_mode=bindparam("mode_"),
                responded_on=bindparam("on"),
                updated_at=bindparam("at"),
            )
        )
        conn.execute(
            mark,
            [
                {
                    "hid": r.household_id,
                    "mode_": r.mode,
                    "on": r.submitted_at.astimezone(UTC).date(),
                    "at": r.submitted_at,
                }
                for r in fresh
            ],
        )
    return len(fresh)


def final_documents(
    db: Database, prefix: str, area_ids: Collection[int] | None = None, batch: int = 2_000
) -> Iterator[list[tuple[str, int, str]]]:
    """The final records' documents of the households in ``prefix`` (and ``area_ids``), in
    batches of (village code, area id or NO_AREA, payload)."""
    area = func.coalesce(households.c.enumeration_area_id, NO_AREA)
    query = (
        select(households.c.village_code, area, submissions.c.payload)
        .join(submissions, submissions.c.household_id == households.c.id)
        .where(submissions.c.is_final.is_(True))
    )
    query = _within(query, prefix, area_ids)
    with db.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
        for part in result.partitions(batch):
            yield [(row[0], int(row[1]), row[2]) for row in part]
