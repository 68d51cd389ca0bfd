"""Statements, pool check-outs and CPU per submission through the service, no HTTP.

    .venv/bin/python bench/submission_statements.py [--households 300] [--postgres URL]

Counts what ``SelfResponseService.submit`` asks of the database for each complete household
record (SQLAlchemy's ``before_cursor_execute`` and the pool's ``checkout`` events), with the
session check a request makes first, and times the calls in one thread. Last line: JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.append(str(Path(__file__).resolve().parents[1]))  # PYTHONPATH may name another tree
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Imported first: PYTHONPATH's tree wins (bench/submission.py puts this one first).
import sensus  # noqa: F401

# isort: split

from sqlalchemy import event
from submission import _fresh_sqlite, _postgres, _settings
from submission_documents import load_households, write_extract

from sensus.services.container import build_services
from sensus.storage.database import Database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--postgres", metavar="URL")
    args = parser.parse_args()
    fresh = _postgres(args.postgres) if args.postgres else _fresh_sqlite
    with tempfile.TemporaryDirectory(prefix="sensus-statements-") as name:
        folder = Path(name)
        extract = write_extract(folder, args.households, 2020)
        with fresh(folder, "statements") as url:
            print(json.dumps(measure(url, extract, args.households)))


def measure(url: str, extract: Any, count: int) -> dict[str, Any]:
    database = Database.connect(url)
    database.upgrade()
    services = build_services(_settings(url), database)
    census = services.self_response.schedule.census_date
    households = load_households(database, extract, count, census, services.questionnaire)
    tokens = [services.access.open_session(h.id) for h in households]
    counts = {"statements": 0, "checkouts": 0}

    def statement(*_: Any) -> None:
        counts["statements"] += 1

    def checkout(*_: Any) -> None:
        counts["checkouts"] += 1

    event.listen(database.engine, "before_cursor_execute", statement)
    event.listen(database.engine.pool, "checkout", checkout)
    started, cpu = time.perf_counter(), time.process_time()
    for household, token in zip(households, tokens, strict=True):
        assert services.access.household_for_session(token) == household.id
        outcome = services.self_response.submit(household.id, str(uuid.uuid4()), household.document)
        assert outcome.created
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    database.dispose()
    return {
        "backend": database.dialect,
        "statements_per_submission": round(counts["statements"] / count, 2),
        "checkouts_per_submission": round(counts["checkouts"] / count, 2),
        "submissions_per_s": round(count / wall, 1),
        "cpu_ms_per_submission": round(1000 * cpu / count, 2),
    }


if __name__ == "__main__":
    main()
