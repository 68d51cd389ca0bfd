"""A trial's go / no-go: lost or duplicated records, and the thresholds of a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sensus.trial import report as reports
from sensus.trial.thresholds import Thresholds, judge


def summary(lost: int = 0, duplicated: int = 0, receipted: int = 8) -> dict[str, Any]:
    households = [
        {"index": i, "profile": "flaky", "path": "registry", "ref": f"h{i}", "devices": 1,
         "outcome": "receipted" if i < receipted else "unfinished"}
        for i in range(10)
    ]  # fmt: skip
    run = {"samples": [[0.5, "flaky", "submit", 900.0 + i, 201] for i in range(100)],
           "households": households, "officers": [], "elapsed_s": 10.0, "not_started": 0,
           "retries": {}, "errors": {}}  # fmt: skip
    verification = {"method": "database", "checked_households": 10, "checked_records": 0,
                    "lost": lost, "duplicated": duplicated,
                    "offenders": {"lost": [], "duplicated": []}}  # fmt: skip
    return reports.summarise(run, verification, {"profiles": ["flaky"]})


def test_nothing_lost_nor_duplicated_is_go_by_default() -> None:
    figures = summary()
    assert figures["go"] and judge(Thresholds(), figures) == []


@pytest.mark.parametrize(("lost", "duplicated"), [(1, 0), (0, 1)])
def test_one_lost_or_duplicated_record_is_no_go(lost: int, duplicated: int) -> None:
    figures = summary(lost, duplicated)
    assert not figures["go"]
    assert len(judge(Thresholds(), figures)) == 1


def test_thresholds_from_a_file_judge_the_share_receipted_and_the_p99(tmp_path: Path) -> None:
    path = tmp_path / "thresholds.json"
    path.write_text(json.dumps({"receipted_share": 0.9, "p99_ms": {"submit": 950}}))
    failed = judge(Thresholds.load(path), summary(receipted=8))
    assert failed == ["receipted share 0.80 < 0.9", "flaky submit p99 998 ms > 950"]


def test_an_unknown_threshold_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "thresholds.json"
    path.write_text(json.dumps({"lsot": 0}))
    with pytest.raises(ValueError, match="lsot"):
        Thresholds.load(path)


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert [reports.percentile(values, share) for share in (50, 95, 99)] == [50.0, 95.0, 99.0]
    assert reports.percentile([], 99) == 0.0
