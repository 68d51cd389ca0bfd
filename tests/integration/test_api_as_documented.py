"""The API answers only what its OpenAPI description says (issue 8), checked by Schemathesis.

Every operation of ``/api/v1`` is called with generated requests, valid and invalid, as each
of five callers: nobody, a household, an officer, a supervisor and an administrator, each
with a real session made by signing in through the API. Every answer must be documented:
no server error, a status code and a content type the description lists, a body that fits
its schema, and a 405 (or an OPTIONS answer) whose ``Allow`` names the documented methods.

Bounded for ``make test``: a few examples an operation and a caller, no shrinking; the whole
run stays within about a minute on two cores (docs/SECURITY.md, "The API as documented").
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis import checks as openapi_checks
from schemathesis.config import SchemathesisConfig
from sqlalchemy import Engine

from sensus.app import create_app
from sensus.config import Settings
from sensus.services.passwords import Passwords
from sensus.services.registry import import_registry
from sensus.services.respondent_access import SESSION_COOKIE
from sensus.services.staff import STAFF_COOKIE, token_hash
from sensus.storage import areas as area_store
from sensus.storage import staff as staff_store
from sensus.storage.database import Database
from sensus.storage.engines import make_engine
from sensus.storage.migrate import upgrade
from tests.conftest import BACKENDS, _empty_postgres
from tests.integration.common import TestClient
from tests.integration.interviews.helpers import AREA_A, AREA_B, DURING, FARAWAY, FakeClock
from tests.registry_files import FAMILY, NEIGHBOUR, VILLAGE, write_registry_csv

API = "/api/v1"
PASSWORD = "kata-sandi-petugas"
HOUSEHOLD_PASSWORD = "rahasia-keluarga"
ROLES = ("anonymous", "household", "officer", "supervisor", "admin")
STAFF = {"officer": "ppl01", "supervisor": "spv01", "admin": "admin01"}
CAST = (("admin01", "admin", None), ("spv01", "supervisor", None), ("ppl01", "officer", "spv01"))
# Examples an operation gets from each generating phase, per caller: enough to reach every
# documented status on the small cast, few enough for CI.
EXAMPLES = 3
# The operations each caller is sent to: nobody tries every one; a signed-in caller, its own.
TAGS = {
    "anonymous": None,
    "household": ["public", "self-response"],
    "officer": ["officer", "staff", "recovery"],
    "supervisor": ["supervisor", "headquarters", "staff"],
    "admin": ["admin", "supervisor", "headquarters", "staff", "recovery"],
}

CHECKS = [
    openapi_checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.allow_header_conformance,
    openapi_checks.unsupported_method,
]


@dataclass
class Census:
    """One application over one SQLite database, with the callers' sessions."""

    app: FastAPI
    database: Database
    clock: FakeClock
    cookies: dict[str, dict[str, str]] = field(default_factory=dict)
    household_id: int = 0
    renewed: int = 0
    calls: dict[str, int] = field(default_factory=dict)

    def sign_in(self, role: str) -> None:
        """A session made the real way: signing in through the API."""
        client = TestClient(self.app)
        if role == "household":
            body = {"kk": FAMILY.kk, "nik": FAMILY.members[0].nik, "password": HOUSEHOLD_PASSWORD}
            response = client.post(f"{API}/self-response/session", json=body)
            self.household_id = int(response.json()["ref"].removeprefix("h"))
        else:
            body = {"username": STAFF[role], "password": PASSWORD}
            response = client.post(f"{API}/staff/session", json=body)
        assert response.status_code == 200, response.text
        self.cookies[role] = dict(client.cookies)

    def keep_signed_in(self) -> None:
        """A new session for whoever a generated request signed out (a DELETE of a session,
        the deactivation of an account), made by the services: the door would rightly slow
        down a hundred sign-ins in a row, and the next requests are meant to be signed in."""
        for role in ROLES[1:]:
            path = f"{API}/self-response/household" if role == "household" else f"{API}/staff/me"
            if TestClient(self.app, cookies=self.cookies[role]).get(path).status_code == 401:
                self.renewed += 1
                self._renew(role)

    def _renew(self, role: str) -> None:
        services = self.app.state.services
        if role == "household":
            token = services.access.open_session(self.household_id)
            self.cookies[role] = {**self.cookies[role], SESSION_COOKIE: token}
            return
        record = self._usable_account(role)
        token = secrets.token_urlsafe(32)
        now = self.clock().astimezone(UTC)
        staff_store.create_session(
            self.database, record.id, token_hash(token), "HP", now=now,
            expires_at=now + timedelta(days=14),
        )  # fmt: skip
        self.cookies[role] = {STAFF_COOKIE: token}

    def _usable_account(self, role: str) -> staff_store.StaffRecord:
        """The role's account, or a new one of the same role if it was deactivated."""
        record = staff_store.staff_by_username(self.database, STAFF[role])
        if record is not None and record.active:
            return record
        fresh = f"{STAFF[role]}x{self.renewed}"
        supervisor = staff_store.staff_by_username(self.database, "spv01")
        new = staff_store.NewStaff(
            fresh, fresh.upper(), role, "-", supervisor.id if supervisor else None
        )
        now = self.clock().astimezone(UTC)
        staff_store.create_staff(self.database, new, actor="test", now=now)
        found = staff_store.staff_by_username(self.database, fresh)
        assert found is not None
        return found


@pytest.fixture(scope="module", params=BACKENDS)
def census(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Census]:
    """The census on SQLite, and on PostgreSQL when ``SENSUS_TEST_POSTGRES_URL`` is set."""
    folder: Path = tmp_path_factory.mktemp("api-as-documented")
    if request.param == "postgresql":
        engine: Engine = request.getfixturevalue("postgres_engine")
        _empty_postgres(engine)
    else:
        engine = make_engine(f"sqlite:///{folder / 'sensus.db'}")
        upgrade(engine)
    database = Database(engine)
    extract = write_registry_csv(folder / "registry.csv", (FAMILY, NEIGHBOUR, FARAWAY))
    assert import_registry(database, extract).rejected == []
    clock = FakeClock(DURING)
    now = clock().astimezone(UTC)
    hashed = Passwords(1).hash(PASSWORD)
    ids: dict[str, int] = {}
    for username, role, supervisor in CAST:
        new = staff_store.NewStaff(
            username, username.upper(), role, hashed, ids.get(supervisor or "")
        )
        ids[username] = staff_store.create_staff(database, new, actor="test", now=now)
    area_store.write_areas(
        database,
        [
            area_store.AreaWrite(1, AREA_A, "RT 004 / RW 002", VILLAGE, "004", "002", ids["ppl01"]),
            area_store.AreaWrite(2, AREA_B, "RT 007 / RW 003", VILLAGE, "007", "003", ids["ppl01"]),
        ],
        actor="test",
        now=now,
    )
    settings_ = Settings(database_url="sqlite://", secret_key="a-test-secret-of-enough-length")
    world = Census(create_app(settings_, database, clock=clock), database, clock)
    for role in ROLES[1:]:
        world.sign_in(role)
    yield world
    if request.param == "sqlite":
        engine.dispose()


@pytest.fixture(params=ROLES)
def role(request: pytest.FixtureRequest) -> str:
    """Who calls: nobody, or a signed-in household, officer, supervisor or administrator."""
    return str(request.param)


@pytest.fixture
def api_description(census: Census, role: str, request: pytest.FixtureRequest) -> Any:
    # Schemathesis 4.32 names each operation's subtest through ``Node._nodeid``, which
    # pytest 9.2 no longer has; it only sets and reads it back.
    request.node._nodeid = request.node.nodeid
    config = SchemathesisConfig.from_dict(
        {
            "generation": {"max-examples": EXAMPLES, "no-shrink": True},
            "phases": {"stateful": {"enabled": False}},
        }
    )
    schema = schemathesis.openapi.from_asgi(f"{API}/openapi.json", census.app, config=config)
    tags = TAGS[role]
    return schema if tags is None else schema.include(tag=tags)


described = schemathesis.pytest.from_fixture("api_description")


@described.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_answer_is_documented(case: Any, role: str, census: Census) -> None:
    cookies = census.cookies.get(role, {})
    census.calls[role] = census.calls.get(role, 0) + 1
    case.call_and_validate(cookies=cookies, checks=CHECKS)
    if case.method.upper() == "DELETE" or case.path.endswith("/deactivate"):
        census.keep_signed_in()
