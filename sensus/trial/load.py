"""The load engine: Locust, headless, from code (``python -m sensus.trial.load SPEC OUT``).

The trial's parent process (``sensus.trial.run``) writes what to play into ``SPEC`` (JSON:
the households and officers, their profiles and the proxy in front of the server for each)
and runs this module in a process of its own: Locust patches the standard library with
gevent as it is imported, which must never happen to the parent (its fault proxies run on
asyncio) nor to a test process. Each Locust user takes the next journey from a shared queue,
plays it through its profile's proxy and keeps the ledger entry; when every journey has
ended, or the trial's time is up, the runner stops and ``OUT`` receives the ledger, every
request's timing and the retries and errors by kind.

For more than one load machine, run Locust's own master and workers over the same
``TrialUser`` (docs/trial.md); this module is the single-machine case.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import deque
from dataclasses import asdict
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, constant, events, task
from locust.clients import HttpSession
from locust.env import Environment
from locust.exception import StopUser

from sensus.trial.journeys import (
    Answer,
    Caller,
    HouseholdEntry,
    Plan,
    Respondent,
    Tally,
    TrialHousehold,
)
from sensus.trial.officers import Officer, OfficerEntry
from sensus.trial.retry import RetryRules

REQUEST_TIMEOUT = (10.0, 60.0)  # connect, read: a 2G phone waits a long time


class LocustTransport:
    """One simulated device over Locust's HTTP session: its timings go to Locust's stats."""

    def __init__(self, user: TrialUser, base_url: str, profile: str) -> None:
        self.user, self.base_url, self.profile = user, base_url, profile
        self.session = self._new_session()

    def _new_session(self) -> HttpSession:
        return HttpSession(self.base_url, self.user.environment.events.request, self.user)

    def send(
        self,
        method: str,
        path: str,
        *,
        kind: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
    ) -> Answer:
        response = self.session.request(
            method, path, name=kind, json=body, headers=headers,
            timeout=timeout or REQUEST_TIMEOUT, context={"profile": self.profile},
        )  # fmt: skip
        if response.status_code == 0:
            error = getattr(response, "error", None)
            return Answer(0, None, error=type(error).__name__ if error else "no_answer")
        retry_after = response.headers.get("Retry-After")
        if response.headers.get("content-type", "").startswith("application/json"):
            try:
                parsed: Any = response.json()
            except ValueError:
                return Answer(0, None, error="cut_body")
        else:
            parsed = response.text
        return Answer(response.status_code, parsed, retry_after)

    def forget_cookies(self) -> None:
        self.session = self._new_session()


class Trial:
    """What the users share: the queue of journeys, the ledger, the samples."""

    def __init__(self, spec: dict[str, Any], part: tuple[int, int] = (0, 1)) -> None:
        self.spec = spec
        self.started = time.monotonic()
        index, parts = part  # a load machine of several plays every parts-th journey
        jobs = (spec["households"] + spec["officers"])[index::parts]
        self.jobs: deque[dict[str, Any]] = deque(sorted(jobs, key=lambda job: job["start_s"]))
        self.total = len(self.jobs)
        self.finished = 0
        self.households: list[HouseholdEntry] = []
        self.officers: list[OfficerEntry] = []
        self.tally = Tally()
        self.samples: list[tuple[float, str, str, float, int]] = []
        self.rules = RetryRules(**spec["rules"])


TRIAL: Trial | None = None


class TrialUser(HttpUser):
    """A worker that plays journeys one after the other until none is left."""

    host = "http://127.0.0.1"  # each journey names its own profile's proxy
    wait_time = constant(0)

    @task
    def play(self) -> None:
        trial = TRIAL
        assert trial is not None
        if not trial.jobs:
            raise StopUser()
        job = trial.jobs.popleft()
        delay = job["start_s"] - (time.monotonic() - trial.started)
        if delay > 0:
            gevent.sleep(delay)
        try:
            if "username" in job:
                self._officer(trial, job)
            else:
                self._respondent(trial, job)
        finally:
            trial.finished += 1

    def _caller(self, trial: Trial, job: dict[str, Any], rng: random.Random) -> Caller:
        transport = LocustTransport(self, trial.spec["proxies"][job["profile"]], job["profile"])
        return Caller(transport, trial.rules, rng, gevent.sleep, trial.tally)

    def _respondent(self, trial: Trial, job: dict[str, Any]) -> None:
        rng = random.Random(job["seed"])  # noqa: S311 - synthetic behaviour, not secrets
        household = TrialHousehold(**job["household"])
        path = "registered" if household.registered else "registry"
        entry = HouseholdEntry(household.index, job["profile"], path)
        trial.households.append(entry)
        journey = Respondent(
            self._caller(trial, job, rng), household, Plan(**job["plan"]), entry,
            trial.spec["census_date"], rng, gevent.sleep,
        )  # fmt: skip
        journey.run()

    def _officer(self, trial: Trial, job: dict[str, Any]) -> None:
        rng = random.Random(job["seed"])  # noqa: S311 - synthetic behaviour, not secrets
        entry = OfficerEntry(job["username"], job["profile"])
        trial.officers.append(entry)
        journey = Officer(
            self._caller(trial, job, rng), job["username"], job["password"], entry,
            trial.spec["census_date"], rng, gevent.sleep, interviews=job["interviews"],
            day_s=job["day_s"], cut_off=job["cut_off"],
        )  # fmt: skip
        journey.run()


def start_trial(
    spec: dict[str, Any], environment: Environment, part: tuple[int, int] = (0, 1)
) -> Trial:
    """Make ``spec`` (or this machine's part of it) the journeys ``TrialUser`` plays."""
    global TRIAL
    trial = TRIAL = Trial(spec, part)

    def sample(request_type: str, name: str, response_time: float, context: dict[str, Any],
               exception: BaseException | None = None, response: Any = None,
               **_: Any) -> None:  # fmt: skip
        status = getattr(response, "status_code", 0) or 0
        moment = time.monotonic() - trial.started
        trial.samples.append((round(moment, 3), context.get("profile", ""), name,
                              round(response_time, 1), int(status)))  # fmt: skip

    environment.events.request.add_listener(sample)  # type: ignore[no-untyped-call]
    return trial


def results(trial: Trial) -> dict[str, Any]:
    """The ledger, the timings and the tallies, JSON-ready; journeys cut short marked so."""
    for entry in trial.households:
        if entry.outcome == "started":
            entry.outcome = "unfinished"
    for officer in trial.officers:
        if officer.outcome == "started":
            officer.outcome = "unfinished"
    return {
        "elapsed_s": round(time.monotonic() - trial.started, 3),
        "households": [asdict(entry) for entry in trial.households],
        "officers": [asdict(entry) for entry in trial.officers],
        "retries": dict(trial.tally.retries),
        "errors": dict(trial.tally.errors),
        "samples": trial.samples,
        "not_started": len(trial.jobs),
    }


def run(spec: dict[str, Any]) -> dict[str, Any]:
    """Play ``spec`` with a local Locust runner; the results as a JSON-ready dict."""
    environment = Environment(user_classes=[TrialUser], events=events)
    trial = start_trial(spec, environment)
    runner = environment.create_local_runner()
    users = max(1, min(spec["users"], trial.total))
    runner.start(users, spawn_rate=max(users, 1))
    deadline = trial.started + spec["duration_s"]
    progress = Path(spec["progress_path"]) if spec.get("progress_path") else None

    def watch() -> None:
        while trial.finished < trial.total and time.monotonic() < deadline:
            if progress is not None:
                progress.write_text(str(trial.finished))
            gevent.sleep(0.25)
        runner.quit()

    gevent.spawn(watch)
    runner.greenlet.join()
    return results(trial)


def main() -> None:
    spec_path, out_path = Path(sys.argv[1]), Path(sys.argv[2])
    result = run(json.loads(spec_path.read_text()))
    out_path.write_text(json.dumps(result))


if __name__ == "__main__":
    main()
