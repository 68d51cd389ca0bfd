"""The national peak on this machine: submissions, autosaves, sign-ins and whole journeys.

    .venv/bin/python bench/peak.py --quick                 # about a minute, SQLite
    .venv/bin/python bench/peak.py [--postgres URL] [--workers N] [--connections 32]
        [--seconds 60] [--households 40000]

A real server (``sensus serve --workers N``, uvicorn) on 127.0.0.1 over a new database: a
SQLite file (WAL, synchronous=FULL) and, with ``--postgres``, a new schema in that database.
Households of the demo registry, imported for real, signed in earlier (password set, a
session made through the service, as ``submission_http.sign_in`` does). The load comes from
``peak_client`` (raw HTTP/1.1 keep-alive on uvloop), whose CPU is recorded beside the
server's. The phases, each closed-loop over ``--connections`` unless said otherwise:

- trivial: ``GET /api/v1/schedule`` (no database): the HTTP stack's own rate;
- submissions: each household posts its complete record once (``--seconds`` long);
- autosaves: PATCH of three answers to the draft, each household on one connection;
- at 70 %: submissions sent open-loop at 70 % of the rate measured, latency from the moment
  each was due (so that a slow server cannot hide its queue);
- beyond the maximum: 4x the in-flight budget of connections posting submissions, a refused
  one again at once (a client that ignores Retry-After): how fast the 503s come;
- sign-ins: real ``POST /session`` with the household's password (Argon2id);
- journeys: identify, first sign-in (setting the password), 5 autosaves, submit.

Then the server is killed with SIGKILL, the database opened afresh, and every 2xx checked
record by record: each receipt is its household's final record (else ``lost``), no household
has two records (``duplicated``), every acknowledged autosave version is the stored one.
The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shlex
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.append(str(Path(__file__).resolve().parents[1]))  # PYTHONPATH may name another tree
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Imported first: PYTHONPATH's tree wins (bench/submission.py puts this one first).
import sensus  # noqa: F401

# isort: split

from peak_client import Connection, Tally, request, run, send_noted
from sqlalchemy import insert, text, update
from submission import _fresh_sqlite, _machine, _postgres, _server_env, _settings
from submission_documents import BenchHousehold, load_households, write_extract
from submission_http import (
    PASSWORD,
    SignedIn,
    _body,
    free_port,
    sensus_serve,
    server,
    tree_cpu_seconds,
)

from sensus.config import cpu_count
from sensus.domain import identity, regions
from sensus.services.container import Services, build_services
from sensus.services.respondent_access import SESSION_COOKIE, _token_hash
from sensus.storage import households as store
from sensus.storage import tables
from sensus.storage.database import Database

SELF = "/api/v1/self-response"
TRIVIAL = request("GET", "/api/v1/schedule")
BACK_OFF = 0.1  # seconds before a refused (503) request goes again, outside the flood


@dataclass
class Plan:
    seconds: float  # the submissions phase
    short: float  # every other phase
    connections: int
    workers: int
    households: int
    journeys: int


@dataclass
class Acknowledged:
    """What the server answered 2xx, to check against the database afterwards."""

    receipts: dict[int, str] = field(default_factory=dict)  # household id -> receipt code
    drafts: dict[int, int] = field(default_factory=dict)  # household id -> last version


@dataclass
class Phase:
    tally: Tally
    server_cpu: float
    client_cpu: float

    def figures(self) -> dict[str, Any]:
        t = self.tally
        wall = max(t.elapsed, 1e-9)
        return {
            "per_s": round(t.rate, 1),
            "ok": t.ok,
            "statuses": dict(sorted(t.statuses.items())),
            "errors": dict(t.errors),
            "seconds": round(t.elapsed, 1),
            "p50_ms": _ms(t.latencies, 50),
            "p99_ms": _ms(t.latencies, 99),
            "server_cores": round(self.server_cpu / wall, 2),
            "generator_cores": round(self.client_cpu / wall, 2),
            "server_cpu_ms_each": round(1000 * self.server_cpu / max(t.ok, 1), 2),
        }


def _ms(values: list[float], percent: int) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, len(ordered) * percent // 100)], 1)


def main() -> None:
    args = _arguments()
    print(f"command: {shlex.join([Path(sys.executable).name, *sys.argv])}")
    print(f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {_machine()}")
    regions.MASTER.get("63"), identity.known_district_prefixes()  # once per process
    plan = Plan(
        seconds=args.seconds or (8 if args.quick else 60),
        short=5 if args.quick else 15,
        connections=args.connections,
        workers=args.workers or cpu_count(),
        households=args.households or (3_500 if args.quick else 45_000),
        journeys=300 if args.quick else 1_500,
    )
    backends = [("sqlite", _fresh_sqlite)]
    if args.postgres:
        backends.append(("postgresql", _postgres(args.postgres)))
    results = {}
    with tempfile.TemporaryDirectory(prefix="sensus-peak-") as name:
        folder = Path(name)
        extract = write_extract(folder, plan.households, args.seed)
        for backend, fresh in backends:
            with fresh(folder, f"peak-{backend}") as url:
                results[backend] = _backend(backend, url, extract, folder, plan)
    print(json.dumps(_summary(results)))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="about a minute, SQLite only")
    parser.add_argument("--postgres", metavar="URL", help="also on this PostgreSQL database")
    parser.add_argument("--workers", type=int, help="server processes (default: one per core)")
    # Within the in-flight budget (16 on 2 cores), with room for uvicorn sharing connections
    # unevenly between the workers: more only measures the shedder (the phase beyond the max).
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, help="the submissions phase (60; quick 10)")
    parser.add_argument("--households", type=int, help="households made (45,000; quick 4,000)")
    parser.add_argument("--seed", type=int, default=2020)
    return parser.parse_args()


def _backend(backend: str, url: str, extract: Any, folder: Path, plan: Plan) -> dict[str, Any]:
    print(f"\n== {backend}: sensus serve --workers {plan.workers}, {plan.connections} connections")
    database = Database.connect(url)
    database.upgrade()
    services = build_services(_settings(url), database)
    started = time.perf_counter()
    census = services.self_response.schedule.census_date
    every = load_households(database, extract, plan.households, census, services.questionnaire)
    journeys, signed = every[: plan.journeys], every[plan.journeys :]
    autosaving, submitting = signed[: plan.connections * 4], signed[plan.connections * 4 :]
    items = _signed_in(services, autosaving + submitting)
    database.dispose()
    print(f"  {len(every):,} households ready in {time.perf_counter() - started:.0f} s")
    port, acked = free_port(), Acknowledged()
    env = _server_env(url) | {"SENSUS_LOCKOUT_ATTEMPTS": "1000000"}
    figures: dict[str, Any] = {}
    queue = iter(submitting)
    with server(sensus_serve(port, plan.workers), env, port, folder / f"{backend}.log") as proc:
        pid = proc.pid
        # Warm-up, not timed: each worker loads the region master and the rules on its first
        # submission (seconds on a loaded machine), as in bench/submission.py.
        _phase(port, pid, plan.connections, _trivial(plan.short))
        _phase(port, pid, plan.connections, _submissions(queue, items, acked, 3))
        figures["trivial"] = _phase(port, pid, plan.connections, _trivial(plan.short))
        work = _submissions(queue, items, acked, plan.seconds)
        figures["submissions"] = _phase(port, pid, plan.connections, work)
        figures["autosaves"] = _phase(
            port, pid, plan.connections, _autosaves(autosaving, items, acked, plan)
        )
        rate = 0.7 * figures["submissions"]["per_s"]
        work = _open_loop(queue, items, acked, rate, plan)
        figures["at_70pct"] = _phase(port, pid, plan.connections, work)
        figures["at_70pct"]["offered_per_s"] = round(rate, 1)
        flood = 4 * _budget()
        work = _submissions(queue, items, acked, min(plan.short, 5), again_on_503=True)
        figures["beyond_max"] = _phase(port, pid, flood, work)
        figures["beyond_max"]["connections"] = flood
        figures["signins"] = _phase(port, pid, 8, _sign_ins(submitting, plan.short))
        figures["journeys"] = _phase(port, pid, 16, _journeys(iter(journeys), acked, plan.short))
        figures["max_rss_mb"] = _max_rss_mb(pid)
    figures |= _check(url, acked)
    _print(backend, figures)
    return figures


def _signed_in(services: Services, households: list[BenchHousehold]) -> dict[int, SignedIn]:
    """Every household signed in earlier: its password set and a session opened, as
    ``submission_http.sign_in`` does, but in one transaction (thousands of fsyncs otherwise)."""
    password_hash = services.access.passwords.hash(PASSWORD)  # today's parameters
    now = services.clock()
    expires = now + timedelta(hours=services.settings.session_hours)
    items, sessions = {}, []
    for household in households:
        token = secrets.token_urlsafe(32)
        items[household.id] = SignedIn(household, token, _body(household))
        sessions.append(
            {"token_hash": _token_hash(token), "household_id": household.id}
            | {"created_at": now.astimezone(UTC), "expires_at": expires.astimezone(UTC)}
        )
    with services.database.engine.begin() as conn:
        conn.execute(
            update(tables.households)
            .where(tables.households.c.id.in_(list(items)))
            .values(password_hash=password_hash)
        )
        conn.execute(insert(tables.household_sessions), sessions)
    return items


def _phase(port: int, pid: int, connections: int, worker: Any) -> dict[str, Any]:
    cpu, client = tree_cpu_seconds(pid), time.process_time()
    tally = run(port, connections, worker, Tally())
    phase = Phase(tally, tree_cpu_seconds(pid) - cpu, time.process_time() - client)
    figures = phase.figures()
    figures["load_average"] = round(os.getloadavg()[0], 2)
    if tally.refusals:
        figures["refused_p99_ms"] = _ms(tally.refusals, 99)
        figures["retry_after"] = {k.decode(): n for k, n in tally.retry_after.items()}
    return figures


def _budget() -> int:
    return int(os.environ.get("SENSUS_MAX_IN_FLIGHT", max(8, 8 * cpu_count())))


# -- the phases ----------------------------------------------------------------------------------


def _trivial(seconds: float) -> Any:
    async def worker(connection: Connection, tally: Tally) -> None:
        stop = time.perf_counter() + seconds
        while time.perf_counter() < stop:
            await send_noted(connection, TRIVIAL, tally)

    return worker


def _submission(item: Any) -> bytes:
    cookie = f"{SESSION_COOKIE}={item.cookie}"
    return request("POST", f"{SELF}/submissions", item.body, cookie)


def _submissions(
    queue: Iterator[BenchHousehold],
    items: dict[int, Any],
    acked: Acknowledged,
    seconds: float,
    *,
    again_on_503: bool = False,
) -> Any:
    async def worker(connection: Connection, tally: Tally) -> None:
        stop = time.perf_counter() + seconds
        for household in queue:
            raw = _submission(items[household.id])
            while True:
                answer = await send_noted(connection, raw, tally)
                if not (answer and answer.status == 503) or time.perf_counter() >= stop:
                    break
                # Refused: the same household again, at once in the flood (a client that
                # ignores Retry-After), after a short back-off otherwise.
                await asyncio.sleep(0 if again_on_503 else BACK_OFF)
            if answer is not None and 200 <= answer.status < 300:
                acked.receipts[household.id] = json.loads(answer.body)["receipt_code"]
            if time.perf_counter() >= stop:
                return

    return worker


def _open_loop(
    queue: Iterator[BenchHousehold],
    items: dict[int, Any],
    acked: Acknowledged,
    rate: float,
    plan: Plan,
) -> Any:
    """Submissions due at ``rate`` per second, spread over the connections; latency counts
    from the moment each was due, so a request that waited for its connection counts it."""
    started = time.perf_counter() + 0.05
    gap = plan.connections / max(rate, 1.0)
    slots = iter(range(plan.connections))

    async def worker(connection: Connection, tally: Tally) -> None:
        due = started + next(slots) * gap / plan.connections
        for household in queue:
            if due - started > plan.short:
                return
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            answer = await send_noted(connection, _submission(items[household.id]), tally)
            if answer is not None and 200 <= answer.status < 300:
                tally.latencies[-1] = time.perf_counter() - due
                acked.receipts[household.id] = json.loads(answer.body)["receipt_code"]
            due += gap

    return worker


def _autosave(cookie: str, household: BenchHousehold, version: int) -> bytes:
    answers = list(household.document["household"].items())[2:5]
    changes = [{"path": f"household/{name}", "value": value} for name, value in answers]
    if version % 2:  # a change each time: the third answer is unanswered every other save
        changes[-1]["value"] = None
    body = json.dumps({"base_version": version, "changes": changes}).encode()
    return request("PATCH", f"{SELF}/draft", body, cookie)


def _autosaves(
    households: list[BenchHousehold], items: dict[int, Any], acked: Acknowledged, plan: Plan
) -> Any:
    owned = iter([households[n :: plan.connections] for n in range(plan.connections)])

    async def worker(connection: Connection, tally: Tally) -> None:
        mine = next(owned)
        stop = time.perf_counter() + plan.short
        while time.perf_counter() < stop:
            for household in mine:
                cookie = f"{SESSION_COOKIE}={items[household.id].cookie}"
                version = acked.drafts.get(household.id, 0)
                answer = await send_noted(connection, _autosave(cookie, household, version), tally)
                if answer is not None and answer.status == 200:
                    acked.drafts[household.id] = json.loads(answer.body)["version"]

    return worker


def _sign_ins(households: list[BenchHousehold], seconds: float) -> Any:
    pending = iter(households)

    async def worker(connection: Connection, tally: Tally) -> None:
        stop = time.perf_counter() + seconds
        for household in pending:
            nik = household.document["members"][0]["answers"]["nik"]
            body = json.dumps({"kk": household.kk, "nik": nik, "password": PASSWORD}).encode()
            await _again_after_503(connection, request("POST", f"{SELF}/session", body), tally)
            if time.perf_counter() >= stop:
                return

    return worker


def _journeys(households: Iterator[BenchHousehold], acked: Acknowledged, seconds: float) -> Any:
    """Identify, first sign-in, 5 autosaves, submit; the tally counts whole journeys."""

    async def worker(connection: Connection, tally: Tally) -> None:
        stop = time.perf_counter() + seconds
        for household in households:
            started = time.perf_counter()
            inner = Tally()
            receipt = await _journey(connection, household, inner)
            if receipt is None:
                tally.statuses[0] += 1  # a journey that did not end in a receipt
                tally.errors.update(str(s) for s in inner.statuses if s >= 300)
            else:
                acked.receipts[household.id] = receipt
                tally.statuses[201] += 1
                tally.latencies.append(time.perf_counter() - started)
            if time.perf_counter() >= stop:
                return

    return worker


async def _journey(connection: Connection, household: BenchHousehold, tally: Tally) -> str | None:
    nik = household.document["members"][0]["answers"]["nik"]
    who = {"kk": household.kk, "nik": nik}
    answer = await _again_after_503(
        connection, request("POST", f"{SELF}/identify", json.dumps(who).encode()), tally
    )
    if answer is None or answer.status != 200:
        return None
    body = json.dumps(who | {"password": PASSWORD}).encode()
    answer = await _again_after_503(connection, request("POST", f"{SELF}/session", body), tally)
    if answer is None or answer.status != 200:
        return None
    cookie = "; ".join(answer.cookies)
    for version in range(5):
        answer = await _again_after_503(connection, _autosave(cookie, household, version), tally)
        if answer is None or answer.status != 200:
            return None
    submission = {"submission_id": str(uuid.uuid4()), "document": household.document}
    raw = request("POST", f"{SELF}/submissions", json.dumps(submission).encode(), cookie)
    answer = await _again_after_503(connection, raw, tally)
    if answer is None or answer.status not in (200, 201):
        return None
    return str(json.loads(answer.body)["receipt_code"])


async def _again_after_503(connection: Connection, raw: bytes, tally: Tally) -> Any:
    """Send until answered other than 503 (after a short back-off each time), or broken."""
    while True:
        answer = await send_noted(connection, raw, tally)
        if answer is None or answer.status != 503:
            return answer
        await asyncio.sleep(BACK_OFF)


# -- afterwards ----------------------------------------------------------------------------------


def _max_rss_mb(pid: int) -> float:
    """The largest peak RSS (VmHWM) of the server's processes."""
    peak = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != pid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            continue
    return round(peak / 1024, 1)


def _check(url: str, acked: Acknowledged) -> dict[str, int]:
    """After SIGKILL: every 2xx is in the database, once."""
    database = Database.connect(url)
    try:
        lost = 0
        for household_id, code in acked.receipts.items():
            final = store.final_submission(database, household_id)
            lost += final is None or final.receipt_code != code
        for household_id, version in acked.drafts.items():
            record = store.household_by_id(database, household_id)
            history = store.draft_history(database, household_id)
            stored = record.draft_version if record else -1
            lost += stored != version or len(history) != version
        with database.engine.connect() as conn:
            duplicated = conn.execute(
                text(
                    "SELECT count(*) FROM (SELECT household_id FROM submissions"
                    " GROUP BY household_id HAVING count(*) > 1) AS twice"
                )
            ).scalar_one()
    finally:
        database.dispose()
    return {
        "checked": len(acked.receipts) + len(acked.drafts),
        "lost": lost,
        "duplicated": int(duplicated),
    }


def _print(backend: str, figures: dict[str, Any]) -> None:
    for name, value in figures.items():
        print(f"  {name}: {json.dumps(value)}")


def _summary(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    def flat(f: dict[str, Any]) -> dict[str, Any]:
        trivial, submissions = f["trivial"]["per_s"], f["submissions"]["per_s"]
        generator = statistics.median(
            f[p]["generator_cores"] / max(f[p]["generator_cores"] + f[p]["server_cores"], 1e-9)
            for p in ("trivial", "submissions", "autosaves")
        )
        return {
            "submissions_per_s": submissions,
            "trivial_per_s": trivial,
            "ratio_submissions_trivial": round(submissions / max(trivial, 1e-9), 3),
            "autosaves_per_s": f["autosaves"]["per_s"],
            "signins_per_s": f["signins"]["per_s"],
            "journeys_per_s": f["journeys"]["per_s"],
            "p99_ms_at_70pct": f["at_70pct"]["p99_ms"],
            "p99_ms_503_beyond_max": f["beyond_max"].get("refused_p99_ms"),
            "p99_ms_accepted_beyond_max": f["beyond_max"]["p99_ms"],
            "max_rss_mb": f["max_rss_mb"],
            "server_cpu_ms_per_submission": f["submissions"]["server_cpu_ms_each"],
            "server_cpu_ms_per_trivial": f["trivial"]["server_cpu_ms_each"],
            "generator_cpu_share": round(generator, 2),
            "load_average": f["submissions"]["load_average"],
            "lost": f["lost"],
            "duplicated": f["duplicated"],
        }

    first, *others = results
    summary = flat(results[first]) | {"backend": first}
    for other in others:
        summary[other] = flat(results[other])
    summary["lost"] = sum(r["lost"] for r in results.values())
    summary["duplicated"] = sum(r["duplicated"] for r in results.values())
    return summary


if __name__ == "__main__":
    main()
