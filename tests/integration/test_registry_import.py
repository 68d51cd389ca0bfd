"""Importing the registry extract: good rows in, bad rows reported by line, re-import harmless.

Runs on SQLite and, when configured, PostgreSQL (the ``engine`` fixture).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select, update

from sensus.domain.identity import FEMALE, MALE, make_kk, make_nik
from sensus.domain.registry import COLUMNS
from sensus.services import extract
from sensus.services.demo import write_demo_csv
from sensus.services.registry import ExtractError, ImportReport, import_registry
from sensus.storage.database import Database
from sensus.storage.tables import households, persons

VILLAGE = "6371011001"  # Mantuil, Banjarmasin Selatan
KK_A = make_kk("637101", date(2015, 3, 2), 1)
KK_B = make_kk("637102", date(2019, 7, 1), 1)
HEAD = make_nik("637101", date(1980, 5, 12), MALE, 1)
WIFE = make_nik("637101", date(1983, 8, 20), FEMALE, 1)
SON = make_nik("637101", date(2008, 1, 15), MALE, 1)
ALONE = make_nik("637102", date(1990, 2, 3), FEMALE, 4)
ADDRESS = "Jl. Mantuil Raya No. 12"

Row = dict[str, str]


def person(
    kk: str, nik: str, name: str, sex: str, born: str, relationship: str, **more: str
) -> Row:
    row = {
        "kk": kk,
        "nik": nik,
        "name": name,
        "sex": sex,
        "birth_place": "Banjarmasin",
        "birth_date": born,
        "relationship": relationship,
        "religion": "1",
        "marital_status": "2",
        "address": ADDRESS,
        "rt": "4",
        "rw": "2",
        "village_code": VILLAGE,
    }
    return row | more


def head() -> Row:
    return person(KK_A, HEAD, "Budi Santoso", "L", "1980-05-12", "1")


def wife() -> Row:
    return person(KK_A, WIFE, "Siti Aminah", "P", "1983-08-20", "3")


def son() -> Row:
    return person(KK_A, SON, "Rizky", "1", "2008-01-15", "4", marital_status="1", religion="")


def alone() -> Row:
    return person(KK_B, ALONE, "Sukarni", "2", "1990-02-03", "1", marital_status="3")


def write(
    path: Path,
    rows: Sequence[Row | list[str]],
    header: Sequence[str] = COLUMNS,
    separator: str = ",",
) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=separator)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row[c] for c in header] if isinstance(row, dict) else row)
    return path


def at(day: int) -> Callable[[], datetime]:
    return lambda: datetime(2026, 7, day, 9, 0, tzinfo=UTC)


def rejected(report: ImportReport) -> list[tuple[int, str, str]]:
    return [(r.line, r.field, r.error.code) for r in report.rejected]


def table(engine: Engine, which: Any, order: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(select(which).order_by(order))]


def snapshot(engine: Engine) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    return table(engine, households, households.c.kk), table(engine, persons, persons.c.nik)


def members_of(engine: Engine, kk: str) -> list[tuple[int, str]]:
    query = (
        select(persons.c.line_no, persons.c.nik)
        .join(households)
        .where(households.c.kk == kk)
        .order_by(persons.c.line_no)
    )
    with engine.connect() as conn:
        return [(line_no, nik) for line_no, nik in conn.execute(query)]


def test_a_clean_extract_imports_every_household_and_person(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path / "registry.csv", [head(), wife(), son(), alone()])
    report = import_registry(Database(engine), path, clock=at(1))
    assert (report.rows, report.households, report.persons, report.rejected) == (4, 2, 4, [])
    assert (report.written.households, report.written.persons) == (2, 4)
    assert members_of(engine, KK_A) == [(1, HEAD), (2, WIFE), (3, SON)]
    with engine.connect() as conn:
        household = conn.execute(select(households).where(households.c.kk == KK_A)).one()
        son_row = conn.execute(select(persons).where(persons.c.nik == SON)).one()
    assert (household.address, household.rt, household.rw) == (ADDRESS, "004", "002")
    assert (household.village_code, household.source, household.status) == (
        VILLAGE,
        "registry",
        "not_started",
    )
    assert household.needs_verification is False
    assert household.draft_version == 0
    assert (household.password_hash, household.draft) == (None, None)
    assert (son_row.sex, son_row.birth_date, son_row.relationship) == (1, date(2008, 1, 15), 4)
    assert (son_row.religion, son_row.marital_status) == (None, 1)


def test_bad_rows_are_reported_by_line_and_field_while_good_rows_import(
    engine: Engine, tmp_path: Path
) -> None:
    rows: list[Row | list[str]] = [
        head(),  # line 2
        wife(),  # 3
        person(KK_A, "12345", "X", "L", "2001-01-01", "4"),  # 4
        person(KK_A, SON, "Rizky", "X", "2030-01-01", "4"),  # 5
        person(KK_A, SON, "Rizky", "L", "2008-01-15", "12", religion="9", marital_status="5"),
        person(KK_A, SON, "Rizky", "L", "2008-01-15", "4", village_code="6371019999"),  # 7
        person(KK_A, SON, "Rizky", "L", "2008-01-15", "4", address="Jl. Lain No. 1"),  # 8
        person(KK_A, HEAD, "Budi Santoso", "L", "1980-05-12", "1"),  # 9
        alone(),  # 10
        ["6371010203150001", "too", "short"],  # 11
        person("6371013202150001", ALONE[:-1] + "9", "", "P", "1990-02-03", "1", rt="1234"),
    ]
    report = import_registry(Database(engine), write(tmp_path / "registry.csv", rows))

    assert rejected(report) == [
        (4, "nik", "format"),
        (5, "sex", "invalid_code"),
        (5, "birth_date", "out_of_range"),
        (6, "relationship", "invalid_code"),
        (6, "religion", "invalid_code"),
        (6, "marital_status", "invalid_code"),
        (7, "village_code", "unknown_region"),
        (8, "address", "household_mismatch"),
        (9, "nik", "duplicate"),
        (11, "row", "field_count"),
        (12, "kk", "invalid_date"),
        (12, "name", "required"),
        (12, "rt", "invalid"),
    ]
    assert report.rejected_rows == 8
    assert (report.rows, report.households, report.persons) == (11, 2, 3)
    assert members_of(engine, KK_A) == [(1, HEAD), (2, WIFE)]
    assert members_of(engine, KK_B) == [(1, ALONE)]


def test_a_disagreeing_row_names_the_first_line_of_its_kk(engine: Engine, tmp_path: Path) -> None:
    moved = person(KK_A, SON, "Rizky", "L", "2008-01-15", "4", rw="9", village_code="6371011002")
    path = write(tmp_path / "registry.csv", [head(), wife(), moved])
    (mismatch, *_) = import_registry(Database(engine), path).rejected
    assert (mismatch.line, mismatch.field) == (4, "rw")
    assert "line 2" in mismatch.reason("en") and "baris 2" in mismatch.reason("id")
    assert [r.field for r in import_registry(Database(engine), path).rejected] == [
        "rw",
        "village_code",
    ]


def test_reasons_hold_no_personal_data(engine: Engine, tmp_path: Path) -> None:
    bad_son = person(KK_A, SON, "Rizky Pratama", "P", "2008-01-16", "4", address="Gg. Lain")
    bad_nik = person(KK_A, HEAD[:-4] + "0000", "Budi Santoso", "L", "1980-05-12", "1")
    path = write(tmp_path / "registry.csv", [head(), bad_son, bad_nik])
    report = import_registry(Database(engine), path)
    assert report.rejected_rows == 2
    secrets = [KK_A, HEAD, SON, HEAD[:-4], "Rizky", "Budi", "Gg. Lain", ADDRESS, "2008-01-16"]
    for row in report.rejected:
        for lang in ("id", "en"):
            assert not any(secret in row.reason(lang) for secret in secrets), row


def test_importing_the_same_file_twice_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "registry.csv"
    write_demo_csv(path, 60, seed=1)
    first = import_registry(Database(engine), path, clock=at(1))
    before = snapshot(engine)
    again = import_registry(Database(engine), path, clock=at(2))
    assert first.households == 60
    assert (again.households, again.persons) == (first.households, first.persons)
    assert (again.written.households, again.written.persons) == (0, 0)
    assert first.written.persons == first.persons > 60
    assert snapshot(engine) == before  # updated_at too: nothing was rewritten


def test_reimport_keeps_a_respondents_password_status_and_draft(
    engine: Engine, tmp_path: Path
) -> None:
    database = Database(engine)
    import_registry(database, write(tmp_path / "v1.csv", [head(), wife(), son()]), clock=at(1))
    respondent = {
        "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        "status": "in_progress",
        "draft": '{"members": []}',
        "draft_version": 3,
    }
    with engine.begin() as conn:
        conn.execute(update(households).where(households.c.kk == KK_A).values(**respondent))
    ids_before = table(engine, persons.c.id, persons.c.nik)

    renamed = person(KK_A, WIFE, "Siti Aminah Rahmawati", "P", "1983-08-20", "3")
    moved = {"address": "Jl. Baru No. 3"}
    v2 = [head() | moved, renamed | moved, son() | moved]
    report = import_registry(database, write(tmp_path / "v2.csv", v2), clock=at(2))

    assert (report.written.households, report.written.persons) == (1, 1)
    with engine.connect() as conn:
        household = conn.execute(select(households).where(households.c.kk == KK_A)).one()
        name = conn.execute(select(persons.c.name).where(persons.c.nik == WIFE)).scalar_one()
    assert {key: getattr(household, key) for key in respondent} == respondent
    assert household.address == "Jl. Baru No. 3"
    assert name == "Siti Aminah Rahmawati"
    # A draft names registry members by persons.id: the ids must survive.
    assert table(engine, persons.c.id, persons.c.nik) == ids_before


def test_a_self_registered_household_keeps_its_address_and_gains_the_registry_members(
    engine: Engine, tmp_path: Path
) -> None:
    now = datetime(2026, 7, 1, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(households).values(
                kk=KK_A,
                address="Typed by the respondent",
                rt="001",
                rw="001",
                village_code="6371011002",
                source="self_registered",
                needs_verification=True,
                status="in_progress",
                draft_version=1,
                created_at=now,
                updated_at=now,
            )
        )
    import_registry(Database(engine), write(tmp_path / "registry.csv", [head(), wife()]))
    with engine.connect() as conn:
        household = conn.execute(select(households)).one()
    assert (household.address, household.village_code) == ("Typed by the respondent", "6371011002")
    assert (household.source, household.needs_verification) == ("self_registered", True)
    assert members_of(engine, KK_A) == [(1, HEAD), (2, WIFE)]


def test_an_unsorted_extract_imports_the_same_as_a_sorted_one(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tiny runs and few open files: the merge takes several passes, as for a national file.
    monkeypatch.setattr(extract, "RUN_ROWS", 7)
    monkeypatch.setattr(extract, "MAX_OPEN_RUNS", 3)
    sorted_path, unsorted_path = tmp_path / "sorted.csv", tmp_path / "unsorted.csv"
    write_demo_csv(sorted_path, 40, seed=9)
    write_demo_csv(unsorted_path, 40, seed=9, sort_by_kk=False)
    database = Database(engine)

    first = import_registry(database, unsorted_path, clock=at(1), chunk_persons=9)
    assert not first.sorted_by_kk and first.rejected == []
    again = import_registry(database, sorted_path, clock=at(2))
    assert again.sorted_by_kk
    assert (again.written.households, again.written.persons) == (0, 0)
    assert (again.households, again.persons) == (first.households, first.persons)


def test_rows_of_one_kk_far_apart_in_an_unsorted_file_make_one_household(
    engine: Engine, tmp_path: Path
) -> None:
    late_bad = person(KK_A, SON, "Rizky", "L", "2008-01-15", "13")
    path = write(tmp_path / "registry.csv", [wife(), alone(), head(), late_bad, son()])
    report = import_registry(Database(engine), path)
    assert not report.sorted_by_kk
    assert rejected(report) == [(5, "relationship", "invalid_code")]
    # The card keeps the file's order of its rows.
    assert members_of(engine, KK_A) == [(1, WIFE), (2, HEAD), (3, SON)]


def test_columns_may_come_in_any_order_and_after_a_byte_order_mark(
    engine: Engine, tmp_path: Path
) -> None:
    path = write(tmp_path / "registry.csv", [head(), alone()], header=list(reversed(COLUMNS)))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    report = import_registry(Database(engine), path)
    assert (report.households, report.persons, report.rejected) == (2, 2, [])


def test_a_semicolon_separated_extract_imports_as_a_comma_separated_one(
    engine: Engine, tmp_path: Path
) -> None:
    # How a spreadsheet program set to Indonesian saves "CSV" (issue 11): semicolons, a
    # byte-order mark, and a comma inside an address that is therefore not quoted.
    street = {"address": "Jl. Mantuil Raya, Gg. Amanah No. 12"}
    path = write(
        tmp_path / "registry.csv", [head() | street, wife() | street, alone()], separator=";"
    )
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert b"Raya, Gg." in path.read_bytes() and b'"' not in path.read_bytes()
    report = import_registry(Database(engine), path)
    assert (report.households, report.persons, report.rejected) == (2, 3, [])
    with engine.connect() as conn:
        address = conn.execute(select(households.c.address).where(households.c.kk == KK_A))
        assert address.scalar_one() == "Jl. Mantuil Raya, Gg. Amanah No. 12"
    bad = write(tmp_path / "bad.csv", [head() | {"sex": "?"}], separator=";")
    assert rejected(import_registry(Database(engine), bad)) == [(2, "sex", "invalid_code")]


def test_line_numbers_count_the_lines_of_quoted_multi_line_fields(
    engine: Engine, tmp_path: Path
) -> None:
    two_lines = head() | {"address": "Jl. Mantuil Raya\nGg. Amanah No. 12"}
    bad = wife() | {"address": "Jl. Mantuil Raya\nGg. Amanah No. 12", "sex": "?"}
    path = write(tmp_path / "registry.csv", [two_lines, bad, alone() | {"relationship": "0"}])
    report = import_registry(Database(engine), path)
    assert rejected(report) == [(4, "sex", "invalid_code"), (6, "relationship", "invalid_code")]


@pytest.mark.parametrize(
    ("header", "named"),
    [
        ([c for c in COLUMNS if c != "village_code"], "missing: village_code"),
        ([*COLUMNS[:-1], "desa"], "unknown: desa"),
        ([], "missing: kk, nik"),
    ],
)
def test_a_wrong_header_stops_the_import_before_any_write(
    engine: Engine, tmp_path: Path, header: list[str], named: str
) -> None:
    path = write(tmp_path / "registry.csv", [], header=header)
    with pytest.raises(ExtractError) as raised:
        import_registry(Database(engine), path)
    assert str(path) in raised.value.en and named in raised.value.en
    assert snapshot(engine) == ([], [])


def test_a_missing_or_undecodable_file_stops_the_import(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="no such file"):
        import_registry(Database(engine), tmp_path / "absent.csv")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(",".join(COLUMNS).encode() + b"\n" + "Abdul Ḥamīd".encode("utf-16"))
    with pytest.raises(ExtractError, match="not UTF-8"):
        import_registry(Database(engine), latin1)
    assert snapshot(engine) == ([], [])


def test_progress_counts_rows_up_to_the_total(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "registry.csv"
    rows = write_demo_csv(path, 30, seed=2)
    calls: list[tuple[int, int]] = []
    import_registry(
        Database(engine), path, lambda done, total: calls.append((done, total)), chunk_persons=20
    )
    assert calls[0] == (0, rows) and calls[-1] == (rows, rows)
    assert len(calls) > 3
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
