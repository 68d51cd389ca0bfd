"""An administrator reopens a submitted household (``sensus household reopen``): audited, and
the household can edit and submit again; its first record is kept, no longer final."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

from sensus.cli import app
from sensus.config import get_settings
from sensus.storage import households as store
from sensus.storage.database import Database
from sensus.storage.tables import submissions
from tests.documents import changed
from tests.integration.api.helpers import (
    SELF,
    TestClient,
    complete_document,
    household_row,
    row_counts,
)
from tests.integration.headquarters.counts import assert_counts_agree
from tests.registry_files import FAMILY, NEIGHBOUR


@pytest.fixture
def cli_database(database: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """The CLI pointed at the test database (SQLite file or PostgreSQL schema)."""
    url = database.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("SENSUS_DATABASE_URL", url)
    get_settings.cache_clear()
    yield database
    get_settings.cache_clear()


def reopen(kk: str, *extra: str) -> Result:
    args = ["household", "reopen", "--kk", kk, "--by", "admin.kalsel", *extra]
    return CliRunner().invoke(app, [*args, "--reason", "Anggota keluarga terlewat"])


def submit(client: TestClient, document: dict[str, Any]) -> Any:
    body = {"submission_id": str(uuid.uuid4()), "document": document}
    return client.post(f"{SELF}/submissions", json=body)


def test_reopening_is_audited_and_makes_the_household_editable_again(
    signed_in: TestClient, cli_database: Database
) -> None:
    document = complete_document(signed_in)
    first = submit(signed_in, document).json()
    result = reopen(FAMILY.kk)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"household {'*' * 12 + FAMILY.kk[-4:]} reopened\n"
    assert FAMILY.kk not in result.output
    row = household_row(cli_database)
    assert row["status"] == "in_progress"
    [*_, audit] = store.audit_entries(cli_database, row["id"])
    assert (audit["actor"], audit["action"], audit["detail"]) == (
        "admin.kalsel",
        "reopened",
        {"reason": "Anggota keluarga terlewat"},
    )
    # Editable: a draft is taken, and the receipt of the first record is still shown.
    view = signed_in.get(f"{SELF}/household").json()
    assert view["receipt"] == first
    saved = signed_in.put(
        f"{SELF}/draft", json={"version": view["draft_version"], "document": document}
    )
    assert saved.status_code == 200


def test_after_reopening_a_new_submission_becomes_final_and_the_first_is_kept(
    signed_in: TestClient, cli_database: Database
) -> None:
    document = complete_document(signed_in)
    first = submit(signed_in, document).json()
    assert reopen(FAMILY.kk).exit_code == 0
    assert_counts_agree(cli_database)  # reopened, it still counts as answered
    second = submit(signed_in, changed(document, "household/jenis_lantai", 8))
    assert second.status_code == 201
    assert second.json()["receipt_code"] != first["receipt_code"]
    assert signed_in.get(f"{SELF}/receipt").json() == second.json()
    with cli_database.engine.connect() as conn:
        rows = conn.execute(
            select(
                submissions.c.receipt_code, submissions.c.is_final, submissions.c.payload
            ).order_by(submissions.c.id)
        ).all()
    assert [(code, final) for code, final, _ in rows] == [
        (first["receipt_code"], False),
        (second.json()["receipt_code"], True),
    ]
    assert json.loads(rows[0].payload)["household"]["jenis_lantai"] == 2
    assert household_row(cli_database)["status"] == "submitted"
    assert_counts_agree(cli_database)  # headquarters' counts: one household, answered once


def test_a_household_that_was_not_submitted_cannot_be_reopened(cli_database: Database) -> None:
    before = row_counts(cli_database)
    result = reopen(NEIGHBOUR.kk)
    assert result.exit_code == 1
    assert "has not been submitted" in result.output
    assert row_counts(cli_database) == before


def test_an_unknown_kk_cannot_be_reopened(cli_database: Database) -> None:
    result = reopen("6371010101200099")
    assert result.exit_code == 1
    assert "Not found" in result.output
    assert "6371010101200099" not in result.output


def test_the_cli_asks_for_the_kk_when_it_is_not_given(
    signed_in: TestClient, cli_database: Database
) -> None:
    # Typed at a prompt, the KK stays out of the shell history and the process list.
    submit(signed_in, complete_document(signed_in))
    args = ["household", "reopen", "--by", "admin.kalsel", "--reason", "Salah isi"]
    result = CliRunner().invoke(app, args, input=f"{FAMILY.kk}\n")
    assert result.exit_code == 0, result.output
    assert household_row(cli_database)["status"] == "in_progress"


def test_a_reopened_household_refuses_a_replay_of_its_first_submission_as_new(
    signed_in: TestClient, cli_database: Database
) -> None:
    # The first submission's id is answered with its own receipt, not stored again.
    document = complete_document(signed_in)
    submission_id = str(uuid.uuid4())
    body = {"submission_id": submission_id, "document": document}
    first = signed_in.post(f"{SELF}/submissions", json=body)
    assert reopen(FAMILY.kk).exit_code == 0
    replay = signed_in.post(f"{SELF}/submissions", json=body)
    assert (replay.status_code, replay.json()) == (200, first.json())
    assert store.count_submissions(cli_database) == 1
    assert household_row(cli_database)["status"] == "in_progress"
