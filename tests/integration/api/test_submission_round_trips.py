"""A submission asks little of the database: one read connection and one transaction after
the session check, the household read once (ADR 0018). Counted, not timed: the statements
and pool check-outs of one complete submission through the real API."""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

from sqlalchemy import event

from sensus.storage.database import Database
from tests.integration.api.helpers import SELF, TestClient, complete_document


def test_a_submission_takes_three_check_outs_and_reads_the_household_once(
    signed_in: TestClient, database: Database
) -> None:
    document = complete_document(signed_in)
    counts: Counter[str] = Counter()

    def statement(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        counts["statements"] += 1
        if sql.lstrip().upper().startswith("SELECT") and "FROM households" in sql:
            counts["household reads"] += 1

    def checkout(*_: Any) -> None:
        counts["check-outs"] += 1

    event.listen(database.engine, "before_cursor_execute", statement)
    event.listen(database.engine.pool, "checkout", checkout)
    try:
        body = {"submission_id": str(uuid.uuid4()), "document": document}
        answer = signed_in.post(f"{SELF}/submissions", json=body)
    finally:
        event.remove(database.engine, "before_cursor_execute", statement)
        event.remove(database.engine.pool, "checkout", checkout)

    assert answer.status_code == 201, answer.text
    # The session, the read (replay check, household, members), the write transaction.
    assert counts["check-outs"] == 3
    assert counts["household reads"] == 1
    # Ten, and the headquarters' mark of the final record's mode and day (ADR 0021).
    assert counts["statements"] <= 11
