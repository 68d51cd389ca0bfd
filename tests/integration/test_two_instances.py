"""Two instances of sensus on one PostgreSQL behind nginx: nothing is kept in one process.

Given two real ``sensus serve`` processes on one PostgreSQL schema and Debian's nginx in
front of them (with ``deploy/nginx/sensus-proxy.conf``, the file a deployment includes),
when households sign in, autosave and submit through nginx at the same time (a bounded load,
loopback only, with retries after 503s and after answers lost on the way), then every
household's record is stored exactly once, its draft holds every autosave, a session made on
one instance works on the other and signing out on one ends it on both, and the door's
counters (per KK and per client address, the address taken from nginx's X-Forwarded-For)
hold across both instances (ADR 0019, docs/OPERATIONS.md).

Needs PostgreSQL (``SENSUS_TEST_POSTGRES_URL``) and nginx (``.ci/run`` installs it).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from sqlalchemy import Engine, select

from sensus.domain.identity import FEMALE, MALE, make_kk, make_nik
from sensus.services.registry import import_registry
from sensus.storage.database import Database
from sensus.storage.tables import draft_versions, households, submissions
from tests.conftest import POSTGRES_URL, _empty_postgres
from tests.documents import registry_document
from tests.registry_files import DISTRICT, VILLAGE, Person, RegistryHousehold, write_registry_csv
from tests.serving import free_port

ROOT = Path(__file__).resolve().parents[2]
PROXY_CONF = ROOT / "deploy" / "nginx" / "sensus-proxy.conf"
SELF = "/api/v1/self-response"
PASSWORD = "kata-sandi-dua-instans"
LOADED = 24  # households in the mixed load
AUTOSAVES = 5
ADDRESS_LIMIT = 8  # failures per client address per hour, small enough to reach here
UNKNOWN_NIK = make_nik(DISTRICT, date(1990, 1, 1), MALE, 9999)
# nginx's own scratch folders, in the test's tmp (Debian's defaults are under /var/lib/nginx).
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
DEADLINE_S = 60  # the load stops by itself, whatever happens
TIMEOUT_S = 30  # per request: generous, for a machine busy with other work

pytestmark = [
    pytest.mark.skipif(not POSTGRES_URL, reason="SENSUS_TEST_POSTGRES_URL is not set"),
    pytest.mark.xdist_group("two_instances"),
]


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if found is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light; .ci/run does)")
    return found


# -- the cast -------------------------------------------------------------------------------


def _cast() -> tuple[RegistryHousehold, ...]:
    """Households of two: a head and a spouse, every number synthetic."""
    made = []
    for n in range(LOADED + 2):
        born = date(1970, 1, 1) + timedelta(days=97 * n)
        members = (
            Person(make_nik(DISTRICT, born, MALE, 2 * n + 1), f"Kepala {n}", MALE,
                   "Banjarmasin", born, 1, 1, 2),
            Person(make_nik(DISTRICT, born, FEMALE, 2 * n + 2), f"Istri {n}", FEMALE,
                   "Banjarmasin", born, 3, 1, 2),
        )  # fmt: skip
        kk = make_kk(DISTRICT, date(2012, 1, 1) + timedelta(days=n), 300 + n)
        made.append(
            RegistryHousehold(kk, f"Jl. Dua Instans No. {n}", "001", "001", VILLAGE, members)
        )
    return tuple(made)


CAST = _cast()  # LOADED households in the load, then one for sessions and one for the door


# -- the deployment: two instances and nginx ------------------------------------------------


@dataclass(frozen=True)
class Deployment:
    front: str  # nginx
    instances: tuple[str, str]  # each instance, directly


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120  # a start took up to 30 s here under load 12
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-3000:]
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not become ready: {log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def nginx_conf(tmp: Path, port: int, upstreams: list[int]) -> Path:
    """A whole nginx.conf around the deployment's own proxy settings."""
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstreams)
    temp = "\n".join(f"    {kind}_temp_path {tmp / kind};" for kind in TEMP_PATHS)
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"""worker_processes 1;
pid {tmp / "nginx.pid"};
error_log {tmp / "nginx-error.log"} warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
{temp}
    upstream sensus {{
        least_conn;
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            include {PROXY_CONF};
        }}
    }}
}}
"""
    )
    return conf


@contextmanager
def deployment(engine: Engine, tmp: Path) -> Iterator[Deployment]:
    nginx = nginx_binary()
    ports = [free_port(), free_port()]
    env = os.environ | {
        "PYTHONPATH": str(ROOT),  # this checkout's sensus, whatever the venv points at
        "SENSUS_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "SENSUS_SECRET_KEY": "the-same-secret-on-every-instance",
        "SENSUS_TRUSTED_PROXIES": "127.0.0.1",
        "SENSUS_SELF_RESPONSE_OPENS": "2020-01-01T00:00:00+07:00",
        "SENSUS_SELF_RESPONSE_CLOSES": "2099-12-31T23:59:00+07:00",
        "SENSUS_ADDRESS_FAILURES_PER_HOUR": str(ADDRESS_LIMIT),
        # Small per-instance budgets, so that the load meets 503s and the phones retry.
        "SENSUS_RETRY_AFTER_SECONDS": "1",
        "SENSUS_HASH_WORKERS": "1",
        "SENSUS_HASH_QUEUE": "1",
        "SENSUS_MAX_IN_FLIGHT": "6",
    }
    sensus = str(Path(sys.executable).parent / "sensus")
    with ExitStack() as stack:
        started = []
        for n, port in enumerate(ports):  # both start at once, then both are waited for
            log = tmp / f"instance-{n}.log"
            command = [sensus, "serve", "--host", "127.0.0.1", "--port", str(port)]
            process = _start(command, env, log)
            stack.callback(_stop, process)
            started.append((f"http://127.0.0.1:{port}", process, log))
        for url, process, log in started:
            _wait_for(url, process, log)
        front = free_port()
        for kind in TEMP_PATHS:
            (tmp / kind).mkdir()
        conf = nginx_conf(tmp, front, ports)
        command = [nginx, "-p", str(tmp), "-c", str(conf), "-g", "daemon off;"]
        proxy = _start(command, dict(os.environ), tmp / "nginx.log")
        stack.callback(_stop, proxy)
        _wait_for(f"http://127.0.0.1:{front}", proxy, tmp / "nginx.log")
        yield Deployment(
            front=f"http://127.0.0.1:{front}",
            instances=(f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}"),
        )


@pytest.fixture(scope="module")
def site(
    postgres_engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Deployment, Database]]:
    # The worker's own schema (tests/conftest.py), emptied: this module owns it while it runs.
    _empty_postgres(postgres_engine)
    tmp = tmp_path_factory.mktemp("two_instances")
    database = Database(postgres_engine)
    extract = write_registry_csv(tmp / "registry.csv", CAST)
    assert import_registry(database, extract).rejected == []
    with deployment(postgres_engine, tmp) as deployed:
        yield deployed, database


# -- a household's journey, with the retries a phone makes ----------------------------------


@dataclass
class Journey:
    household: RegistryHousehold
    submission_id: str
    autosaved: list[str]  # the addresses sent, in order
    receipts: list[str]  # the receipt code of each answer to the submission
    sent: dict[str, Any]


def send(client: httpx.Client, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """Send until the answer is not a 503 (load shedding), waiting as Retry-After says."""
    deadline = time.monotonic() + DEADLINE_S
    while True:
        response = client.request(method, path, **kwargs)
        if response.status_code != 503 or time.monotonic() > deadline:
            return response
        time.sleep(min(float(response.headers.get("retry-after", "1")), 1.0) * random.random())


def connect(base_url: str, cookies: dict[str, str] | None = None) -> httpx.Client:
    return httpx.Client(base_url=base_url, cookies=cookies, timeout=TIMEOUT_S)


def sign_in(client: httpx.Client, household: RegistryHousehold) -> httpx.Response:
    credentials = {"kk": household.kk, "nik": household.members[0].nik, "password": PASSWORD}
    return send(client, "POST", f"{SELF}/session", json=credentials)


def journey(front: str, n: int) -> Journey:
    """Sign in, autosave, submit (losing the first answer now and then) and replay."""
    household = CAST[n]
    with connect(front) as client:
        assert sign_in(client, household).status_code == 200
        view = send(client, "GET", f"{SELF}/household").json()
        version, autosaved = view["draft_version"], []
        for k in range(AUTOSAVES):
            address = f"Jl. Dua Instans No. {n} (ubah {k})"
            change = {"path": "household/alamat_domisili", "value": address}
            saved = send(
                client,
                "PATCH",
                f"{SELF}/draft",
                json={"base_version": version, "changes": [change]},
            )
            assert saved.status_code == 200, saved.text
            version = saved.json()["version"]
            autosaved.append(address)
        document = registry_document(household, [m["member_id"] for m in view["registry_members"]])
        document["household"]["alamat_domisili"] = autosaved[-1]
        done = Journey(household, str(uuid.uuid4()), autosaved, [], document)
        body = {"submission_id": done.submission_id, "document": document}
        if n % 3 == 0:
            # The answer is lost on the way back (the phone's signal drops): the phone only
            # knows that it must send the same submission again.
            with suppress(httpx.TimeoutException):
                client.post(f"{SELF}/submissions", json=body, timeout=0.005)
        for _ in range(2):  # the submission, and a replay (an outbox retried after a reload)
            answer = send(client, "POST", f"{SELF}/submissions", json=body)
            assert answer.status_code in (200, 201), answer.text
            done.receipts.append(answer.json()["receipt_code"])
    return done


def stored(database: Database) -> tuple[dict[str, Any], dict[str, list[Any]], dict[str, list[Any]]]:
    """By KK: the household row, its submissions and its draft versions, as stored."""
    with database.engine.connect() as conn:
        rows = {r.kk: r for r in conn.execute(select(households))}
        by_id = {r.id: kk for kk, r in rows.items()}
        submitted: dict[str, list[Any]] = {kk: [] for kk in rows}
        for row in conn.execute(select(submissions).order_by(submissions.c.id)):
            submitted[by_id[row.household_id]].append(row)
        drafts: dict[str, list[Any]] = {kk: [] for kk in rows}
        for row in conn.execute(select(draft_versions).order_by(draft_versions.c.version)):
            drafts[by_id[row.household_id]].append(row)
    return rows, submitted, drafts


# -- the tests ------------------------------------------------------------------------------


def test_a_mixed_load_through_nginx_loses_nothing_and_stores_nothing_twice(
    site: tuple[Deployment, Database],
) -> None:
    deployed, database = site
    with ThreadPoolExecutor(max_workers=8) as pool:
        journeys = list(pool.map(lambda n: journey(deployed.front, n), range(LOADED)))

    rows, submitted, drafts = stored(database)
    for done in journeys:
        kk = done.household.kk
        # One record per household, under the phone's submission_id, with one receipt that
        # every answer to it gave.
        assert [s.submission_id for s in submitted[kk]] == [done.submission_id]
        record = submitted[kk][0]
        assert set(done.receipts) == {record.receipt_code}
        payload = json.loads(record.payload)
        assert payload["household"]["alamat_domisili"] == done.autosaved[-1]
        names = [m["answers"]["nama"] for m in payload["members"]]
        assert names == [m["answers"]["nama"] for m in done.sent["members"]]
        # Every autosave, once each and in order.
        assert rows[kk].draft_version == AUTOSAVES
        assert [d.version for d in drafts[kk]] == list(range(1, AUTOSAVES + 1))
        saved = [json.loads(d.changes)["changes"][0]["value"] for d in drafts[kk]]
        assert saved == done.autosaved
    with database.engine.connect() as conn:
        assert len(conn.execute(select(submissions.c.id)).all()) == LOADED


def test_a_session_made_on_one_instance_works_on_the_other_until_signed_out_on_either(
    site: tuple[Deployment, Database],
) -> None:
    (first, second), household = site[0].instances, CAST[LOADED]
    with connect(first) as phone, connect(second) as tablet:
        assert sign_in(phone, household).status_code == 200
        assert sign_in(tablet, household).status_code == 200
        cookie = {"sensus_session": phone.cookies["sensus_session"]}
        with connect(second, cookie) as copy:  # the phone's cookie, on the other instance
            assert copy.get(f"{SELF}/household").status_code == 200
            # Signing the phone's session out on the second instance ends it on both.
            assert copy.delete(f"{SELF}/session").status_code == 204
            assert copy.get(f"{SELF}/household").status_code == 401
        assert phone.get(f"{SELF}/household").status_code == 401
        # The tablet's own session goes on, on both.
        assert tablet.get(f"{SELF}/household").status_code == 200
        with connect(first, {"sensus_session": tablet.cookies["sensus_session"]}) as copy:
            assert copy.get(f"{SELF}/household").status_code == 200


def test_wrong_passwords_spread_over_both_instances_make_the_kk_wait_on_both(
    site: tuple[Deployment, Database],
) -> None:
    instances, household = site[0].instances, CAST[LOADED + 1]
    wrong = {"kk": household.kk, "nik": household.members[0].nik, "password": "salah-salah"}
    # From one stranger's address (the instances trust 127.0.0.1 to name it).
    headers = {"X-Forwarded-For": "198.51.100.5"}

    def attempt(n: int, body: dict[str, str]) -> httpx.Response:
        with connect(instances[n % 2]) as each:
            return each.post(f"{SELF}/session", json=body, headers=headers)

    # The household's first sign-in sets its password (and a success clears its counter).
    assert attempt(0, wrong | {"password": PASSWORD}).status_code == 200
    assert [attempt(n, wrong).status_code for n in range(5)] == [401] * 5
    for n in (5, 6):  # the sixth waits, on either instance, and so does the right password
        refused = attempt(n, wrong)
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) > 0
    assert attempt(7, wrong | {"password": PASSWORD}).status_code == 429


def test_the_limit_per_address_counts_the_client_nginx_saw_across_both_instances(
    site: tuple[Deployment, Database],
) -> None:
    deployed = site[0]
    _not_across_an_hour()
    # Across both instances: failures alternate between them, as named by the trusted proxy.
    headers = {"X-Forwarded-For": "198.51.100.9"}
    statuses = [
        identify_unknown(deployed.instances[n % 2], serial=n, headers=headers)
        for n in range(ADDRESS_LIMIT + 2)
    ]
    assert statuses == [401] * ADDRESS_LIMIT + [429, 429]

    # Through nginx: the address is the client nginx saw, whatever the client claims.
    def through_nginx(source: str, serial: int) -> int:
        transport = httpx.HTTPTransport(local_address=source)
        claim = {"X-Forwarded-For": f"203.0.113.{serial % 250}"}
        with httpx.Client(base_url=deployed.front, transport=transport, timeout=TIMEOUT_S) as c:
            return identify_unknown(c, serial=100 + serial, headers=claim)

    statuses = [through_nginx("127.0.0.2", n) for n in range(ADDRESS_LIMIT + 1)]
    assert statuses == [401] * ADDRESS_LIMIT + [429]
    assert through_nginx("127.0.0.3", 200) == 401  # another client is not held back


def _not_across_an_hour() -> None:
    """Wait for the next hour if it begins within 30 s: addresses are counted per clock hour,
    and these instances run on the real clock."""
    now = datetime.now(UTC)
    if now.minute == 59 and now.second >= 30:
        time.sleep(61 - now.second)


def identify_unknown(target: str | httpx.Client, serial: int, headers: dict[str, str]) -> int:
    """A wrong identification of a KK nobody holds (a fresh one each time)."""
    body = {"kk": make_kk(DISTRICT, date(2018, 6, 1), 5000 + serial), "nik": UNKNOWN_NIK}
    if isinstance(target, httpx.Client):
        return target.post(f"{SELF}/identify", json=body, headers=headers).status_code
    with connect(target) as each:
        return each.post(f"{SELF}/identify", json=body, headers=headers).status_code
