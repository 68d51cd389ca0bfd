"""The command line for regions, the registry import and the demo, on a fresh SQLite file."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

from sensus.cli import app
from sensus.config import get_settings
from sensus.domain.identity import FEMALE, MALE, make_kk, make_nik
from sensus.domain.registry import COLUMNS
from sensus.storage.database import Database
from sensus.storage.regions import region_count
from sensus.storage.registry import registry_counts
from sensus.storage.tables import households, persons

KK = make_kk("637101", date(2015, 3, 2), 1)
HEAD = make_nik("637101", date(1980, 5, 12), MALE, 1)
WIFE = make_nik("637101", date(1983, 8, 20), FEMALE, 1)


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A database file that does not exist yet, as on a fresh machine."""
    url = f"sqlite:///{tmp_path / 'var' / 'sensus.db'}"
    monkeypatch.setenv("SENSUS_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def extract(path: Path, *rows: list[str], header: tuple[str, ...] = COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def row(nik: str, name: str, sex: str, born: str, relationship: str) -> list[str]:
    return [KK, nik, name, sex, "Banjarmasin", born, relationship, "1", "2", "Jl. Mantuil Raya",
            "4", "2", "6371011001"]  # fmt: skip


def test_regions_load_fills_the_region_table_and_can_run_again(database_url: str) -> None:
    for _ in range(2):
        result = run("regions", "load")
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("91,599 regions loaded")
    database = Database.connect(database_url)
    assert region_count(database) == 91_599
    database.dispose()


def test_a_clean_import_exits_0_and_prints_the_counts(database_url: str, tmp_path: Path) -> None:
    path = extract(
        tmp_path / "registry.csv",
        row(HEAD, "Budi Santoso", "L", "1980-05-12", "1"),
        row(WIFE, "Siti Aminah", "P", "1983-08-20", "3"),
    )
    result = run("registry", "import", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "2 rows read: 1 households and 2 persons imported (1 households and 2 persons new or"
        " changed), 0 rows rejected"
    ]
    database = Database.connect(database_url)
    assert registry_counts(database).persons == 2
    database.dispose()


def test_bad_rows_are_printed_by_line_field_and_reason_and_exit_1(
    database_url: str, tmp_path: Path
) -> None:
    path = extract(
        tmp_path / "registry.csv",
        row(HEAD, "Budi Santoso", "L", "1980-05-12", "1"),
        row(WIFE, "Siti Aminah", "L", "1983-08-20", "3"),
        ["too", "short"],
    )
    result = run("registry", "import", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == [
        "line 3: nik: The sex does not match the NIK.",
        "line 4: row: The row must have 13 fields, not 2.",
    ]
    assert "1 persons imported" in result.stdout and "2 rows rejected" in result.stdout
    assert not any(secret in result.output for secret in (KK, HEAD, WIFE, "Siti", "Mantuil"))


def test_reasons_can_be_printed_in_indonesian(database_url: str, tmp_path: Path) -> None:
    path = extract(tmp_path / "registry.csv", row(HEAD, "", "L", "1980-05-12", "1"))
    result = run("registry", "import", "--lang", "id", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "line 2: name: Nama wajib diisi."


def test_a_missing_file_exits_2_naming_it(database_url: str, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.csv"
    result = run("registry", "import", str(missing))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{missing}: no such file"


def test_a_wrong_header_exits_2_naming_the_columns(database_url: str, tmp_path: Path) -> None:
    header = tuple("kode_desa" if c == "village_code" else c for c in COLUMNS)
    path = extract(tmp_path / "registry.csv", header=header)
    result = run("registry", "import", str(path))
    assert result.exit_code == 2
    assert str(path) in result.stderr
    assert "(missing: village_code; unknown: kode_desa)" in result.stderr


def test_demo_loads_regions_and_prints_logins_that_identify_a_household(
    database_url: str,
) -> None:
    result = run("demo", "--households", "40", "--seed", "3")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("demo registry: 40 households")
    assert "Demo logins" in result.stdout
    logins = [line.split("│")[1:4] for line in result.stdout.splitlines() if "│ 63" in line]
    assert len(logins) == 5
    database = Database.connect(database_url)
    assert region_count(database) == 91_599
    for kk, nik, name in ((cell.strip() for cell in login) for login in logins):
        query = (
            select(persons.c.name)
            .join(households)
            .where(households.c.kk == kk, persons.c.nik == nik)
        )
        with database.engine.connect() as conn:
            assert conn.execute(query).scalar_one() == name
    database.dispose()


def test_running_the_demo_again_changes_nothing(database_url: str) -> None:
    assert run("demo", "--households", "25").exit_code == 0
    again = run("demo", "--households", "25")
    assert again.exit_code == 0
    assert "(0 households and 0 persons new or changed)" in again.stdout
