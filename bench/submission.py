"""Complete household submissions per second: the domain, the service and the HTTP path.

    .venv/bin/python bench/submission.py [--households 1500] [--runs 3] [--concurrency 1,32]
        [--workers 1] [--postgres URL] [--no-http] [--no-profile]

Households of 4-6 people come from the demo registry, imported for real; each submits one
complete record (``submission_documents.py``). Every run starts from a new database: a
SQLite file (WAL, synchronous=FULL, as ``sensus serve`` opens it), and with ``--postgres``
also a new schema in that PostgreSQL database, dropped at the end. Measured:

(a) domain: validate + clean a document, as the service does it (no I/O);
(b) service: ``SelfResponseService.submit`` in one thread, each submission one durable
    transaction (``store_submission``);
(c) HTTP: ``sensus serve`` on 127.0.0.1, N clients (httpx, keep-alive) posting each
    household's record with its session cookie; the server is then killed with SIGKILL and
    every 2xx receipt is looked up in the database.

Also the floor under (b) and (c): how many empty durable commits one writer gets per second.
Then one more HTTP run with the server under cProfile says where the time goes; its profile
is kept in ``bench/results/``. Medians over ``--runs``; the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from submission_documents import BenchHousehold, Extract, load_households, write_extract
from submission_http import (
    LoadResult,
    SignedIn,
    check_session,
    free_port,
    get_repeatedly,
    post_all,
    sensus_serve,
    server,
    sign_in,
)
from submission_profile import summarise

from sensus.config import WIB, Settings
from sensus.domain import identity, regions
from sensus.domain.questionnaire import Questionnaire, clean_document, validate_document
from sensus.domain.questionnaire.validate import validate_and_clean
from sensus.services.container import Services, build_services
from sensus.storage import households as store
from sensus.storage.database import Database

BENCH = Path(__file__).resolve().parent
SECRET = "bench-secret-key-not-for-production"
OPENS, CLOSES = datetime(2020, 1, 1, tzinfo=WIB), datetime(2100, 1, 1, tzinfo=WIB)
WARM_UP = 20  # households submitted before the clock starts (first requests load caches)
SCHEDULE, BASELINE_REQUESTS = "/api/v1/schedule", 500


@dataclass(frozen=True)
class Backend:
    name: str
    fresh: Callable[[Path, str], AbstractContextManager[str]]  # yields a database URL


def main() -> None:
    args = _arguments()
    started = time.perf_counter()
    print(f"command: {shlex.join([Path(sys.executable).name, *sys.argv])}")
    print(f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {_machine()}")
    print(f"code: {_code()}")
    regions.MASTER.get("63"), identity.known_district_prefixes()  # once per process
    backends = [Backend("sqlite", _fresh_sqlite)]
    if args.postgres:
        backends.append(Backend("postgresql", _postgres(args.postgres)))
    with tempfile.TemporaryDirectory(prefix="sensus-bench-") as name:
        folder = Path(name)
        extract = write_extract(folder, args.households, args.seed)
        print(f"households: {args.households:,} per run, 4-6 people present (seed {args.seed})")
        _domain(folder, extract, args)
        for backend in backends:
            _backend(backend, folder, extract, args)
        if args.profile and args.http:
            _profile(backends[0], folder, extract, args)
    print(f"\nbenchmark took {time.perf_counter() - started:.0f} s")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=1_000, help="submitted per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", default="1,8,32", help="client connections per level")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--postgres", metavar="URL", help="also on this PostgreSQL database")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--no-http", dest="http", action="store_false")
    parser.add_argument("--no-profile", dest="profile", action="store_false")
    parser.add_argument("--profile-concurrency", type=int, default=1)
    args = parser.parse_args()
    args.levels = [int(level) for level in args.concurrency.split(",")]
    return args


# -- (a) domain ----------------------------------------------------------------------------------


def _domain(folder: Path, extract: Extract, args: argparse.Namespace) -> None:
    with _prepared(Backend("sqlite", _fresh_sqlite), folder, "domain", extract, args) as services:
        households = _households(services, extract, args.households)
    q, census = services.questionnaire, services.self_response.schedule.census_date
    documents = [household.document for household in households]
    two_passes, one_pass = [], []
    for _ in range(args.runs):
        two_passes.append(_documents_per_second(documents, lambda d: _as_service(q, d, census)))
        one_pass.append(
            _documents_per_second(documents, lambda d: validate_and_clean(q, d, census))
        )
    print("\n(a) domain, no I/O (documents per second, one thread)")
    _line("validate_document + clean_document (as the service does)", two_passes, "docs/s")
    _line("validate_and_clean (one pass, not used by the service yet)", one_pass, "docs/s")


def _as_service(q: Questionnaire, document: dict[str, object], census: str) -> None:
    assert not validate_document(q, document, census)
    clean_document(q, document, census)


def _documents_per_second(documents: list[dict[str, object]], work: Callable[..., object]) -> float:
    started = time.perf_counter()
    for document in documents:
        work(document)
    return len(documents) / (time.perf_counter() - started)


# -- (b) service and (c) HTTP --------------------------------------------------------------------


def _backend(backend: Backend, folder: Path, extract: Extract, args: argparse.Namespace) -> None:
    print(f"\n== {backend.name} ==")
    floors = []
    for run in range(args.runs):
        with backend.fresh(folder, f"floor-{run}") as url:
            floors.append(_commit_floor(url))
    _line("floor: empty durable commits, one writer", floors, "commits/s")
    rates = []
    for run in range(args.runs):
        with _prepared(backend, folder, f"service-{run}", extract, args) as services:
            households = _households(services, extract, args.households)
            rates.append(_service_run(services, households))
    print("(b) service path, one thread: SelfResponseService.submit")
    _line("complete household submissions", rates, "per s")
    if not args.http:
        return
    print(f"(c) HTTP path: sensus serve --workers {args.workers}, clients on 127.0.0.1")
    for concurrency in args.levels:
        results, baselines = [], []
        for run in range(args.runs):
            label = f"http-{concurrency}-{run}"
            with _prepared(backend, folder, label, extract, args) as services:
                households = _households(services, extract, args.households + WARM_UP)
                result, baseline = _http_run(services, households, folder, concurrency, args)
            results.append(result)
            baselines.append(baseline)
        _http_summary(concurrency, results, baselines)
    print(f"  load average after: {_load()}")


def _service_run(services: Services, households: list[BenchHousehold]) -> float:
    submit = services.self_response.submit
    started = time.perf_counter()
    for household in households:
        assert submit(household.id, str(uuid.uuid4()), household.document).created
    elapsed = time.perf_counter() - started
    assert store.count_submissions(services.database) == len(households)
    return len(households) / elapsed


def _http_run(
    services: Services,
    households: list[BenchHousehold],
    folder: Path,
    concurrency: int,
    args: argparse.Namespace,
    profile_out: Path | None = None,
) -> tuple[LoadResult, LoadResult]:
    items = sign_in(services, households)
    port = free_port()
    if profile_out is None:
        command = sensus_serve(port, args.workers)
    else:
        command = [sys.executable, str(BENCH / "profiled_server.py"), str(port), str(profile_out)]
    env = _server_env(services.settings.database_url)
    log = folder / f"server-{port}.log"
    with server(command, env, port, log, graceful=profile_out is not None) as process:
        check_session(port, items[0])
        post_all(port, items[:WARM_UP], concurrency, process.pid)
        if profile_out is not None:
            process.send_signal(signal.SIGUSR1)  # start recording: warm-up stays out
        result = post_all(port, items[WARM_UP:], concurrency, process.pid)
        # Not in the profiled run: the profile is of submissions only.
        requests = BASELINE_REQUESTS if profile_out is None else 0
        baseline = get_repeatedly(port, SCHEDULE, requests, concurrency, process.pid)
    if result.transport_errors or set(result.statuses) - {200, 201, 503}:
        print(f"    unexpected answers {result.transport_errors or result.statuses}; server log:")
        print("      " + "\n      ".join(log.read_text().splitlines()[-15:]))
    _verify_durable(services.settings.database_url, items[WARM_UP:], result)
    return result, baseline


def _verify_durable(url: str, items: list[SignedIn], result: LoadResult) -> None:
    """Every 2xx receipt is the household's final record in the database, read afresh
    after the server was killed. A household refused with 503 may still be stored (the
    shedder answers 503 to a request past its time limit while the work finishes; the
    client's retry then replays it): those are counted, anything else stored is an error."""
    database = Database.connect(url)
    try:
        stored = {}
        for item in items:
            final = store.final_submission(database, item.household.id)
            if final is not None:
                stored[item.household.id] = final.receipt_code
    finally:
        database.dispose()
    for household_id, code in result.receipts.items():
        assert stored.get(household_id) == code, "a 2xx receipt is not in the database"
    result.stored_unanswered = len(stored) - len(result.receipts)
    unanswered = result.statuses[503] + result.transport_errors.total()
    assert result.stored_unanswered <= unanswered, "stored without a 2xx, a 503 or a lost answer"


def _http_summary(concurrency: int, results: list[LoadResult], baselines: list[LoadResult]) -> None:
    rates = [r.rate for r in results]
    _line(f"{concurrency} connections: committed submissions", rates, "per s")
    p50 = statistics.median(_percentile(r.latencies, 50) for r in results)
    p99 = statistics.median(_percentile(r.latencies, 99) for r in results)
    cpu = statistics.median(r.server_cpu / r.elapsed for r in results)
    cpu_each = statistics.median(r.server_cpu / max(r.answered, 1) for r in results)
    client = statistics.median(r.client_cpu / max(r.requests, 1) for r in results)
    print(
        f"    latency p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms; server CPU {cpu:.0%}"
        f" of one core, {cpu_each * 1000:.2f} ms per submission; client CPU"
        f" {client * 1000:.2f} ms per request"
    )
    statuses = sum((r.statuses for r in results), start=Counter[int]())
    refusals = sum((r.refusals for r in results), start=Counter[str]())
    lost = sum((r.transport_errors for r in results), start=Counter[str]())
    if lost:
        print(f"    connections lost without an answer: {dict(lost)}")
    print(f"    answers over all runs: {dict(sorted(statuses.items()))}", end="")
    print(f", refusals {dict(refusals)}" if refusals else "")
    late = sum(r.stored_unanswered for r in results)
    print("    every 2xx found in the database after SIGKILL of the server", end="")
    print(f"; {late} stored but answered 503 (time limit)" if late else "")
    rate = statistics.median(b.rate for b in baselines)
    cpu_each = statistics.median(b.server_cpu / max(b.answered, 1) for b in baselines)
    print(
        f"    baseline GET {SCHEDULE} (HTTP stack, no database), same server and connections:"
        f" median {rate:,.0f} per s, server CPU {cpu_each * 1000:.2f} ms per request"
    )


def _percentile(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, len(ordered) * percent // 100)]


def _profile(backend: Backend, folder: Path, extract: Extract, args: argparse.Namespace) -> None:
    out = BENCH / "results" / "submission-http.prof"
    out.parent.mkdir(exist_ok=True)
    households_count = min(args.households, 500)  # the profiler slows the server 2-3x
    with _prepared(backend, folder, "profile", extract, args) as services:
        households = _households(services, extract, households_count + WARM_UP)
        concurrency = args.profile_concurrency
        result, _ = _http_run(services, households, folder, concurrency, args, profile_out=out)
    print(
        f"\nprofile: {backend.name}, HTTP, {concurrency} connection(s), cProfile in every server"
        f" thread ({result.rate:,.0f} submissions/s under the profiler); written to"
        f" {out.relative_to(BENCH.parent)}"
    )
    summarise(out, result.answered, concurrency)


# -- databases -----------------------------------------------------------------------------------


def _settings(url: str) -> Settings:
    return Settings(
        database_url=url, secret_key=SECRET, self_response_opens=OPENS, self_response_closes=CLOSES
    )


def _server_env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "SENSUS_DATABASE_URL": url,
        "SENSUS_SECRET_KEY": SECRET,
        "SENSUS_SELF_RESPONSE_OPENS": OPENS.isoformat(),
        "SENSUS_SELF_RESPONSE_CLOSES": CLOSES.isoformat(),
    }


@contextmanager
def _prepared(
    backend: Backend, folder: Path, name: str, extract: Extract, args: argparse.Namespace
) -> Iterator[Services]:
    with backend.fresh(folder, name) as url:
        database = Database.connect(url)
        try:
            database.upgrade()
            yield build_services(_settings(url), database)
        finally:
            database.dispose()


def _households(services: Services, extract: Extract, count: int) -> list[BenchHousehold]:
    census = services.self_response.schedule.census_date
    return load_households(services.database, extract, count, census, services.questionnaire)


@contextmanager
def _fresh_sqlite(folder: Path, name: str) -> Iterator[str]:
    yield f"sqlite:///{folder / name}.db"


def _postgres(admin_url: str) -> Callable[[Path, str], AbstractContextManager[str]]:
    @contextmanager
    def fresh(_folder: Path, name: str) -> Iterator[str]:
        schema = f"bench_{name.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
        admin = Database.connect(admin_url)
        with admin.engine.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        separator = "&" if "?" in admin_url else "?"
        try:
            yield f"{admin_url}{separator}options=-csearch_path%3D{schema}"
        finally:
            with admin.engine.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            admin.dispose()

    return fresh


def _commit_floor(url: str, commits: int = 300) -> float:
    """Empty durable commits per second through the production engine: the most one
    writer gets when every submission is a transaction of its own."""
    database = Database.connect(url)
    try:
        with database.engine.begin() as conn:
            conn.execute(text("CREATE TABLE bench_commit (n INTEGER NOT NULL)"))
        started = time.perf_counter()
        for n in range(commits):
            with database.engine.begin() as conn:
                conn.execute(text("INSERT INTO bench_commit (n) VALUES (:n)"), {"n": n})
        return commits / (time.perf_counter() - started)
    finally:
        database.dispose()


# -- output --------------------------------------------------------------------------------------


def _line(what: str, values: list[float], unit: str) -> None:
    runs = ", ".join(f"{value:,.0f}" for value in values)
    print(f"  {what}: median {statistics.median(values):,.0f} {unit}  (runs {runs})")


def _machine() -> str:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return (
        f"{os.cpu_count()} cores ({model}), {platform.python_implementation()}"
        f" {platform.python_version()}, SQLite {sqlite3.sqlite_version}, load average {_load()}"
    )


def _code() -> str:
    def git(*arguments: str) -> str:
        done = subprocess.run(["git", *arguments], cwd=BENCH, capture_output=True, text=True)
        return done.stdout.strip()

    changed = git("status", "--porcelain", "--untracked-files=no")
    return f"commit {git('rev-parse', '--short', 'HEAD')}" + (
        " with uncommitted changes" if changed else ""
    )


def _load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
