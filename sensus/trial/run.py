"""``sensus trial run``: one command from a target to a verified report.

1. The target: ``--url`` (a running deployment) or ``--against-demo`` (a demo server this
   starts: ``sensus demo`` into an SQLite file in a temporary folder, then ``sensus serve``
   on a free port of 127.0.0.1, in processes of their own).
2. One fault proxy per network profile, on 127.0.0.1, in front of the target; blackouts and
   surges are played on them while the trial runs.
3. The load: Locust in a process of its own (``sensus.trial.load``), households and
   officers spread over the profiles.
4. The verification: against the database when the trial knows it (the demo, or
   ``--database-url``), else through the API (each receipt fetched and compared).
5. The report (``--report DIR``: report.html, report.json) and a go / no-go exit code.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sensus.domain.identity import make_kk, make_nik
from sensus.services.demo import DEFAULT_SEED, demo_cards
from sensus.services.demo_field import DEMO_PASSWORD, DEMO_STAFF
from sensus.services.trial_check import verify_in_database
from sensus.trial import netns
from sensus.trial import report as reports
from sensus.trial.faultproxy import FaultProxy, Faults, running_proxy
from sensus.trial.journeys import TrialHousehold
from sensus.trial.profiles import Profile
from sensus.trial.thresholds import Thresholds, judge

# The demo server's client timings: short, as the browser tests use, so a trial of a few
# hundred households takes seconds; a real deployment's own timings are read from its page.
DEMO_CLIENT = {"SENSUS_CLIENT_RETRY_BASE_MS": "300", "SENSUS_CLIENT_RETRY_CAP_MS": "3000"}


@dataclass(frozen=True)
class TrialOptions:
    profiles: list[Profile]
    households: int = 300
    url: str | None = None  # None: a demo server of our own
    database_url: str | None = None  # verify against this database (else through the API)
    duration_s: float = 600.0
    seed: int = DEFAULT_SEED
    users: int = 50  # journeys played at once
    officers: int = 2
    officer_logins: tuple[tuple[str, str], ...] = ()  # (username, password); default: demo's
    interviews: int = 10  # per officer
    think_s: float = 2.0  # mean pause between bursts of typing
    day_s: float = 2.0  # an officer's "day" offline
    registered_share: float = 0.1
    second_device_share: float = 0.15
    give_up_share: float = 0.1
    thresholds: Thresholds = field(default_factory=Thresholds)
    network: str = "auto"  # auto: the kernel shapes when it may (root, ip netns); proxy: never


@dataclass(frozen=True)
class Target:
    url: str
    database_url: str | None
    census_date: str
    retry_base_ms: int
    retry_cap_ms: int
    demo: bool


def run_trial(
    options: TrialOptions,
    report_dir: Path | None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Play the trial and return the report (written to ``report_dir`` when given)."""
    with ExitStack() as stack:
        if options.url is None:
            target = stack.enter_context(demo_server(options.households, options.seed))
        else:
            target = remote_target(options.url, options.database_url)
        upstream = urlsplit(target.url)
        host, port = upstream.hostname or "127.0.0.1", upstream.port or 80
        namespace, network = _client_network(stack, options)
        listen = namespace.host_ip if namespace else "127.0.0.1"
        faults = {p.name: _proxy_faults(p, namespace) for p in options.profiles}
        proxies: dict[str, FaultProxy] = {}
        for number, profile in enumerate(options.profiles):
            proxy = stack.enter_context(
                running_proxy(host, port, faults=faults[profile.name],
                              seed=options.seed + number, host=listen)
            )  # fmt: skip
            proxies[profile.name] = proxy
        if namespace is not None:
            ports = {name: proxy.port for name, proxy in proxies.items()}
            netns.shape(namespace, netns.links_for(options.profiles, ports, options.users))
            network = namespace.describe()
        stop = threading.Event()
        stack.callback(stop.set)
        for profile in options.profiles:
            if profile.blackout_every_s:
                start_blackouts(
                    proxies[profile.name], profile, stop, options.seed, faults[profile.name]
                )
        spec = build_spec(options, target, {name: p.url for name, p in proxies.items()})
        run = play(spec, progress, namespace.exec_prefix if namespace else [])
        stop.set()
        proxy_stats = {name: proxy.stats.snapshot() for name, proxy in proxies.items()}
        verification = verify(target, run)
    setup = {
        "target": "demo server (embedded SQLite)" if target.demo else target.url,
        "network": network,
        "profiles": [p.name for p in options.profiles],
        "profile_faults": {p.name: asdict(p.faults) for p in options.profiles},
        "proxy_faults": {name: asdict(f) for name, f in faults.items()},
        "proxy": proxy_stats,
        "households_asked": options.households,
        "seed": options.seed,
        "retry": {"base_ms": target.retry_base_ms, "cap_ms": target.retry_cap_ms},
        "duration_s": options.duration_s,
        "thresholds": asdict(options.thresholds),
    }
    summary = reports.summarise(run, verification, setup)
    failed = judge(options.thresholds, summary)
    summary["thresholds_failed"] = failed
    summary["go"] = summary["go"] and not failed
    if report_dir is not None:
        reports.write(summary, report_dir)
    return summary


def _client_network(
    stack: ExitStack, options: TrialOptions
) -> tuple[netns.Namespace | None, dict[str, str]]:
    """The clients' namespace when the kernel may shape their traffic (root, ``ip netns``),
    else None; and what the report says of the network (``setup.network``)."""
    if options.network == "proxy":
        return None, netns.proxy_only("--network proxy")
    reason = netns.unavailable()
    if reason is not None:
        return None, netns.proxy_only(reason)
    try:
        namespace = stack.enter_context(netns.client_namespace())
    except netns.NamespaceError as error:
        return None, netns.proxy_only(f"no network namespace: {error}")
    return namespace, namespace.describe()


def _proxy_faults(profile: Profile, namespace: netns.Namespace | None) -> Faults:
    """What the proxy still does when netem adds the latency and jitter in the kernel."""
    if namespace is None or not namespace.netem:
        return profile.faults
    return replace(profile.faults, latency_ms=0, jitter_ms=0)


def merge_ledgers(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The ledgers of several load machines as one run (their clocks start together)."""
    merged: dict[str, Any] = {
        "elapsed_s": 0.0,
        "households": [],
        "officers": [],
        "retries": {},
        "errors": {},
        "samples": [],
        "not_started": 0,
    }
    for part in parts:
        merged["elapsed_s"] = max(merged["elapsed_s"], part["elapsed_s"])
        for key in ("households", "officers", "samples"):
            merged[key].extend(part[key])
        for key in ("retries", "errors"):
            for kind, count in part[key].items():
                merged[key][kind] = merged[key].get(kind, 0) + count
        merged["not_started"] += part["not_started"]
    return merged


def report_of_ledgers(
    spec: dict[str, Any],
    parts: list[dict[str, Any]],
    database_url: str | None,
    report_dir: Path | None,
) -> dict[str, Any]:
    """Verify and report a trial played elsewhere (by Locust's workers, docs/trial.md)."""
    run = merge_ledgers(parts)
    target = Target(spec.get("target", ""), database_url, spec["census_date"],
                    spec["rules"]["base_ms"], spec["rules"]["cap_ms"], demo=False)  # fmt: skip
    verification = verify(target, run)
    profiles = sorted(spec["proxies"])
    setup = {"target": target.url, "network": "each load machine's fault proxy",
             "profiles": profiles, "load_machines": len(parts)}  # fmt: skip
    summary = reports.summarise(run, verification, setup)
    failed = judge(Thresholds(), summary)
    summary["thresholds_failed"] = failed
    summary["go"] = summary["go"] and not failed
    if report_dir is not None:
        reports.write(summary, report_dir)
    return summary


def build_spec(options: TrialOptions, target: Target, proxies: dict[str, str]) -> dict[str, Any]:
    """What the load process plays: each journey with its profile, plan and start time."""
    rng = random.Random(options.seed)  # noqa: S311 - who does what in the trial
    names = [p.name for p in options.profiles]
    surges = {p.name for p in options.profiles if p.surge}
    ramp = options.duration_s * 0.6

    def start(profile: str) -> float:
        if profile in surges:  # arrivals grow linearly towards the deadline
            return round(ramp * math.sqrt(rng.random()), 3)
        return round(rng.random() * min(2.0, options.duration_s / 10), 3)

    jobs = []
    for index, household in enumerate(trial_households(options)):
        profile = names[index % len(names)]
        plan = {
            "second_device": rng.random() < options.second_device_share,
            "gives_up": rng.random() < options.give_up_share,
            "autosaves": 3,
            "think_s": options.think_s,
        }
        jobs.append({"household": asdict(household), "profile": profile, "plan": plan,
                     "seed": rng.getrandbits(32), "start_s": start(profile)})  # fmt: skip
    logins = options.officer_logins or tuple(
        (row.username, DEMO_PASSWORD) for row in DEMO_STAFF if row.role == "officer"
    )
    officers = [
        {"username": logins[i % len(logins)][0], "password": logins[i % len(logins)][1],
         "profile": names[i % len(names)], "interviews": options.interviews,
         "day_s": options.day_s, "cut_off": i % 2 == 0, "seed": rng.getrandbits(32),
         "start_s": start(names[i % len(names)])}
        for i in range(options.officers if logins else 0)
    ]  # fmt: skip
    return {
        "target": target.url,
        "proxies": proxies,
        "households": jobs,
        "officers": officers,
        "census_date": target.census_date,
        "rules": {"base_ms": target.retry_base_ms, "cap_ms": target.retry_cap_ms},
        "duration_s": options.duration_s,
        "users": options.users,
    }


def trial_households(options: TrialOptions) -> list[TrialHousehold]:
    """The registry's first households (``sensus demo``'s, same seed) and a share of
    households it does not know, made up to register themselves."""
    rng = random.Random(options.seed + 1)  # noqa: S311 - synthetic people
    unknown = round(options.households * options.registered_share)
    cards = list(demo_cards(options.households - unknown, options.seed))
    households = [TrialHousehold(i, c.kk, c.members[0].nik) for i, c in enumerate(cards)]
    for number in range(unknown):
        households.append(_unknown_household(len(households), number, options.seed, rng))
    rng.shuffle(households)
    return households


def _unknown_household(index: int, number: int, seed: int, rng: random.Random) -> TrialHousehold:
    """A family the registry does not know: a KK issued after the extract, in Mantuil."""
    district, village = "637101", "6371011001"
    born = date(1980, 1, 1) + timedelta(days=rng.randint(0, 7000))
    sex = rng.choice((1, 2))
    serial = 5000 + (seed + number) % 4000
    kk = make_kk(district, date(2026, 7, 1) + timedelta(days=number % 150), serial)
    nik = make_nik(district, born, sex, serial)
    registrant = {
        "nama": rng.choice(("Siti Aminah", "Muhammad Rizki", "Nur Hasanah", "Ahmad Fauzi")),
        "nik": nik,
        "jenis_kelamin": sex,
        "tempat_lahir": "Banjarmasin",
        "tanggal_lahir": born.isoformat(),
        "hubungan": 1,
        "agama": 1,
        "status_kawin": 2,
    }
    return TrialHousehold(
        index, kk, nik, registered=True, village_code=village, rt="007", rw="003",
        address=f"Jl. Tembus Mantuil No. {number + 1}", registrant=registrant,
    )  # fmt: skip


def play(
    spec: dict[str, Any],
    progress: Callable[[int, int], None] | None,
    prefix: list[str] | None = None,
) -> dict[str, Any]:
    """Run the load process over ``spec`` (inside ``prefix``: ``ip netns exec NAME``) and
    return what it wrote."""
    with tempfile.TemporaryDirectory(prefix="sensus-trial-") as folder:
        spec_path, out_path = Path(folder) / "spec.json", Path(folder) / "out.json"
        spec_path.write_text(json.dumps({**spec, "progress_path": str(Path(folder) / "progress")}))
        command = [*(prefix or []), sys.executable, "-m", "sensus.trial.load"]
        command += [str(spec_path), str(out_path)]
        log = (Path(folder) / "load.log").open("w")
        load = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        total = len(spec["households"]) + len(spec["officers"])
        try:
            while load.poll() is None:
                if progress is not None:
                    progress(_progress(Path(folder) / "progress"), total)
                time.sleep(0.25)
        finally:
            if load.poll() is None:
                load.kill()
                load.wait()
            log.close()
        if load.returncode != 0 or not out_path.exists():
            tail = (Path(folder) / "load.log").read_text()[-3000:]
            raise RuntimeError(f"the load process failed ({load.returncode}):\n{tail}")
        result: dict[str, Any] = json.loads(out_path.read_text())
        return result


def _progress(path: Path) -> int:
    try:
        return int(path.read_text() or 0)
    except (OSError, ValueError):
        return 0


def verify(target: Target, run: dict[str, Any]) -> dict[str, Any]:
    if target.database_url is not None:
        checked = verify_in_database(target.database_url, run["households"], run["officers"])
        return checked.as_dict()
    return verify_through_api(run)


def verify_through_api(run: dict[str, Any]) -> dict[str, Any]:
    """Without the database: each receipt the clients held was fetched again and compared
    (``GET /self-response/receipt`` at the end of each journey). A receipt that did not come
    back the same counts as lost; officers' records cannot be checked this way."""
    lost = [
        {"household": h["ref"], "index": h["index"], "profile": h["profile"],
         "reason": "the receipt fetched again differs or did not come"}
        for h in run["households"]
        if h["outcome"] == "receipted" and not h["receipt_checked"]
    ]  # fmt: skip
    return {
        "method": "api",
        "checked_households": sum(h["outcome"] == "receipted" for h in run["households"]),
        "checked_records": 0,
        "lost": len(lost),
        "duplicated": 0,
        "offenders": {"lost": lost, "duplicated": []},
    }


def remote_target(url: str, database_url: str | None) -> Target:
    parts = urlsplit(url)
    if parts.scheme != "http":
        raise ValueError("the trial's proxy speaks plain HTTP: give the http:// address")
    base, cap = _client_timings(url)
    return Target(url.rstrip("/"), database_url, _census_date(url), base, cap, demo=False)


@contextmanager
def demo_server(households: int, seed: int) -> Iterator[Target]:
    """A demo registry in a temporary SQLite file, served on a free port of 127.0.0.1."""
    with tempfile.TemporaryDirectory(prefix="sensus-trial-demo-") as folder:
        database_url = f"sqlite:///{Path(folder) / 'sensus.db'}"
        env = {**os.environ, "SENSUS_DATABASE_URL": database_url, **DEMO_CLIENT}
        cli = [sys.executable, "-m", "sensus.cli"]
        subprocess.run(  # noqa: S603 - our own command line
            [*cli, "demo", "--households", str(households), "--seed", str(seed)],
            env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        port = _free_port()
        log = (Path(folder) / "server.log").open("w")
        server = subprocess.Popen(  # noqa: S603 - our own command line
            [*cli, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_for(url, server)
            base, cap = _client_timings(url)
            yield Target(url, database_url, _census_date(url), base, cap, demo=True)
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180  # a start took over 60 s on a machine at load 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the demo server stopped as it started")
        try:
            _get(f"{url}/api/v1/schedule")
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the demo server did not answer within 180 s")


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - http(s) only
        body: bytes = answer.read()
        return body


def _census_date(url: str) -> str:
    return str(json.loads(_get(f"{url}/api/v1/schedule"))["census_date"])


def _client_timings(url: str) -> tuple[int, int]:
    """The retry timings the deployment gives its own pages (``data-retry-*-ms``)."""
    page = _get(f"{url}/shell/household?lang=id").decode()
    base = re.search(r'data-retry-base-ms="(\d+)"', page)
    cap = re.search(r'data-retry-cap-ms="(\d+)"', page)
    return (int(base.group(1)) if base else 2000, int(cap.group(1)) if cap else 300_000)


def start_blackouts(
    proxy: FaultProxy,
    profile: Profile,
    stop: threading.Event,
    seed: int,
    faults: Faults | None = None,
) -> None:
    """Now and then the network goes away for a few seconds, then comes back (to ``faults``,
    the profile's own by default)."""
    normal = faults or profile.faults
    rng = random.Random(seed)  # noqa: S311 - when the network fails, not secrets
    every = profile.blackout_every_s or 0.0
    low, high = profile.blackout_s

    def play() -> None:
        while not stop.wait(rng.expovariate(1 / every)):
            proxy.set_faults(replace(normal, blackout=True))
            stop.wait(rng.uniform(low, high))
            proxy.set_faults(normal)

    threading.Thread(target=play, name=f"blackouts-{profile.name}", daemon=True).start()
