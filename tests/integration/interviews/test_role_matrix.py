"""Roles enforced by the services, route by route: every /api/v1 route the application has
(read from the application itself, so that a new route is covered the day it is added) is
tried by every kind of caller against another's resources.

The cast: a household (FAMILY, area A), officer ppl01 (area A), supervisor spv01 (over
ppl01), an administrator, and nobody. The resources in the paths and bodies are always
someone else's: officer ppl02's interview of FARAWAY in area B, FARAWAY's household and card,
ppl02's account and session. A caller outside a route's roles gets 401 (no session of the
right kind) or 403 (a staff role the route is not for); a caller inside them gets 404 for
another's resource; no answer but an administrator's carries FARAWAY's personal data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI

from sensus.storage import staff as staff_store
from sensus.storage.database import Database
from tests.integration.interviews.helpers import (
    API,
    FAMILY,
    FARAWAY,
    TestClient,
    assignment_of,
    document_for,
    interview,
    listed,
    sync,
)

# The door and what anyone may read: not about roles (tests/integration/api/test_door.py).
OPEN = {
    ("POST", "/self-response/identify"),
    ("POST", "/self-response/session"),
    ("DELETE", "/self-response/session"),
    ("POST", "/self-response/registrations"),
    ("POST", "/self-response/recovery"),
    ("POST", "/staff/session"),
    ("DELETE", "/staff/session"),
}
OPEN_PREFIXES = ("/schedule", "/questionnaire", "/regions")
# Who a route is for, by its path's start (the longest that matches).
ROLES = {
    "/self-response/": {"household"},
    "/officer/": {"officer"},
    "/supervisor/": {"supervisor", "admin"},
    "/headquarters/": {"supervisor", "admin"},
    "/admin/": {"admin"},
    "/staff/recovery/": {"officer", "admin"},
    "/staff/": {"officer", "supervisor", "admin"},
}
CALLERS = ("nobody", "household", "officer", "supervisor", "admin")


@dataclass(frozen=True)
class Theirs:
    """Another's resources: officer ppl02's, in area B."""

    record_id: str
    household_id: int
    staff_id: int
    session_id: int
    private: tuple[str, ...]  # FARAWAY's KK, NIKs and names


@pytest.fixture
def theirs(signed_in: Callable[..., TestClient], database: Database) -> Theirs:
    other = signed_in("ppl02")
    bundle = other.get(f"{API}/officer/bundle").json()
    record = interview(
        assignment_of(bundle, FARAWAY)["assignment_id"], document_for(bundle, FARAWAY)
    )
    sync(other, record)
    account = staff_store.staff_by_username(database, "ppl02")
    assert account is not None
    session = other.get(f"{API}/staff/sessions").json()[0]["id"]
    private = (FARAWAY.kk, *(p.nik for p in FARAWAY.members), *(p.name for p in FARAWAY.members))
    return Theirs(
        record["record_id"], listed(bundle, FARAWAY)["household_id"], account.id, session, private
    )


@pytest.fixture
def callers(app: FastAPI, signed_in: Callable[..., TestClient]) -> dict[str, TestClient]:
    household = TestClient(app)
    card = {"kk": FAMILY.kk, "nik": FAMILY.members[0].nik, "password": "kata-sandi-keluarga"}
    assert household.post(f"{API}/self-response/session", json=card).status_code == 200
    return {
        "nobody": TestClient(app),
        "household": household,
        "officer": signed_in("ppl01"),
        "supervisor": signed_in("spv01"),
        "admin": signed_in("admin01"),
    }


def routes(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path) of /api/v1 that is about roles, from the application's OpenAPI."""
    found = []
    for full, operations in app.openapi()["paths"].items():
        path = full.removeprefix(API)
        for method in sorted(m.upper() for m in operations):
            if (method, path) not in OPEN and not path.startswith(OPEN_PREFIXES):
                found.append((method, path))
    return found


def roles_of(path: str) -> set[str]:
    start = max((p for p in ROLES if path.startswith(p)), key=len)
    return ROLES[start]


def fill(path: str, theirs: Theirs) -> str:
    return path.format(
        record_id=theirs.record_id,
        household_id=theirs.household_id,
        staff_id=theirs.staff_id,
        session_id=theirs.session_id,
        code="63710110010002",  # area B
    )


def body(method: str, path: str, theirs: Theirs) -> Any:
    card = {"kk": FARAWAY.kk, "nik": FARAWAY.members[0].nik}
    bodies: dict[str, Any] = {
        "/self-response/draft": {"version": 0, "document": {}},
        "/self-response/submissions": {"submission_id": theirs.record_id, "document": {}},
        "/officer/sync": {"records": []},
        "/supervisor/interviews/{record_id}/return": {"comment": "ulang"},
        "/supervisor/households/{household_id}/final": {
            "record_id": theirs.record_id,
            "reason": "pengecekan",
        },
        "/admin/staff": {"username": "ppl09", "full_name": "X", "role": "officer"},
        "/admin/areas/{code}/officer": {"username": "ppl01"},
        "/staff/recovery/code": card,
        "/staff/recovery/reset": card | {"password": "kata-sandi-baru"},
    }
    if method == "PATCH":
        return {"base_version": 0, "changes": []}
    return bodies.get(path)


def call(client: TestClient, method: str, path: str, theirs: Theirs) -> Any:
    payload = body(method, path, theirs)
    url = f"{API}{fill(path, theirs)}"
    if payload is None:
        return client.request(method, url)
    return client.request(method, url, json=payload)


def test_the_matrix_covers_every_route_of_every_role(app: FastAPI) -> None:
    covered = {roles_of(path).__repr__() for _, path in routes(app)}
    assert len(routes(app)) >= 30
    assert len(covered) == len({repr(r) for r in ROLES.values()})


def test_no_caller_reaches_a_route_outside_its_role_or_anothers_resource(
    app: FastAPI, callers: dict[str, TestClient], theirs: Theirs
) -> None:
    wrong: list[str] = []
    for method, path in routes(app):
        allowed = roles_of(path)
        for caller in CALLERS:
            if caller == "admin":
                continue  # administrators may see everything (their reads are audited)
            answer = call(callers[caller], method, path, theirs)
            status = answer.status_code
            where = f"{caller} {method} {path}: {status}"
            if caller not in allowed:
                expected = (
                    {401}
                    if caller in ("nobody", "household") or "/self-response/" in path
                    else {403}
                )
                if status not in expected:
                    wrong.append(f"{where}, expected {sorted(expected)}")
            elif "{" in path and status != 404:
                wrong.append(f"{where}, expected 404 for another's resource")
            elif path.startswith("/staff/recovery/") and status != 404:
                wrong.append(f"{where}, expected 404 for another area's card")
            if status < 300 and any(p in answer.text for p in theirs.private):
                wrong.append(f"{where} with another's personal data")
    assert wrong == []


def test_an_administrator_reaches_the_same_resources(
    app: FastAPI, callers: dict[str, TestClient], theirs: Theirs
) -> None:
    admin = callers["admin"]
    record = f"{API}/supervisor/interviews/{theirs.record_id}"
    assert admin.get(record).status_code == 200
    assert admin.get(f"{API}/admin/staff/{theirs.staff_id}/sessions").status_code == 200
    code = admin.post(
        f"{API}/staff/recovery/code", json=body("POST", "/staff/recovery/code", theirs)
    )
    assert code.status_code == 200
