"""Copies of one submission that arrive at the same moment — a browser re-sending a POST
on a reset connection, an outbox retrying while the first attempt is still in flight — are
one submission: every copy gets the same receipt and exactly one record is stored."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sensus.services.self_response import SubmitOutcome
from sensus.storage import households as store
from sensus.storage.database import Database
from tests.integration.api.helpers import TestClient, complete_document, household_row

COPIES = 6


def submit_copies(
    client: TestClient, household_id: int, submission_id: str, document: Any
) -> list[SubmitOutcome]:
    service = client.app.state.services.self_response  # type: ignore[attr-defined]
    start = threading.Barrier(COPIES)

    def one_copy(_: int) -> SubmitOutcome:
        start.wait()
        outcome: SubmitOutcome = service.submit(household_id, submission_id, document)
        return outcome

    with ThreadPoolExecutor(COPIES) as pool:
        return list(pool.map(one_copy, range(COPIES)))


def test_copies_of_one_submission_in_flight_together_get_one_receipt(
    signed_in: TestClient, database: Database
) -> None:
    document = complete_document(signed_in)
    household_id = household_row(database)["id"]
    outcomes = submit_copies(signed_in, household_id, str(uuid.uuid4()), document)

    assert len({outcome.receipt.code for outcome in outcomes}) == 1
    assert sum(outcome.created for outcome in outcomes) == 1
    assert store.count_submissions(database, household_id) == 1
