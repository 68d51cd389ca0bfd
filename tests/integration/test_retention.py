"""The audit log cannot be changed, and the retention rule deletes what is kept no longer
(docs/SECURITY.md, "Personal data"), on SQLite and PostgreSQL."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from sensus.cli import app
from sensus.config import WIB, Settings, get_settings
from sensus.services import retention
from sensus.services.registry import import_registry
from sensus.storage import audit, door, sessions
from sensus.storage import households as store
from sensus.storage import retention as retention_store
from sensus.storage.database import Database
from sensus.storage.tables import audit_log, draft_versions, households
from tests.registry_files import FAMILY, write_registry_csv

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime.now(UTC)  # the triggers judge an entry's age on the database's own clock
CLOSES = datetime(2026, 10, 31, 23, 59, tzinfo=WIB)


@pytest.fixture
def database(engine: Engine, tmp_path: Path) -> Database:
    database = Database(engine)
    extract = write_registry_csv(tmp_path / "registry.csv", (FAMILY,))
    assert import_registry(database, extract).rejected == []
    return database


def settings(**more: object) -> Settings:
    base = dict(
        database_url="sqlite://",
        secret_key="a-test-secret-of-enough-length",
        self_response_opens=datetime(2026, 9, 1, tzinfo=WIB),
        self_response_closes=CLOSES,
        draft_retention_days=90,
    )
    return Settings(**(base | more))  # type: ignore[arg-type]


def household_id(database: Database) -> int:
    found = store.household_by_kk(database, FAMILY.kk)
    assert found is not None
    return found.id


def entries(database: Database) -> list[tuple[str, str]]:
    with database.engine.connect() as conn:
        query = select(audit_log.c.action, audit_log.c.detail).order_by(audit_log.c.id)
        return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


def test_the_database_refuses_to_change_or_delete_an_audit_entry(database: Database) -> None:
    audit.record(database, NOW, "admin:admin01", "claims_viewed", None, {"households": [1]})
    before = entries(database)

    for statement in (
        update(audit_log).values(actor="someone-else"),
        update(audit_log).values(detail="{}"),
        delete(audit_log),
    ):
        with pytest.raises(DBAPIError, match="append-only"), database.engine.begin() as conn:
            conn.execute(statement)

    assert entries(database) == before


def test_no_module_of_the_application_updates_or_deletes_the_audit_log() -> None:
    # The only deleting path is the retention rule, and the triggers hold it to five years.
    changing = re.compile(r"(update|delete)\(\s*audit_log\b")
    found = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "sensus").rglob("*.py")
        if changing.search(path.read_text()) and "migrations" not in path.parts
    ]
    assert found == []


def test_the_migration_and_the_retention_rule_keep_the_audit_log_equally_long() -> None:
    path = ROOT / "sensus/storage/migrations/versions/0005_recovery_audit.py"
    spec = importlib.util.spec_from_file_location("migration_0005", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.AUDIT_DAYS == retention_store.AUDIT_DAYS


def test_audit_entries_go_after_five_years_and_not_before(database: Database) -> None:
    old = NOW - timedelta(days=retention_store.AUDIT_DAYS + 30)
    young = NOW - timedelta(days=retention_store.AUDIT_DAYS - 30)
    audit.record(database, old, "cli", "submitted", None, {"n": "old"})
    audit.record(database, young, "cli", "submitted", None, {"n": "young"})

    counted = retention.apply(settings(), database, lambda: NOW, dry_run=True)
    assert counted["audit_log"] == 1
    assert len(entries(database)) == 2

    done = retention.apply(settings(), database, lambda: NOW, dry_run=False)

    assert done["audit_log"] == 1
    assert entries(database) == [("submitted", '{"n": "young"}')]


def draft_a_household(database: Database, at: datetime) -> int:
    found = household_id(database)
    for version in range(2):
        saved = store.save_draft(database, found, version, '{"answers": {}}', at, change="[]")
        assert saved == version + 1
    return found


def drafts(database: Database) -> tuple[int, int]:
    with database.engine.connect() as conn:
        kept = conn.execute(
            select(func.count()).select_from(households).where(households.c.draft.is_not(None))
        ).scalar_one()
        history = conn.execute(select(func.count()).select_from(draft_versions)).scalar_one()
    return int(kept), int(history)


def test_drafts_and_their_history_stay_until_the_window_closed_ninety_days_ago(
    database: Database,
) -> None:
    draft_a_household(database, datetime(2026, 9, 5, tzinfo=UTC))
    before_due = CLOSES + timedelta(days=89)

    done = retention.apply(settings(), database, lambda: before_due, dry_run=False)

    assert "drafts" not in done and "draft_versions" not in done
    assert drafts(database) == (1, 2)


def test_past_the_window_a_dry_run_counts_and_apply_deletes_drafts_sessions_and_counters(
    database: Database,
) -> None:
    found = draft_a_household(database, datetime(2026, 9, 5, tzinfo=UTC))
    due = CLOSES + timedelta(days=91)
    sessions.create(
        database, found, "a" * 64, now=due - timedelta(days=40), expires_at=due - timedelta(days=39)
    )  # ended long ago
    sessions.create(database, found, "b" * 64, now=due, expires_at=due + timedelta(hours=12))
    door.count_failure(database, "old-counter", now=due - timedelta(days=2))
    door.count_failure(database, "new-counter", now=due)

    counted = retention.apply(settings(), database, lambda: due, dry_run=True)
    assert drafts(database) == (1, 2)  # nothing deleted yet
    done = retention.apply(settings(), database, lambda: due, dry_run=False)

    expected = {"draft_versions": 2, "drafts": 1, "door_counters": 1, "household_sessions": 1}
    assert {k: counted[k] for k in expected} == expected
    assert {k: done[k] for k in expected} == expected
    assert drafts(database) == (0, 0)
    assert (
        door.failures(database, "new-counter") == 1 and door.failures(database, "old-counter") == 0
    )
    assert sessions.household_for(database, "b" * 64, due) == found
    assert retention.apply(settings(), database, lambda: due, dry_run=False)["drafts"] == 0


@pytest.fixture
def database_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'sensus.db'}"
    monkeypatch.setenv("SENSUS_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_the_command_line_counts_with_dry_run_and_deletes_without(database_file: str) -> None:
    database = Database.connect(database_file)
    database.upgrade()
    old = NOW - timedelta(days=retention_store.AUDIT_DAYS + 1)
    with database.engine.begin() as conn:
        conn.execute(insert(audit_log).values(at=old, actor="cli", action="x", detail="{}"))

    dry = CliRunner().invoke(app, ["retention", "apply", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "audit_log: would delete 1" in dry.output
    assert len(entries(database)) == 1

    real = CliRunner().invoke(app, ["retention", "apply"])
    assert real.exit_code == 0, real.output
    assert "audit_log: deleted 1" in real.output
    assert entries(database) == []
    database.dispose()
