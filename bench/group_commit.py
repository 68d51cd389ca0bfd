"""Group commit side by side: the service's submissions from many threads, with and without.

    .venv/bin/python bench/group_commit.py [--households 400] [--threads 8] [--rounds 3]
                                           [--processes 2] [--postgres URL]

No HTTP: ``--processes`` processes (two, like ``sensus serve --workers 2``) each run
``--threads`` threads that call ``SelfResponseService.submit`` on one database, in rounds
that alternate group commit (ADR 0027) and one transaction per request, so both see the same
machine load. Each round submits its own households. Prints per round and mode: submissions
per second, the processes' CPU per submission, p99 latency, and writes per COMMIT. Last
line: JSON with the medians.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.append(str(Path(__file__).resolve().parents[1]))  # PYTHONPATH may name another tree
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sensus  # noqa: F401

# isort: split

from submission import _fresh_sqlite, _postgres, _settings
from submission_documents import load_households, write_extract

from sensus.services.container import build_services
from sensus.storage.database import Database

MODES = ("one transaction each", "group commit")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=400, help="per process and round")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", metavar="URL")
    args = parser.parse_args()
    fresh = _postgres(args.postgres) if args.postgres else _fresh_sqlite
    per_round = args.households * args.processes
    total = per_round * args.rounds * len(MODES)
    with tempfile.TemporaryDirectory(prefix="sensus-group-") as name:
        folder = Path(name)
        extract = write_extract(folder, total, 2020)
        with fresh(folder, "group") as url:
            database = Database.connect(url)
            database.upgrade()
            services = build_services(_settings(url), database)
            census = services.self_response.schedule.census_date
            made = load_households(database, extract, total, census, services.questionnaire)
            households = [(h.id, h.document) for h in made]
            database.dispose()
            figures: dict[str, list[dict[str, float]]] = {mode: [] for mode in MODES}
            at = 0
            for round_ in range(args.rounds):
                for mode in MODES:
                    shares = []
                    for _ in range(args.processes):
                        shares.append(households[at : at + args.households])
                        at += args.households
                    result = _round(url, shares, args.threads, mode == "group commit")
                    figures[mode].append(result)
                    print(f"round {round_ + 1}, {mode}: {json.dumps(result)}", flush=True)
    summary = {
        "backend": "postgresql" if args.postgres else "sqlite",
        "processes": args.processes,
        "threads": args.threads,
    }
    for mode, key in zip(MODES, ("alone", "group"), strict=True):
        for figure in ("per_s", "cpu_ms_each", "p99_ms", "writes_per_commit"):
            summary[f"{key}_{figure}"] = statistics.median(r[figure] for r in figures[mode])
    print(json.dumps(summary))


def _round(
    url: str, shares: list[list[tuple[int, Any]]], threads: int, group: bool
) -> dict[str, float]:
    context = multiprocessing.get_context("spawn")
    with context.Pool(len(shares)) as pool:
        started = time.perf_counter()
        results = pool.starmap(_submit_all, [(url, share, threads, group) for share in shares])
        wall = time.perf_counter() - started
    count = sum(len(share) - 1 for share in shares)  # the first of each share is not timed
    latencies = sorted(x for r in results for x in r["latencies"])
    return {
        "per_s": round(count / wall, 1),
        "cpu_ms_each": round(1000 * sum(r["cpu"] for r in results) / count, 2),
        "p99_ms": round(1000 * latencies[int(0.99 * (len(latencies) - 1))], 1),
        "writes_per_commit": round(
            sum(r["writes"] for r in results) / max(1, sum(r["commits"] for r in results)), 2
        ),
    }


def _submit_all(
    url: str, share: list[tuple[int, Any]], threads: int, group: bool
) -> dict[str, Any]:
    database = Database.connect(url)
    if not group:
        database._group = None  # one transaction per request, as before ADR 0027
    services = build_services(_settings(url), database)
    service = services.self_response
    service.submit(share[0][0], str(uuid.uuid4()), share[0][1])  # loads the region master
    latencies: list[float] = []

    def one(item: tuple[int, Any]) -> None:
        began = time.perf_counter()
        assert service.submit(item[0], str(uuid.uuid4()), item[1]).created
        latencies.append(time.perf_counter() - began)

    cpu = time.process_time()
    with ThreadPoolExecutor(threads) as workers:
        list(workers.map(one, share[1:]))
    cpu = time.process_time() - cpu
    counter = database._group
    # The warm-up submission was a write and a COMMIT of its own.
    writes = counter.writes - 1 if counter else len(share) - 1
    commits = counter.batches - 1 if counter else len(share) - 1
    database.dispose()
    return {"cpu": cpu, "latencies": latencies, "writes": writes, "commits": commits}


if __name__ == "__main__":
    main()
