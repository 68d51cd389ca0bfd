"""What the interview-round tests share: the cast, record builders and database look-ups.

The cast: two SLS of Mantuil. Area A (RT 004 / RW 002) holds FAMILY and NEIGHBOUR and is
officer ``ppl01``'s; area B (RT 007 / RW 003) holds FARAWAY and is ``ppl02``'s. Supervisor
``spv01`` oversees ppl01, ``spv02`` oversees ppl02; ``admin01`` administers.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from sensus.config import WIB
from sensus.domain.identity import FEMALE, MALE, make_kk, make_nik
from sensus.storage.database import Database
from sensus.storage.tables import metadata
from tests.documents import Document, member, person_answers
from tests.documents import household_answers as household_block
from tests.integration.common import API, FakeClock, TestClient
from tests.registry_files import DISTRICT, FAMILY, NEIGHBOUR, VILLAGE, Person, RegistryHousehold

__all__ = ["API", "FAMILY", "NEIGHBOUR", "FakeClock", "TestClient"]

PASSWORD = "kata-sandi-petugas"
AREA_A, AREA_B = "63710110010001", "63710110010002"
DURING = datetime(2026, 9, 3, 9, 0, tzinfo=WIB)  # inside both windows of the test settings
DEVICE_TIME = "2026-09-03T10:15:00+08:00"

FARAWAY = RegistryHousehold(
    kk=make_kk(DISTRICT, date(2017, 4, 9), 31),
    address="Jl. Tembus Mantuil No. 3",
    rt="007",
    rw="003",
    village_code=VILLAGE,
    members=(
        Person(make_nik(DISTRICT, date(1975, 1, 20), MALE, 31), "Ahmad Yani", MALE,
               "Banjarmasin", date(1975, 1, 20), 1, 1, 2),
        Person(make_nik(DISTRICT, date(1979, 6, 2), FEMALE, 31), "Rahmah", FEMALE,
               "Banjarmasin", date(1979, 6, 2), 3, 1, 2),
    ),
)  # fmt: skip


def new_id() -> str:
    return str(uuid.uuid4())


def visit(assignment_id: str, outcome: str = "nobody_home", **more: Any) -> dict[str, Any]:
    record = {
        "record_id": new_id(),
        "kind": "visit",
        "assignment_id": assignment_id,
        "outcome": outcome,
        "recorded_at": DEVICE_TIME,
    }
    if outcome == "nobody_home":
        record["revisit_at"] = "2026-09-04T16:00:00+08:00"
    return record | more


def interview(assignment_id: str, document: Document, **more: Any) -> dict[str, Any]:
    return {
        "record_id": new_id(),
        "kind": "interview",
        "assignment_id": assignment_id,
        "document": document,
        "recorded_at": DEVICE_TIME,
    } | more


def listing_check(household_id: int, result: str = "confirmed", **more: Any) -> dict[str, Any]:
    return {
        "record_id": new_id(),
        "kind": "listing_check",
        "household_id": household_id,
        "result": result,
        "recorded_at": DEVICE_TIME,
    } | more


def new_household(area_id: int, **more: Any) -> dict[str, Any]:
    return {
        "record_id": new_id(),
        "kind": "new_household",
        "provisional_id": f"P-{new_id()}",
        "assignment_id": new_id(),
        "area_id": area_id,
        "address": "Jl. Mantuil Raya, rumah baru di belakang masjid",
        "recorded_at": DEVICE_TIME,
    } | more


def document_for(bundle: dict[str, Any], household: RegistryHousehold) -> Document:
    """A complete interview document of ``household``, with the member ids of the bundle."""
    assignment = assignment_of(bundle, household)
    ids = [m["member_id"] for m in assignment["registry_members"]]
    return {
        "questionnaire_id": "sp2020",
        "questionnaire_version": "2020.1",
        "household": household_block(household),
        "members": [
            member(member_id, person_answers(person))
            for member_id, person in zip(ids, household.members, strict=True)
        ],
    }


def listed(bundle: dict[str, Any], household: RegistryHousehold) -> dict[str, Any]:
    """The household's entry in the bundle's population lists (found by its head's name)."""
    for area in bundle["areas"]:
        for entry in area["households"]:
            if entry["head"] == household.members[0].name:
                return dict(entry)
    raise AssertionError(f"{household.members[0].name} is not in the bundle")


def assignment_of(bundle: dict[str, Any], household: RegistryHousehold) -> dict[str, Any]:
    household_id = listed(bundle, household)["household_id"]
    for assignment in bundle["assignments"]:
        if assignment["household_id"] == household_id:
            return dict(assignment)
    raise AssertionError(f"{household.members[0].name} has no assignment")


def sync(client: TestClient, *records: Any, since: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"records": list(records)}
    if since is not None:
        body["since"] = since
    response = client.post(f"{API}/officer/sync", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def statuses(answer: dict[str, Any]) -> list[str]:
    return [result["status"] for result in answer["results"]]


def error_code(response: Any) -> str:
    code: str = response.json()["error"]["code"]
    return code


def row_counts(database: Database) -> dict[str, int]:
    """Rows in every table: what a refused request must leave as it was."""
    with database.engine.connect() as conn:
        return {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in metadata.sorted_tables
        }


def rows(database: Database, query: Any) -> list[dict[str, Any]]:
    with database.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query).all()]
