"""What a typed answer costs the server: validating and serialising it as FastAPI does.

    .venv/bin/python bench/answers.py [--repeat 2000] [--runs 5] [--module sensus.services.answers]

A route with ``response_model`` has FastAPI validate what it returns against the type and
serialise the result to JSON bytes with pydantic (``TypeAdapter.validate_python`` then
``dump_json``); a route that returns its own ``JSONResponse`` pays ``json.dumps`` alone. This
measures both, per answer, on answers of the hot paths: the household's view with a draft
of 6 members (GET /self-response/household), the autosave's version (PATCH /draft) and the
receipt (POST /submissions, which is sent as a JSONResponse). ``--module`` names where the
types come from (another module with the same names: e.g. the pydantic models of an older
release, to compare). Microseconds per answer, medians over ``--runs``; ratios against
``json.dumps`` of the same answer in the same run, since the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pydantic import TypeAdapter


def member(index: int) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "nama": f"Anggota {index}",
        "nik": f"637101020315{index:04d}",
        "jenis_kelamin": 1 + index % 2,
        "tempat_lahir": "Banjarmasin",
        "tanggal_lahir": f"19{60 + index}-0{1 + index % 9}-15",
        "hubungan": 1 if index == 0 else 4,
        "agama": 1,
        "status_kawin": 2 if index < 2 else 1,
        "punya_nik": True,
        "lama_tinggal": 10 + index,
        "pendidikan": 5,
        "bekerja": index < 2,
        "lapangan_usaha": 3,
        "status_pekerjaan": 4,
        "disabilitas": [1, 3] if index == 3 else [],
        "akta_lahir": True,
    }
    return {"member_id": f"r{100 + index}", "presence": "lives_here", "answers": answers}


def samples() -> dict[str, tuple[str, dict[str, Any]]]:
    document = {
        "questionnaire_id": "sp2020",
        "questionnaire_version": "2020.1",
        "household": {
            "wilayah_domisili": "6371011001",
            "alamat_domisili": "Jl. Pramuka No. 12",
            "status_bangunan": 1,
            "luas_lantai": 54,
            "sumber_air": 2,
            "jamban": 1,
            "listrik": True,
        },
        "members": [member(i) for i in range(6)],
    }
    receipt = {
        "receipt_code": "7K2M9QX4",
        "display_code": "7K2M-9QX4",
        "submitted_at": "2026-09-03T02:00:00+00:00",
        "kk_masked": "************0017",
        "members_present": 6,
    }
    registry = [
        {k: v for k, v in m["answers"].items() if k in REGISTRY} | {"member_id": m["member_id"]}
        for m in document["members"]
    ]
    household = {
        "household": {
            "ref": "h12",
            "kk_masked": "************0017",
            "address": "Jl. Pramuka No. 12",
            "rt": "004",
            "rw": "002",
            "village_code": "6371011001",
            "source": "registry",
            "needs_verification": False,
            "status": "in_progress",
        },
        "registry_members": registry,
        "draft": document,
        "draft_version": 7,
        "draft_conflicts": [{"path": "members/r101/answers/pendidikan", "other": 4}],
        "receipt": None,
    }
    return {
        "GET /self-response/household": ("HouseholdAnswer", household),
        "PATCH /self-response/draft": ("DraftVersion", {"version": 8}),
        "POST /self-response/submissions": ("ReceiptAnswer", receipt),
    }


REGISTRY = (
    "nama",
    "nik",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "hubungan",
    "agama",
    "status_kawin",
)


def per_call(work: Callable[[], Any], repeat: int) -> float:
    """Microseconds of process CPU per call."""
    started = time.process_time()
    for _ in range(repeat):
        work()
    return (time.process_time() - started) / repeat * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--module", default="sensus.services.answers")
    args = parser.parse_args()
    module = importlib.import_module(args.module)
    print(f"command: python bench/answers.py --repeat {args.repeat} --runs {args.runs}")
    print(f"types: {args.module}; load average {os.getloadavg()[0]:.2f}")
    for route, (name, answer) in samples().items():
        adapter: TypeAdapter[Any] = TypeAdapter(getattr(module, name))
        assert json.loads(adapter.dump_json(adapter.validate_python(answer))) == answer, route

        def typed(adapter: TypeAdapter[Any] = adapter, answer: Any = answer) -> bytes:
            return adapter.dump_json(adapter.validate_python(answer, from_attributes=True))

        def plain(answer: Any = answer) -> bytes:
            return json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode()

        runs = [
            (per_call(typed, args.repeat), per_call(plain, args.repeat)) for _ in range(args.runs)
        ]
        typed_us = statistics.median(t for t, _ in runs)
        plain_us = statistics.median(p for _, p in runs)
        print(
            f"  {route} ({name}, {len(plain())} bytes): response_model {typed_us:.1f} µs,"
            f" json.dumps {plain_us:.1f} µs (x{typed_us / plain_us:.2f})"
        )


if __name__ == "__main__":
    main()
