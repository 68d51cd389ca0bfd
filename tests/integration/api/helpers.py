"""What the API tests share: the client class, a fake clock, sign-in and database look-ups."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from sensus.config import WIB
from sensus.storage.database import Database
from sensus.storage.tables import audit_log, households, persons, submissions
from tests.documents import Document, registry_document
from tests.integration.common import API, FakeClock, TestClient
from tests.registry_files import FAMILY, RegistryHousehold

__all__ = ["API", "FakeClock", "TestClient"]

SELF = f"{API}/self-response"
PASSWORD = "rahasia-keluarga"
OPENS = datetime(2026, 1, 1, tzinfo=WIB)
CLOSES = datetime(2027, 12, 31, 23, 59, tzinfo=WIB)
DURING = datetime(2026, 3, 1, 9, 0, tzinfo=WIB)


def credentials(household: RegistryHousehold = FAMILY, member: int = 0) -> dict[str, str]:
    return {"kk": household.kk, "nik": household.members[member].nik}


def sign_in(
    client: TestClient, household: RegistryHousehold = FAMILY, password: str = PASSWORD
) -> Any:
    body = credentials(household) | {"password": password}
    response = client.post(f"{SELF}/session", json=body)
    assert response.status_code == 200, response.text
    return response


def complete_document(client: TestClient, household: RegistryHousehold = FAMILY) -> Document:
    """The signed-in household's complete document, with the member ids the server gave."""
    view = client.get(f"{SELF}/household").json()
    return registry_document(household, [m["member_id"] for m in view["registry_members"]])


def error_code(response: Any) -> str:
    code: str = response.json()["error"]["code"]
    return code


def field_codes(response: Any) -> list[tuple[str, str]]:
    return [(f["path"], f["code"]) for f in response.json()["error"]["fields"]]


def row_counts(database: Database) -> dict[str, int]:
    """Rows in each table self-response writes: a refused request must leave them as they were."""
    with database.engine.connect() as conn:
        return {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (households, persons, submissions, audit_log)
        }


_HOUSEHOLD = [
    households.c[name]
    for name in (
        "id", "kk", "rt", "rw", "source", "needs_verification", "registrant_nik",
        "password_hash", "status", "draft", "draft_version",
    )
]  # fmt: skip


def household_row(database: Database, household: RegistryHousehold = FAMILY) -> dict[str, Any]:
    """The household's row, as stored (the columns self-response writes)."""
    with database.engine.connect() as conn:
        row = conn.execute(select(*_HOUSEHOLD).where(households.c.kk == household.kk)).one()
    return dict(row._mapping)
