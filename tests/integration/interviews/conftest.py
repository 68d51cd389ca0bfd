"""The real application over a real database (SQLite, and PostgreSQL when configured), with
the interview round's cast in place: registry households, two areas, staff (helpers.py).

Clients are Starlette's TestClient on one ``create_app(settings, database, clock)``; each has
its own cookie jar, so ``officer`` and ``supervisor`` are two devices signed in at once.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import Engine

from sensus.app import create_app
from sensus.config import Settings
from sensus.services.registry import import_registry
from sensus.services.staff import STAFF_COOKIE, token_hash
from sensus.storage import areas as area_store
from sensus.storage import staff as staff_store
from sensus.storage.database import Database
from tests.integration.interviews.helpers import (
    API,
    AREA_A,
    AREA_B,
    DURING,
    FAMILY,
    FARAWAY,
    NEIGHBOUR,
    PASSWORD,
    FakeClock,
    TestClient,
)
from tests.registry_files import VILLAGE, write_registry_csv

# (username, role, supervisor)
CAST = (
    ("admin01", "admin", None),
    ("spv01", "supervisor", None),
    ("spv02", "supervisor", None),
    ("ppl01", "officer", "spv01"),
    ("ppl02", "officer", "spv02"),
)


@pytest.fixture(scope="session")
def password_hash() -> str:
    # Hashed once: Argon2 is slow on purpose, and every test signs its cast in anyway.
    return PasswordHasher().hash(PASSWORD)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(DURING)


@pytest.fixture
def database(engine: Engine, tmp_path: Path, password_hash: str, clock: FakeClock) -> Database:
    database = Database(engine)
    extract = write_registry_csv(tmp_path / "registry.csv", (FAMILY, NEIGHBOUR, FARAWAY))
    assert import_registry(database, extract).rejected == []
    now = clock().astimezone(UTC)
    ids: dict[str, int] = {}
    for username, role, supervisor in CAST:
        new = staff_store.NewStaff(
            username, username.upper(), role, password_hash, ids.get(supervisor or "")
        )
        ids[username] = staff_store.create_staff(database, new, actor="test", now=now)
    areas = [
        area_store.AreaWrite(1, AREA_A, "RT 004 / RW 002", VILLAGE, "004", "002", ids["ppl01"]),
        area_store.AreaWrite(2, AREA_B, "RT 007 / RW 003", VILLAGE, "007", "003", ids["ppl02"]),
    ]
    area_store.write_areas(database, areas, actor="test", now=now)
    return database


@pytest.fixture
def settings() -> Settings:
    return Settings(
        database_url="sqlite://",  # not used: the application is handed ``database``
        secret_key="a-test-secret-of-enough-length",
    )


@pytest.fixture
def app(settings: Settings, database: Database, clock: FakeClock) -> FastAPI:
    return create_app(settings, database, clock=clock)


@pytest.fixture
def signed_in(app: FastAPI, database: Database, clock: FakeClock) -> Callable[..., TestClient]:
    """A new device of ``username`` with a session of its own.

    The session is opened in the database as the sign-in route opens it, without checking
    the password: Argon2 takes a quarter of a second on purpose, and the sign-in itself is
    tested through its route (test_staff_sessions.py).
    """

    def sign_in(username: str, **options: Any) -> TestClient:
        record = staff_store.staff_by_username(database, username)
        assert record is not None
        token = secrets.token_urlsafe(32)
        now = clock().astimezone(UTC)
        staff_store.create_session(
            database, record.id, token_hash(token), f"HP {username}", now=now,
            expires_at=now + timedelta(days=14),
        )  # fmt: skip
        client = TestClient(app, **options)
        client.cookies.set(STAFF_COOKIE, token)
        return client

    return sign_in


@pytest.fixture
def officer(signed_in: Callable[..., TestClient]) -> TestClient:
    return signed_in("ppl01")


@pytest.fixture
def other_officer(signed_in: Callable[..., TestClient]) -> TestClient:
    return signed_in("ppl02")


@pytest.fixture
def supervisor(signed_in: Callable[..., TestClient]) -> TestClient:
    return signed_in("spv01")


@pytest.fixture
def admin(signed_in: Callable[..., TestClient]) -> TestClient:
    return signed_in("admin01")


@pytest.fixture
def bundle(officer: TestClient) -> dict[str, Any]:
    """ppl01's bundle, downloaded once (which makes the assignments)."""
    response = officer.get(f"{API}/officer/bundle")
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer
