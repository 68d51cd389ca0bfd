"""The command line of the interview round, on a fresh SQLite file: staff, areas, assignments
and the demo. Rows with problems are reported by line; the good ones go in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Table, func, select
from typer.testing import CliRunner, Result

from sensus.cli import app
from sensus.config import get_settings
from sensus.storage.database import Database
from sensus.storage.tables import assignments, enumeration_areas, staff
from tests.registry_files import FAMILY, NEIGHBOUR, VILLAGE, write_registry_csv


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'var' / 'sensus.db'}"
    monkeypatch.setenv("SENSUS_DATABASE_URL", url)
    # The commands run on the real clock: a round open whenever the tests run.
    monkeypatch.setenv("SENSUS_INTERVIEW_OPENS", "2000-01-01T00:00:00+07:00")
    monkeypatch.setenv("SENSUS_INTERVIEW_CLOSES", "2100-01-01T00:00:00+07:00")
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def count(url: str, table: Table) -> int:
    database = Database.connect(url)
    with database.engine.connect() as conn:
        found = int(conn.execute(select(func.count()).select_from(table)).scalar_one())
    database.dispose()
    return found


def test_staff_import_creates_the_good_rows_reports_the_bad_and_can_run_again(
    database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(
        "username,full_name,role,supervisor,password\n"
        "ppl01,Rina Wati,officer,spv01,\n"  # 2: its supervisor is further down: fine
        "spv01,Hendra Gunawan,supervisor,,kata-sandi-pengawas\n"  # 3
        "PPL 02,Bad Name,officer,,\n"  # 4: not a username
        "ppl03,Dewi,boss,,\n"  # 5: no such role
        "ppl04,Ani,officer,spv99,\n"  # 6: no such supervisor
        "ppl01,Rina Again,officer,,\n"  # 7: twice
        "ppl05,Short Row\n",  # 8
        encoding="utf-8",
    )

    first = run("staff", "import", str(path))
    second = run("staff", "import", str(path))

    assert first.exit_code == 1, first.output
    lines = first.stdout.splitlines()
    assert lines[0] == ("7 rows read: 2 accounts created, 0 updated, 0 unchanged, 5 problems")
    assert lines[1:6] == [
        "line 4: username: A username has 3-40 characters: lower-case letters, digits, dot,"
        " underscore, hyphen.",
        "line 5: role: The role must be officer, supervisor or admin.",
        "line 6: supervisor: There is no supervisor with this username.",
        "line 7: username: This username is already on line 2.",
        "line 8: row: The row must have 5 fields, not 2.",
    ]
    assert "ppl01" in first.stdout  # its generated password is shown once, in the table
    assert second.stdout.splitlines()[0] == (
        "7 rows read: 0 accounts created, 0 updated, 2 unchanged, 5 problems"
    )
    assert count(database_url, staff) == 2


def test_a_file_without_the_required_columns_is_refused_whole(
    database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("user,name\nppl01,Rina\n", encoding="utf-8")
    result = run("staff", "import", str(path))
    assert result.exit_code == 2
    assert "header" in result.stderr


def test_areas_assignments_and_a_reassignment_from_the_command_line(
    database_url: str, tmp_path: Path
) -> None:
    registry = write_registry_csv(tmp_path / "registry.csv", (FAMILY, NEIGHBOUR))
    assert run("registry", "import", str(registry)).exit_code == 0
    for username in ("ppl01", "ppl02"):
        added = run(
            "staff", "add", username, "--name", username.upper(), "--password", "rahasia-123"
        )
        assert added.exit_code == 0, added.output
    areas = tmp_path / "areas.csv"
    areas.write_text(
        "code,name,village_code,rt,rw,officer_username\n"
        f"{VILLAGE}0001,,{VILLAGE},4,2,ppl01\n"
        f"{VILLAGE}0002,,{VILLAGE},5,2,nobody\n",
        encoding="utf-8",
    )

    imported = run("areas", "import", str(areas))
    assigned = run("interviews", "assign")
    again = run("interviews", "assign")
    moved = run("areas", "assign", f"{VILLAGE}0001", "ppl02")
    unknown = run("areas", "assign", f"{VILLAGE}0009", "ppl02")

    assert imported.exit_code == 1
    assert imported.stdout.splitlines() == [
        "2 rows read: 1 areas created, 0 updated, 0 unchanged, 1 problems",
        "line 3: officer_username: There is no active officer with this username.",
    ]
    assert assigned.stdout.strip() == "1 areas: 0 households linked, 2 assignments made"
    assert again.stdout.strip() == "1 areas: 0 households linked, 0 assignments made"
    assert moved.stdout.strip() == f"area {VILLAGE}0001 is ppl02's now; 2 assignments moved"
    assert unknown.exit_code == 1
    assert count(database_url, enumeration_areas) == 1
    assert count(database_url, assignments) == 4  # two removed as reassigned, two new


def test_the_demo_creates_staff_and_areas_to_try_the_interview_round_and_can_run_again(
    database_url: str,
) -> None:
    first = run("demo", "--households", "30")
    second = run("demo", "--households", "30")

    assert first.exit_code == 0, first.output
    assert "Demo staff logins (synthetic)" in first.stdout
    for username in ("admin01", "spv01", "ppl01", "ppl02"):
        assert username in first.stdout
    assert "sensus-demo-2026" in first.stdout
    assert second.exit_code == 0, second.output
    assert count(database_url, staff) == 4
    areas = count(database_url, enumeration_areas)
    assert areas >= 4  # the four field SLS, and those of the printed logins
    assert "enumeration areas" in second.stdout
