"""The go / no-go rules of a trial report, with defaults, optionally from a JSON file.

    {"lost": 0, "duplicated": 0, "receipted_share": 0.5, "p99_ms": {"submit": 20000}}

``receipted_share`` is of the households that meant to submit (not those that gave up);
``p99_ms`` caps a request kind's 99th percentile in every profile.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Thresholds:
    lost: int = 0
    duplicated: int = 0
    receipted_share: float = 0.0
    p99_ms: dict[str, float] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Thresholds:
        data = json.loads(path.read_text())
        unknown = set(data) - {"lost", "duplicated", "receipted_share", "p99_ms"}
        if unknown:
            raise ValueError(f"unknown thresholds: {', '.join(sorted(unknown))}")
        return cls(**data)


def judge(thresholds: Thresholds, report: dict[str, Any]) -> list[str]:
    """The thresholds the report breaks, as sentences (none: go)."""
    failed = []
    if report["lost"] > thresholds.lost:
        failed.append(f"lost {report['lost']} > {thresholds.lost}")
    if report["duplicated"] > thresholds.duplicated:
        failed.append(f"duplicated {report['duplicated']} > {thresholds.duplicated}")
    meant = sum(p["households"] - p["gave_up"] for p in report["per_profile"].values())
    share = report["submissions_receipted"] / meant if meant else 1.0
    if share < thresholds.receipted_share:
        failed.append(f"receipted share {share:.2f} < {thresholds.receipted_share}")
    for row in report["latency"]:
        cap = thresholds.p99_ms.get(row["request"])
        if cap is not None and row["p99_ms"] > cap:
            failed.append(f"{row['profile']} {row['request']} p99 {row['p99_ms']:.0f} ms > {cap}")
    return failed
