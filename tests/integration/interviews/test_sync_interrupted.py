"""A sync cut off mid-request, then repeated: every record stored exactly once.

The cut is real: a database trigger fails the insert of one interview, as a full disk or a
dropped database connection would, after earlier records of the same request were
committed. The sync service runs with two records per commit, so the batch spans commits.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from sensus.services.container import Services
from sensus.services.staff import member
from sensus.services.sync import SyncService
from sensus.storage import staff as staff_store
from sensus.storage.database import Database
from sensus.storage.tables import assignments, submissions, sync_records, visits
from tests.documents import registry_document
from tests.integration.interviews.helpers import (
    FAMILY,
    NEIGHBOUR,
    FakeClock,
    assignment_of,
    document_for,
    interview,
    visit,
)


@contextmanager
def power_cut_at(database: Database, submission_id: str) -> Iterator[None]:
    """Make the database fail when it is asked to store this submission."""
    with database.engine.begin() as conn:
        if database.dialect == "sqlite":
            conn.execute(
                text(
                    "CREATE TRIGGER power_cut BEFORE INSERT ON submissions"
                    f" WHEN NEW.submission_id = '{submission_id}'"
                    " BEGIN SELECT RAISE(ABORT, 'power cut'); END"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE FUNCTION power_cut() RETURNS trigger AS $$ BEGIN"
                    f" IF NEW.submission_id = '{submission_id}' THEN"
                    " RAISE EXCEPTION 'power cut'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
                )
            )
            conn.execute(
                text(
                    "CREATE TRIGGER power_cut BEFORE INSERT ON submissions"
                    " FOR EACH ROW EXECUTE FUNCTION power_cut()"
                )
            )
    try:
        yield
    finally:
        with database.engine.begin() as conn:
            conn.execute(
                text(
                    "DROP TRIGGER power_cut"
                    + ("" if database.dialect == "sqlite" else " ON submissions")
                )
            )
            if database.dialect != "sqlite":
                conn.execute(text("DROP FUNCTION power_cut()"))


def count(database: Database, query: Any) -> int:
    with database.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def test_a_batch_cut_off_mid_way_is_completed_by_the_retry_each_record_once(
    app: FastAPI, database: Database, clock: FakeClock, bundle: dict[str, Any]
) -> None:
    services: Services = app.state.services
    sync = SyncService(database, services.field.interviews, clock, records_per_commit=2)
    officer = member(staff_store.staff_by_username(database, "ppl01") or pytest.fail())
    family, neighbour = assignment_of(bundle, FAMILY), assignment_of(bundle, NEIGHBOUR)
    neighbour_document = registry_document(
        NEIGHBOUR, [m["member_id"] for m in neighbour["registry_members"]]
    )
    batch = [
        interview(family["assignment_id"], document_for(bundle, FAMILY)),
        visit(neighbour["assignment_id"], "nobody_home"),
        visit(family["assignment_id"], "completed"),
        interview(neighbour["assignment_id"], neighbour_document),
    ]
    cut = batch[3]["record_id"]

    with power_cut_at(database, cut), pytest.raises(DBAPIError):
        sync.sync(officer, batch, None)

    # The first commit (2 records) is in; of the one the cut hit, nothing is.
    stored = select(func.count()).select_from(submissions).where(submissions.c.mode == "interview")
    assert count(database, stored) == 1
    assert count(database, select(func.count()).select_from(visits)) == 1
    half = select(func.count()).select_from(sync_records).where(sync_records.c.record_id == cut)
    assert count(database, half) == 0
    neighbour_status = select(assignments.c.status).where(
        assignments.c.id == neighbour["assignment_id"]
    )
    assert count(database, select(func.count()).select_from(neighbour_status.subquery())) == 1
    with database.engine.connect() as conn:
        assert conn.execute(neighbour_status).scalar_one() == "visited"  # not completed

    answer = sync.sync(officer, batch, None)

    assert [r["status"] for r in answer["results"]] == [
        "duplicate",
        "duplicate",
        "stored",
        "stored",
    ]
    for record in batch:
        table, column = (
            (submissions, submissions.c.submission_id)
            if record["kind"] == "interview"
            else (visits, visits.c.record_id)
        )
        once = select(func.count()).select_from(table).where(column == record["record_id"])
        assert count(database, once) == 1, record["kind"]
    again = sync.sync(officer, batch, None)
    assert [r["status"] for r in again["results"]] == ["duplicate"] * 4
