"""Administrators download an export from a page; nobody else may; the command line makes
one from a fresh demo database."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from sensus.cli import app as cli
from sensus.config import get_settings
from sensus.services.demo_responses import ResponsesReport
from sensus.storage.audit import audit_actions
from sensus.storage.database import Database
from tests.integration.interviews.helpers import TestClient
from tests.integration.staff_pages.helpers import send, text_of

EXPORT = "/petugas/admin/ekspor"


def test_an_administrator_downloads_a_zip_that_reads_back(
    admin: TestClient, database: Database, census: ResponsesReport
) -> None:
    response = send(admin, EXPORT, {"format": "parquet", "labels": "en"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    zipped = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(zipped.namelist()) == [
        "codebook.html", "codebook.json", "households.parquet", "persons.parquet",
    ]  # fmt: skip
    households = pd.read_parquet(io.BytesIO(zipped.read("households.parquet")))
    assert len(households) == census.online + census.interviewed
    (entry,) = audit_actions(database, "exported")
    assert entry["actor"] == "admin:admin01"
    assert entry["detail"]["identifiers"] is False


def test_a_bad_format_is_refused_with_a_message(admin: TestClient, census: ResponsesReport) -> None:
    response = send(admin, EXPORT, {"format": "xlsx"})
    assert response.status_code == 422
    assert "Ada isian yang perlu diperbaiki" in text_of(response)


def test_only_administrators_may_export(supervisor: TestClient) -> None:
    assert supervisor.get(EXPORT).status_code == 403
    assert supervisor.post(EXPORT, data={"format": "csv"}).status_code == 403


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'var' / 'sensus.db'}"
    monkeypatch.setenv("SENSUS_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_demo_with_responses_then_export_from_the_command_line(
    database_url: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    made = runner.invoke(cli, ["demo", "--households", "60", "--responses", "0.6"])
    assert made.exit_code == 0, made.output
    assert "demo responses:" in made.output
    out = tmp_path / "out"
    done = runner.invoke(cli, ["export", "--format", "stata", "--format", "csv", "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert {p.name for p in out.iterdir()} == {
        "households.dta", "persons.dta", "households.csv", "persons.csv",
        "codebook.html", "codebook.json",
    }  # fmt: skip
    blocked = tmp_path / "file"
    blocked.write_text("")
    refused = runner.invoke(cli, ["export", "--format", "csv", "--out", str(blocked / "x")])
    assert refused.exit_code == 1
    assert "cannot be written" in refused.output
    assert not (blocked.parent / "x").exists()
    empty = tmp_path / "empty"
    unknown = ["export", "--format", "parquet", "--version", "1999.1", "--out", str(empty)]
    nothing = runner.invoke(cli, unknown)
    assert nothing.exit_code == 1
    assert "There are no responses for this questionnaire version." in nothing.output
    assert not empty.exists() or list(empty.iterdir()) == []
