"""Locust's own entry point, for a trial on more than one load machine (docs/trial.md).

    SENSUS_TRIAL_SPEC=spec.json SENSUS_TRIAL_OUT=ledgers SENSUS_TRIAL_WORKERS=4 \\
        locust -f sensus/trial/locustfile.py --worker --master-host=10.0.0.1

Every worker reads the same spec (``sensus trial plan``) and plays its share of the
journeys (worker ``i`` of ``n``: every ``n``-th, from the ``i``-th); when it stops it writes
its ledger to ``$SENSUS_TRIAL_OUT/ledger-<i>.json`` for ``sensus trial verify``. The master
(``locust -f sensus/trial/locustfile.py --master --expect-workers n --headless -u U -r U
--run-time 30m``) only counts and spreads the users.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from locust import events
from locust.env import Environment
from locust.runners import MasterRunner

from sensus.trial.load import Trial, TrialUser, results, start_trial

__all__ = ["TrialUser"]

_PLAYING: list[Trial] = []


def _start(environment: Environment, **_: Any) -> None:
    if isinstance(environment.runner, MasterRunner):
        return
    spec = json.loads(Path(os.environ["SENSUS_TRIAL_SPEC"]).read_text())
    index = getattr(environment.runner, "worker_index", 0)
    parts = int(os.environ.get("SENSUS_TRIAL_WORKERS", "1"))
    _PLAYING.append(start_trial(spec, environment, (index, parts)))


def _quit(environment: Environment, **_: Any) -> None:
    if not _PLAYING:
        return
    folder = Path(os.environ.get("SENSUS_TRIAL_OUT", "."))
    folder.mkdir(parents=True, exist_ok=True)
    index = getattr(environment.runner, "worker_index", 0)
    (folder / f"ledger-{index}.json").write_text(json.dumps(results(_PLAYING[0])))


events.test_start.add_listener(_start)  # type: ignore[no-untyped-call]
events.quitting.add_listener(_quit)  # type: ignore[no-untyped-call]
