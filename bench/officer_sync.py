"""A sync of 250 completed interviews in one request: how long until all are stored.

    .venv/bin/python bench/officer_sync.py [--runs 3] [--postgres URL]

Budget (issue 4): 250 completed interviews in one request stored within 2 seconds on this
machine. Each run starts from a fresh database (``officer_setup.py``: one officer, 250
assigned households), downloads the bundle, fills in a complete interview of every household
from its pre-fill, and posts all 250 in one ``POST /api/v1/officer/sync`` over HTTP to the
real application (uvicorn on 127.0.0.1, SQLite in WAL with synchronous=FULL, or
PostgreSQL). Timed: the request, from sending it to the answer (every interview validated by
the questionnaire engine, stored, committed). Then the same batch again, as a device whose
connection broke before the answer would send it: all 250 must come back ``duplicate``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2 as httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from officer_setup import fresh_database, interview_document, officer_with_250_households

BUDGET_SECONDS = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", metavar="URL", help="also on this PostgreSQL database")
    args = parser.parse_args()
    print(f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {platform.platform()}")
    for kind in ("sqlite", "postgresql") if args.postgres else ("sqlite",):
        results = [one_run(kind, args.postgres) for _ in range(args.runs)]
        report(kind, results)


def one_run(kind: str, postgres: str | None) -> dict[str, Any]:
    with fresh_database(kind, postgres) as url, officer_with_250_households(url) as field:
        client = httpx.Client(base_url=field.url, cookies=field.cookie, timeout=120)
        bundle = client.get("/api/v1/officer/bundle").json()
        records = interviews(bundle)
        body = json.dumps({"records": records, "since": bundle["bundle_version"]}).encode()
        headers = {"Content-Type": "application/json"}
        started = time.perf_counter()
        answer = client.post("/api/v1/officer/sync", content=body, headers=headers)
        stored_in = time.perf_counter() - started
        answer.raise_for_status()
        summary = answer.json()["summary"]
        assert summary["stored"] == len(records), summary
        started = time.perf_counter()
        replay = client.post("/api/v1/officer/sync", content=body, headers=headers)
        replayed_in = time.perf_counter() - started
        assert replay.json()["summary"]["duplicate"] == len(records)
        return {"n": len(records), "bytes": len(body), "stored": stored_in, "replay": replayed_in}


def interviews(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    listed = {h["household_id"]: h | {"village_code": a["village_code"]}
              for a in bundle["areas"] for h in a["households"]}  # fmt: skip
    return [
        {
            "record_id": str(uuid.uuid4()),
            "kind": "interview",
            "assignment_id": a["assignment_id"],
            "recorded_at": "2026-09-03T10:15:00+08:00",
            "document": interview_document(listed[a["household_id"]], a["registry_members"]),
        }
        for a in bundle["assignments"]
    ]


def report(kind: str, results: list[dict[str, Any]]) -> None:
    stored = sorted(r["stored"] for r in results)
    replay = sorted(r["replay"] for r in results)
    median = stored[len(stored) // 2]
    ok = "within" if median <= BUDGET_SECONDS else "OVER"
    first = results[0]
    print(
        f"\n[{kind}] {first['n']} interviews in one request ({first['bytes'] / 1024:.0f} KB JSON)"
    )
    print(f"  stored in: median {median:.2f} s ({ok} the 2 s budget);"
          f" runs {', '.join(f'{s:.2f}' for s in stored)} s")  # fmt: skip
    print(f"  the same batch again (all duplicate): median {replay[len(replay) // 2]:.2f} s")


if __name__ == "__main__":
    main()
