"""Read-only queries the census trial's verification asks of the database.

The trial's ledger names households by id and records by their client-made ids; these
return what is stored under each, so that the verification can count (never trust) them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from sensus.storage.database import Database
from sensus.storage.tables import submissions, visits

_CHUNK = 500  # ids per IN (...): well under every database's limit on parameters


@dataclass(frozen=True)
class StoredSubmission:
    household_id: int
    submission_id: str
    mode: str
    payload_hash: str
    receipt_code: str | None


def _chunks(ids: Sequence[object]) -> Iterator[list[object]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


def self_responses_of(db: Database, household_ids: Iterable[int]) -> list[StoredSubmission]:
    """Every self-response stored for these households (one each, when all is well)."""
    columns = (
        submissions.c.household_id,
        submissions.c.submission_id,
        submissions.c.mode,
        submissions.c.payload_hash,
        submissions.c.receipt_code,
    )
    found: list[StoredSubmission] = []
    with db.engine.connect() as conn:
        for chunk in _chunks(sorted(set(household_ids))):
            query = select(*columns).where(
                submissions.c.household_id.in_(chunk), submissions.c.mode == "self_response"
            )
            found.extend(StoredSubmission(*row) for row in conn.execute(query))
    return found


def record_counts(db: Database, record_ids: Iterable[str]) -> dict[str, int]:
    """How many times each officer record id is stored, as an interview or a visit."""
    ids = sorted(set(record_ids))
    counts = dict.fromkeys(ids, 0)
    with db.engine.connect() as conn:
        for chunk in _chunks(ids):
            for column, table in ((submissions.c.submission_id, submissions),
                                  (visits.c.record_id, visits)):  # fmt: skip
                query = (
                    select(column, func.count()).select_from(table)
                    .where(column.in_(chunk)).group_by(column)
                )  # fmt: skip
                for record_id, count in conn.execute(query):
                    counts[record_id] += int(count)
    return counts
