"""``sensus trial run --against-demo``: one command, a demo server, a flaky network, a report.

The command runs as a newcomer runs it (its own process: Locust patches the standard library
with gevent as it is imported, which must not happen to the test process). Only loopback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sensus.config import ROOT

# One test of a few tens of seconds: keep it on one worker, apart from the other slow ones.
pytestmark = pytest.mark.xdist_group("trial")


def test_a_flaky_trial_against_the_demo_loses_nothing_and_stores_nothing_twice(
    tmp_path: Path,
) -> None:
    report = tmp_path / "report"
    command = [
        sys.executable, "-m", "sensus.cli", "trial", "run", "--against-demo",
        "--households", "30", "--profile", "flaky", "--duration", "20s", "--pace", "0.2",
        "--report", str(report),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    figures = json.loads((report / "report.json").read_text())
    assert (figures["lost"], figures["duplicated"]) == (0, 0)
    assert figures["verification"]["method"] == "database"
    # Something went through the bad network, and was checked, on both sides of the census.
    assert figures["submissions_receipted"] > 0
    assert figures["verification"]["checked_households"] > 0
    assert figures["officer_records_acknowledged"] > 0
    proxy = figures["setup"]["proxy"]["flaky"]
    assert proxy["reset_mid_response"] + proxy["reset_after_request"] > 0
    assert "lost: 0   duplicated: 0   GO" in done.stdout
    assert (report / "report.html").read_text().count("<svg") >= 3


def test_every_network_profile_loses_nothing_and_stores_nothing_twice(tmp_path: Path) -> None:
    report = tmp_path / "report"
    command = [
        sys.executable, "-m", "sensus.cli", "trial", "run", "--against-demo",
        "--households", "30", "--profile", "4g,3g,2g,flaky,last_day", "--duration", "25s",
        "--pace", "0.2", "--report", str(report),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    figures = json.loads((report / "report.json").read_text())
    assert (figures["lost"], figures["duplicated"]) == (0, 0)
    assert sorted(figures["per_profile"]) == ["2g", "3g", "4g", "flaky", "last_day"]
    for name, profile in figures["per_profile"].items():
        assert profile["households"] == 6, name
        assert profile["receipted"] > 0, name
