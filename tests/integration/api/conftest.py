"""The real application over a real database (SQLite, and PostgreSQL when configured).

``client`` is Starlette's TestClient on ``create_app(settings, Database(engine), clock)``,
with FAMILY and NEIGHBOUR in the registry through the real import, and a fake clock that a
test moves. ``signed_in`` is a client with FAMILY's session cookie.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from sensus.app import create_app
from sensus.config import Settings
from sensus.services.registry import import_registry
from sensus.storage.database import Database
from tests.integration.api.helpers import CLOSES, DURING, OPENS, FakeClock, TestClient, sign_in
from tests.registry_files import FAMILY, NEIGHBOUR, write_registry_csv


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(DURING)


@pytest.fixture
def database(engine: Engine, tmp_path: Path) -> Database:
    database = Database(engine)
    extract = write_registry_csv(tmp_path / "registry.csv", (FAMILY, NEIGHBOUR))
    report = import_registry(database, extract)
    assert report.rejected == [], report.rejected
    return database


@pytest.fixture
def make_client(database: Database, clock: FakeClock) -> Callable[..., TestClient]:
    """A client of a new application with these settings (the defaults otherwise), connecting
    from ``peer`` (the socket's address and port)."""

    def make(peer: tuple[str, int] = ("testclient", 50000), **overrides: Any) -> TestClient:
        settings = Settings(
            **{
                "database_url": "sqlite://",  # not used: the application gets ``database``
                "secret_key": "a-test-secret-of-enough-length",
                "self_response_opens": OPENS,
                "self_response_closes": CLOSES,
            }
            | overrides
        )
        return TestClient(create_app(settings, database, clock=clock), client=peer)

    return make


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


@pytest.fixture
def signed_in(client: TestClient) -> TestClient:
    sign_in(client)
    return client
