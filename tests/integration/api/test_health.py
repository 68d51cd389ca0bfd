"""``/healthz`` says the process lives; ``/readyz`` says the database answers at head."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from sensus.app import create_app
from sensus.config import Settings
from sensus.storage.database import Database
from sensus.storage.migrate import downgrade, upgrade
from tests.integration.api.helpers import TestClient


def test_a_migrated_database_is_ready(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": "ready"}
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("revision", ["base", "0001"])
def test_a_database_behind_the_code_is_not_ready(
    make_client: Callable[..., TestClient], engine: Engine, revision: str
) -> None:
    client = make_client()
    downgrade(engine, revision)
    try:
        response = client.get("/readyz")
    finally:
        upgrade(engine)
    assert response.status_code == 503
    assert response.json() == {"status": "not_ready", "database": "not_migrated"}
    assert client.get("/readyz").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///{tmp}",  # a directory: SQLite cannot open it
        "postgresql+psycopg://sensus@127.0.0.1:1/sensus?connect_timeout=2",  # nobody listens
    ],
)
def test_an_unreachable_database_is_not_ready_but_the_process_is_healthy(
    tmp_path: Path, url: str
) -> None:
    settings = Settings(database_url="sqlite://", secret_key="a-test-secret-of-enough-length")
    database = Database.connect(url.format(tmp=tmp_path))
    client = TestClient(create_app(settings, database))
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json() == {"status": "not_ready", "database": "unreachable"}
    assert "127.0.0.1" not in ready.text and str(tmp_path) not in ready.text
    healthy = client.get("/healthz")
    assert healthy.status_code == 200
    assert healthy.json()["status"] == "ok"
    database.dispose()


def test_healthz_reports_the_sign_in_queue_and_the_hash_pool_of_this_instance(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(hash_workers=3, hash_queue=5)
    body = client.get("/healthz").json()
    assert body["sign_ins"] == {
        "in_flight": 0,
        "max_in_flight": 8,
        "shed": 0,
        "timed_out": 0,
        "hashing": 0,
        "hash_workers": 3,
    }
