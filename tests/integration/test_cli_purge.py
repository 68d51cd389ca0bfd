"""``sensus db purge`` deletes ended sessions and idle counters, and says how many."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sensus.cli import app
from sensus.config import get_settings
from sensus.storage import door
from sensus.storage.database import Database


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path / 'sensus.db'}"
    monkeypatch.setenv("SENSUS_DATABASE_URL", url)
    get_settings.cache_clear()
    database = Database.connect(url)
    database.upgrade()
    yield database
    database.dispose()
    get_settings.cache_clear()


def test_purge_deletes_counters_idle_for_a_day_and_keeps_the_others(database: Database) -> None:
    now = datetime.now(UTC)
    door.count_failure(database, "idle", now=now - timedelta(days=2))
    door.count_failure(database, "recent", now=now - timedelta(hours=1))
    result = CliRunner().invoke(app, ["db", "purge"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "0 ended sessions and 1 idle counters deleted"
    assert (door.failures(database, "idle"), door.failures(database, "recent")) == (0, 1)
