"""Headquarters at scale: the progress page at every region level, for a registry of
1 million households of which 60 % answered.

    .venv/bin/python bench/headquarters.py [--households 1000000] [--runs 5] [--postgres URL]

Goal (issue 10): every page under 1 s. The database is built by one INSERT ... SELECT in
the database (households in the villages of Kalimantan Selatan, 10 RT x 5 RW per village,
each answered online or by interview with the given share on one of 60 days), then the
real application is asked, in process, for the headquarters page of the whole country, the
province, its largest regency, district and village, and the same for a supervisor holding
the 50 areas of one village. Each figure is the median of ``--runs`` requests after one
warm-up, beside the median of a trivial request (``/healthz``) in the same run.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import sys
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import DateTime, bindparam, func, select, text, update

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from officer_setup import fresh_database, median_of

from sensus.app import create_app
from sensus.config import Settings
from sensus.domain import regions
from sensus.services.staff import STAFF_COOKIE, token_hash
from sensus.storage import areas as area_store
from sensus.storage import staff as staff_store
from sensus.storage.database import Database
from sensus.storage.tables import households

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

START = datetime(2026, 8, 15, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--responded", type=float, default=0.6)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", metavar="URL", help="also on this PostgreSQL database")
    args = parser.parse_args()
    print(f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {platform.platform()}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; cpus {os.cpu_count()}")
    for kind in ("sqlite", "postgresql") if args.postgres else ("sqlite",):
        with fresh_database(kind, args.postgres) as url:
            database = Database.connect(url)
            database.upgrade()
            started = time.perf_counter()
            build(database, args.households, args.responded)
            print(f"\n[{kind}] built {args.households:,} households in"
                  f" {time.perf_counter() - started:.0f} s")  # fmt: skip
            measure(database, url, args.runs)
            database.dispose()


def villages() -> list[str]:
    return [
        v.code
        for regency in regions.children("63")
        for district in regions.children(regency.code)
        for v in regions.children(district.code)
    ]


def build(database: Database, count: int, responded: float) -> None:
    """The households, made up inside the database by one INSERT ... SELECT over a series
    (a recursive CTE on SQLite, generate_series on PostgreSQL): a million rows take seconds
    of the database's own time instead of minutes of Python. Each row's draw is a hash of
    its number, so the same count gives the same registry: answered with the given share,
    online 55 % of those, on one of 60 days from START, in 10 RT x 5 RW."""
    codes = villages()
    with database.engine.begin() as conn:
        conn.execute(
            text("CREATE TEMPORARY TABLE bench_villages (n INTEGER PRIMARY KEY, code TEXT)")
        )
        conn.execute(
            text("INSERT INTO bench_villages VALUES (:n, :code)"),
            [{"n": n, "code": code} for n, code in enumerate(codes)],
        )
        sqlite = database.dialect == "sqlite"
        series = (
            "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < :count)"
            " SELECT i, (i * 2654435761) % 4294967296 AS h FROM s"
            if sqlite
            else "SELECT i, (i::bigint * 2654435761) % 4294967296 AS h"
            " FROM generate_series(1, :count) AS i"
        )
        kk = "printf('%016d', i)" if sqlite else "lpad(i::text, 16, '0')"
        pad = "printf('%03d', {})" if sqlite else "lpad(({})::text, 3, '0')"
        day = (
            "date(:start, '+' || ((h / 100000) % 60) || ' days')"
            if sqlite
            else "(CAST(:start AS date) + ((h / 100000) % 60)::int)"
        )
        answered = "(h % 1000) < :share"
        mode = f"CASE WHEN {answered} THEN CASE WHEN (h / 1000) % 100 < 55"
        mode += " THEN 'self_response' ELSE 'interview' END END"
        conn.execute(
            text(
                "INSERT INTO households (kk, address, rt, rw, village_code, source,"
                " needs_verification, status, draft_version, created_at,"
                " updated_at, response_mode, responded_on)"
                f" SELECT {kk}, '', {pad.format('1 + (h / 7) % 10')},"
                f" {pad.format('1 + (h / 70) % 5')}, v.code, 'registry', :no,"
                f" CASE WHEN {answered} THEN 'submitted' ELSE 'not_started' END, 0, :now, :now,"
                f" {mode}, CASE WHEN {answered} THEN {day} END"
                f" FROM ({series}) AS g JOIN bench_villages v ON v.n = g.i % :villages"
            ).bindparams(bindparam("now", type_=DateTime(timezone=True))),
            {
                "count": count, "share": round(responded * 1000), "start": START.date().isoformat(),
                "now": datetime.now(UTC), "no": False, "villages": len(codes),
            },
        )  # fmt: skip
        conn.execute(text("DROP TABLE bench_villages"))
    if database.dialect == "postgresql":
        with database.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))


def measure(database: Database, url: str, runs: int) -> None:
    settings = Settings(database_url=url, secret_key="bench-secret-not-for-production")
    app = create_app(settings, database)
    admin = _signed_in(database, app, "admin01", "admin", None)
    supervisor_id = staff_store.create_staff(
        database, staff_store.NewStaff("spv01", "SPV", "supervisor", "x", None), actor="bench",
        now=datetime.now(UTC),
    )  # fmt: skip
    officer = _officer(database, supervisor_id)
    supervisor = _signed_in(database, app, "spv01", None, None)
    village, district, regency = _largest(database)
    _areas_for(database, village, officer)
    trivial, _ = median_of(runs, _timer(admin, "/healthz"))
    print(f"trivial request (/healthz): median {trivial * 1000:.1f} ms")
    levels = [("country", ""), ("province 63", "63"), (f"regency {regency}", regency),
              (f"district {district}", district), (f"village {village}", village)]  # fmt: skip
    for who, client in (("admin", admin), ("supervisor", supervisor)):
        for name, code in levels:
            path = f"/petugas/kantor?wilayah={code}" if code else "/petugas/kantor"
            response = client.get(path)
            if response.status_code != 200:
                print(f"  {who:10} {name:28} {response.status_code}")
                continue
            median, values = median_of(runs, _timer(client, path))
            verdict = "under 1 s" if median < 1 else "OVER 1 s"
            ratio = median / trivial
            print(
                f"  {who:10} {name:28} median {median * 1000:7.1f} ms ({ratio:6.0f}x trivial;"
                f" max {values[-1] * 1000:.0f} ms) {verdict}"
            )


def _timer(client: TestClient, path: str) -> Callable[[], float]:
    def run() -> float:
        started = time.perf_counter()
        client.get(path).raise_for_status()
        return time.perf_counter() - started

    return run


def _signed_in(
    database: Database, app: object, username: str, role: str | None, supervisor: int | None
) -> TestClient:
    now = datetime.now(UTC)
    if role is not None:
        staff_store.create_staff(
            database, staff_store.NewStaff(username, username.upper(), role, "x", supervisor),
            actor="bench", now=now,
        )  # fmt: skip
    record = staff_store.staff_by_username(database, username)
    assert record is not None
    token = secrets.token_urlsafe(32)
    staff_store.create_session(
        database, record.id, token_hash(token), "bench", now=now, expires_at=now + timedelta(days=1)
    )
    client = TestClient(app)  # type: ignore[arg-type]
    client.cookies.set(STAFF_COOKIE, token)
    return client


def _officer(database: Database, supervisor_id: int) -> int:
    new = staff_store.NewStaff("ppl01", "PPL", "officer", "x", supervisor_id)
    return staff_store.create_staff(database, new, actor="bench", now=datetime.now(UTC))


def _largest(database: Database) -> tuple[str, str, str]:
    """The village with most households, and its district and regency."""
    with database.engine.connect() as conn:
        village = conn.execute(
            select(households.c.village_code)
            .group_by(households.c.village_code)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()
    return village, village[:6], village[:4]


def _areas_for(database: Database, village: str, officer_id: int) -> None:
    """The village's 50 SLS as areas of the officer, its households linked to them."""
    rows = [
        area_store.AreaWrite(
            n,
            f"{village}{rt:02d}{rw:02d}",
            f"RT {rt} RW {rw}",
            village,
            f"{rt:03d}",
            f"{rw:03d}",
            officer_id,
        )
        for n, (rt, rw) in enumerate(((rt, rw) for rt in range(1, 11) for rw in range(1, 6)), 1)
    ]
    area_store.write_areas(database, rows, actor="bench", now=datetime.now(UTC))
    with database.engine.begin() as conn:
        for area in area_store.areas_of(database, [officer_id]):
            conn.execute(
                update(households)
                .where(
                    households.c.village_code == village,
                    households.c.rt == area.rt,
                    households.c.rw == area.rw,
                )
                .values(enumeration_area_id=area.id)
            )


if __name__ == "__main__":
    main()
