"""Registry import throughput: persons per second from a CSV extract into a fresh SQLite file.

    .venv/bin/python bench/registry_import.py [--households 20000] [--runs 3]

Makes a synthetic extract with ``write_demo_csv`` in a temporary directory, imports it into a
new SQLite database (WAL, synchronous=FULL, as in production) ``--runs`` times, and imports
it once more into each to time a re-import (which must change nothing), and imports the same
families unsorted into another new database each time. Prints the medians.
The one-time loading of the region master and the NIK prefix sets is timed apart: a process
pays it once, the first time it validates anything.
"""

from __future__ import annotations

import argparse
import platform
import shlex
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sensus.domain import identity, regions
from sensus.services.demo import write_demo_csv
from sensus.services.registry import ImportReport, import_registry
from sensus.storage.database import Database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()

    started = time.perf_counter()
    len(regions.MASTER), identity.known_district_prefixes()
    warm_up = time.perf_counter() - started

    with tempfile.TemporaryDirectory(prefix="sensus-bench-") as folder:
        extract, shuffled = Path(folder) / "extract.csv", Path(folder) / "unsorted.csv"
        persons = write_demo_csv(extract, args.households, args.seed)
        write_demo_csv(shuffled, args.households, args.seed, sort_by_kk=False)
        first, again, unsorted = [], [], []
        for run in range(args.runs):
            database = _fresh_database(folder, f"run-{run}")
            first.append(_timed_import(database, extract, persons))
            again.append(_timed_import(database, extract, persons, expect_writes=False))
            database.dispose()
            database = _fresh_database(folder, f"unsorted-{run}")
            unsorted.append(_timed_import(database, shuffled, persons))
            database.dispose()

    command = shlex.join([Path(sys.executable).name, *sys.argv])
    print(f"command: {command}")
    print(
        f"machine: {platform.python_implementation()} {platform.python_version()},"
        f" SQLite {sqlite3.sqlite_version}, {platform.machine()}"
    )
    print(f"extract: {args.households:,} households, {persons:,} persons (seed {args.seed})")
    print(f"one-time region master and NIK prefixes: {warm_up:.2f} s")
    print(f"import:    median {statistics.median(first):,.0f} persons/s  runs {_list(first)}")
    print(f"re-import: median {statistics.median(again):,.0f} persons/s  runs {_list(again)}")
    print(
        f"unsorted extract (sorted on disk first): median {statistics.median(unsorted):,.0f}"
        f" persons/s  runs {_list(unsorted)}"
    )


def _fresh_database(folder: str, name: str) -> Database:
    database = Database.connect(f"sqlite:///{folder}/{name}.db")
    database.upgrade()
    return database


def _timed_import(
    database: Database, extract: Path, persons: int, *, expect_writes: bool = True
) -> float:
    started = time.perf_counter()
    report = import_registry(database, extract)
    elapsed = time.perf_counter() - started
    _check(report, persons, expect_writes)
    return persons / elapsed


def _check(report: ImportReport, persons: int, expect_writes: bool) -> None:
    # A fast import that drops rows is no result.
    assert not report.rejected, report.rejected[:5]
    assert report.persons == persons
    assert report.written.persons == (persons if expect_writes else 0)


def _list(rates: list[float]) -> str:
    return ", ".join(f"{rate:,.0f}" for rate in rates)


if __name__ == "__main__":
    main()
