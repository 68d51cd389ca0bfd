"""The trial's verification counts what the database holds, not what the trial remembers.

A household the trial holds a receipt for is checked by its submission: deleted behind the
trial's back it is reported lost, stored twice it is reported duplicated, stored with other
answers it is reported lost. An officer record acknowledged and then deleted is lost.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update
from typer.testing import CliRunner

from sensus.cli import app
from sensus.services.trial_check import verify
from sensus.storage.database import Database
from sensus.storage.tables import submissions
from sensus.trial.journeys import canonical_hash
from tests.integration.api.helpers import SELF, TestClient, complete_document, sign_in


def submitted_entry(client: TestClient) -> dict[str, Any]:
    """Sign in, submit, and keep the ledger entry the trial's respondent would keep."""
    ref = sign_in(client).json()["ref"]
    document = complete_document(client)
    submission_id = str(uuid.uuid4())
    body = {"submission_id": submission_id, "document": document}
    answer = client.post(f"{SELF}/submissions", json=body, headers={"X-Sensus-Household": ref})
    assert answer.status_code == 201, answer.text
    return {"index": 0, "profile": "flaky", "ref": ref, "outcome": "receipted",
            "submission_id": submission_id, "sent_hash": canonical_hash(document),
            "receipt_code": answer.json()["receipt_code"]}  # fmt: skip


def household_id(entry: dict[str, Any]) -> int:
    return int(entry["ref"][1:])


def test_a_submission_stored_once_as_sent_passes(client: TestClient, database: Database) -> None:
    entry = submitted_entry(client)
    result = verify(database, [entry], [])
    assert (result.checked_households, result.lost, result.duplicated) == (1, [], [])


def test_a_submission_deleted_behind_the_trials_back_is_lost(
    client: TestClient, database: Database
) -> None:
    entry = submitted_entry(client)
    with database.engine.begin() as conn:
        conn.execute(delete(submissions).where(submissions.c.household_id == household_id(entry)))
    result = verify(database, [entry], [])
    assert [offender["reason"] for offender in result.lost] == ["not stored"]
    assert result.as_dict()["lost"] == 1


def test_a_submission_stored_twice_is_duplicated(client: TestClient, database: Database) -> None:
    entry = submitted_entry(client)
    with database.engine.begin() as conn:
        row = conn.execute(
            select(submissions).where(submissions.c.submission_id == entry["submission_id"])
        ).one()
        copy = {**row._mapping, "submission_id": str(uuid.uuid4()), "receipt_code": None}
        copy.pop("id")
        conn.execute(insert(submissions).values(**copy))
    result = verify(database, [entry], [])
    assert result.lost == []
    assert [offender["stored"] for offender in result.duplicated] == [2]


def test_a_submission_stored_with_other_answers_is_lost(
    client: TestClient, database: Database
) -> None:
    entry = submitted_entry(client)
    with database.engine.begin() as conn:
        conn.execute(
            update(submissions)
            .where(submissions.c.submission_id == entry["submission_id"])
            .values(payload_hash="0" * 64)
        )
    result = verify(database, [entry], [])
    assert [offender["reason"] for offender in result.lost] == [
        "stored answers differ from those sent"
    ]


def test_an_acknowledged_officer_record_that_is_not_stored_is_lost(database: Database) -> None:
    record_id = str(uuid.uuid4())
    officer = {"username": "ppl01", "records": {record_id: "interview"},
               "answered": {record_id: "stored"}}  # fmt: skip
    result = verify(database, [], [officer])
    assert [offender["record"] for offender in result.lost] == [record_id]


def test_trial_verify_reports_the_workers_ledgers_and_fails_on_a_lost_record(
    client: TestClient, database: Database, tmp_path: Path
) -> None:
    """``sensus trial verify``: the ledgers of Locust's workers, checked in the database."""
    entry = submitted_entry(client)
    ledger = {"elapsed_s": 5.0, "households": [{**entry, "path": "registry", "devices": 1,
              "detail": ""}], "officers": [], "retries": {}, "errors": {},
              "samples": [[1.0, "flaky", "submit", 300.0, 201]], "not_started": 0}  # fmt: skip
    spec = {"target": "http://127.0.0.1:8000", "proxies": {"flaky": "http://127.0.0.1:8080"},
            "census_date": "2026-09-01", "rules": {"base_ms": 2000, "cap_ms": 300000}}  # fmt: skip
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    (tmp_path / "ledger-0.json").write_text(json.dumps(ledger))
    url = database.engine.url.render_as_string(hide_password=False)
    args = ["trial", "verify", str(tmp_path / "spec.json"), str(tmp_path / "ledger-0.json"),
            "--database-url", url, "--report", str(tmp_path / "report")]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "report" / "report.json").read_text())["lost"] == 0
    with database.engine.begin() as conn:
        conn.execute(delete(submissions).where(submissions.c.household_id == household_id(entry)))
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "lost: 1" in result.output
