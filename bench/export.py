"""The data out: persons per second exported to Parquet (and to every format), and the
process's peak memory.

    .venv/bin/python bench/export.py [--households 30000] [--database FILE] [--formats ...]

``--database FILE`` keeps the SQLite database: built there when missing, reused when present
(a million persons take a while to make up).

Goal (issue 10): 1 million persons to Parquet at >= 50,000 persons/s with the process under
500 MB. The database is a demo registry (``generate_demo``) fully answered by the demo
(``answer_demo``, about 3.6 persons per household); the export streams the records in
batches. Under a shared machine's load the wall-clock rate is the machine's, so the CPU
time of the process (``time.process_time``) is shown beside it. Peak memory is the
process's maximum resident set (``ru_maxrss``), measured in a child process per format so
that one format's peak does not hide another's.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sensus.config import Settings
from sensus.domain.questionnaire import load_questionnaire
from sensus.services.demo import generate_demo
from sensus.services.demo_responses import answer_demo
from sensus.services.exports import Exporter, ExportRequest
from sensus.storage.database import Database
from sensus.storage.regions import load_regions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=30_000)
    parser.add_argument("--database", type=Path, help="SQLite file, built if missing")
    parser.add_argument("--formats", default="parquet,csv,stata,spss")
    args = parser.parse_args()
    print(f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {platform.platform()}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; cpus {os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="sensus-export-") as folder:
        path = args.database or Path(folder) / "sensus.db"
        url = f"sqlite:///{path}"
        if not path.exists():
            build(url, args.households)
        for name in args.formats.split(","):
            with multiprocessing.Pool(1) as pool:
                print(pool.apply(run, (url, [name], Path(folder) / name)), flush=True)


def build(url: str, households: int) -> None:
    database = Database.connect(url)
    database.upgrade()
    load_regions(database)
    started = time.perf_counter()
    generate_demo(database, households, 2020)
    settings = Settings(database_url=url, secret_key="bench-secret-not-for-production")
    q = load_questionnaire(settings.questionnaire_path)
    answered = answer_demo(database, q, settings, 1.0, 2020)
    database.dispose()
    print(f"built {answered.online + answered.interviewed:,} answered households in"
          f" {time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip


def run(url: str, formats: list[str], out: Path) -> str:
    database = Database.connect(url)
    settings = Settings(database_url=url, secret_key="bench-secret-not-for-production")
    q = load_questionnaire(settings.questionnaire_path)
    exporter = Exporter(database, q, settings.secret_key, "2026-09-01", lambda: datetime.now(UTC))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    report = exporter.export("bench", ExportRequest(formats, out))
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    shutil.rmtree(out, ignore_errors=True)
    rate = report.persons / took
    verdict = (
        "" if formats != ["parquet"] else (" goal met" if rate >= 50_000 else " SHORT of 50,000/s")
    )
    return (
        f"{formats[0]:8} {report.persons:,} persons, {report.households:,} households in"
        f" {took:.1f} s: {rate:,.0f} persons/s;{verdict} (CPU {cpu:.1f} s:"
        f" {report.persons / cpu:,.0f} persons per CPU second) peak RSS {peak / 1024:.0f} MB"
        f" (before export {before / 1024:.0f} MB)"
    )


if __name__ == "__main__":
    main()
