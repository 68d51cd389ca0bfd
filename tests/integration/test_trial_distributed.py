"""The trial on Locust's distributed mode: a master and one worker process, on loopback.

As docs/trial.md tells an administrator with several load machines: plan once (``sensus
trial plan``), a fault proxy per profile on the load machine, ``locust --master`` and
``locust --worker`` with the spec, then ``sensus trial verify`` over the worker's ledger
against the database. Bounded: a few dozen households on the 4g profile, a fixed run time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sensus.config import ROOT
from sensus.trial.faultproxy import running_proxy
from sensus.trial.profiles import PROFILES
from sensus.trial.run import demo_server
from tests.serving import free_port

pytestmark = pytest.mark.xdist_group("trial")

HOUSEHOLDS = 24


def test_a_master_and_a_worker_play_the_trial_and_it_verifies(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cli = [sys.executable, "-m", "sensus.cli", "trial"]
    locust = [str(Path(sys.executable).parent / "locust"), "-f",
              str(ROOT / "sensus" / "trial" / "locustfile.py")]  # fmt: skip
    with demo_server(HOUSEHOLDS, 2020) as target:
        host, port = target.url.removeprefix("http://").split(":")
        proxy_port = free_port()
        with running_proxy(host, int(port), faults=PROFILES["4g"].faults, port=proxy_port):
            spec = tmp_path / "spec.json"
            planned = subprocess.run(
                [*cli, "plan", "--url", target.url, "--households", str(HOUSEHOLDS),
                 "--profile", "4g", "--proxy-port", str(proxy_port), "--duration", "40s",
                 "--officers", "1", "--pace", "0.1", "--out", str(spec)],
                env=env, capture_output=True, text=True, timeout=300,
            )  # fmt: skip
            assert planned.returncode == 0, planned.stderr
            master_port = free_port()
            master = subprocess.Popen(
                [*locust, "--master", "--headless", "--expect-workers", "1", "-u", "8",
                 "-r", "8", "--run-time", "40s", "--master-bind-host", "127.0.0.1",
                 "--master-bind-port", str(master_port), "--only-summary"],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )  # fmt: skip
            ledgers = tmp_path / "ledgers"
            worker_env = env | {"SENSUS_TRIAL_SPEC": str(spec), "SENSUS_TRIAL_WORKERS": "1",
                                "SENSUS_TRIAL_OUT": str(ledgers)}  # fmt: skip
            worker = subprocess.Popen(
                [*locust, "--worker", "--master-host", "127.0.0.1",
                 "--master-port", str(master_port)],
                env=worker_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )  # fmt: skip
            try:
                master_out, _ = master.communicate(timeout=300)
                worker_out, _ = worker.communicate(timeout=120)
            finally:
                for process in (master, worker):
                    if process.poll() is None:
                        process.kill()
                        process.wait()
        assert sorted(p.name for p in ledgers.glob("*.json")) == ["ledger-0.json"], (
            master_out[-2000:] + worker_out[-2000:]
        )
        report = tmp_path / "report"
        verified = subprocess.run(
            [*cli, "verify", str(spec), str(ledgers / "ledger-0.json"),
             "--database-url", str(target.database_url), "--report", str(report)],
            env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert verified.returncode == 0, verified.stdout + verified.stderr[-3000:]
    figures = json.loads((report / "report.json").read_text())
    assert (figures["lost"], figures["duplicated"]) == (0, 0)
    assert figures["verification"]["method"] == "database"
    assert figures["submissions_receipted"] > 0
    assert figures["setup"]["load_machines"] == 1
