"""The officer's bundle for 250 households: its size as sent (gzip) and its time.

    .venv/bin/python bench/officer_bundle.py [--runs 5] [--postgres URL]

Budget (issue 4): a bundle for 250 households at most 200 KB compressed. The officer holds
ten SLS of 25 synthetic families each (``officer_setup.py``), none of which has answered
online: every household is assigned, so every household carries its registry pre-fill
(the largest bundle 250 households make). The bundle is downloaded over HTTP from the real
application (uvicorn on 127.0.0.1), with ``Accept-Encoding: gzip`` as a phone sends it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx2 as httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from officer_setup import Field, fresh_database, median_of, officer_with_250_households

BUDGET_BYTES = 200 * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", metavar="URL", help="also on this PostgreSQL database")
    args = parser.parse_args()
    print(f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {platform.platform()}")
    for kind in ("sqlite", "postgresql") if args.postgres else ("sqlite",):
        with fresh_database(kind, args.postgres) as url, officer_with_250_households(url) as field:
            measure(kind, field, args.runs)


def measure(kind: str, field: Field, runs: int) -> None:
    client = httpx.Client(base_url=field.url, cookies=field.cookie, timeout=60)
    first = client.get("/api/v1/officer/bundle", headers={"Accept-Encoding": "gzip"})
    first.raise_for_status()
    bundle = first.json()
    households = sum(len(area["households"]) for area in bundle["areas"])
    raw = len(first.content)
    sent = first.num_bytes_downloaded
    assert first.headers.get("content-encoding") == "gzip"

    def download() -> float:
        started = time.perf_counter()
        client.get("/api/v1/officer/bundle").raise_for_status()
        return time.perf_counter() - started

    median, values = median_of(runs, download)
    ok = "within" if sent <= BUDGET_BYTES else "OVER"
    print(f"\n[{kind}] bundle of {households} households, {len(bundle['assignments'])} assigned")
    print(f"  JSON {raw / 1024:.1f} KB, sent gzipped {sent / 1024:.1f} KB"
          f" ({ok} the 200 KB budget); gzip -9 would be"
          f" {len(gzip.compress(json.dumps(bundle).encode(), 9)) / 1024:.1f} KB")  # fmt: skip
    print(f"  download (HTTP, warm): median {median * 1000:.0f} ms over {runs} runs"
          f" ({', '.join(f'{v * 1000:.0f}' for v in values)} ms)")  # fmt: skip
    print(f"  per household: {sent / households:.0f} bytes sent")


if __name__ == "__main__":
    main()
