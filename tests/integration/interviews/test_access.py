"""Who sees what: officers their own areas, supervisors their officers', administrators all.

Refused things are answered as if they did not exist (404), or as outside one's role (403),
never with a hint that another area's household exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI

from sensus.storage.database import Database
from tests.integration.interviews.helpers import (
    API,
    FARAWAY,
    TestClient,
    assignment_of,
    document_for,
    error_code,
    interview,
    listed,
    new_household,
    new_id,
    row_counts,
    sync,
)

RECORD = "00000000-0000-4000-8000-000000000000"
STAFF_ROUTES = [
    ("get", "/staff/me"),
    ("get", "/officer/bundle"),
    ("post", "/officer/sync"),
    ("get", "/officer/sync-status"),
    ("get", "/supervisor/progress"),
    ("get", "/supervisor/sync-status"),
    ("get", "/supervisor/interviews"),
    ("get", f"/supervisor/interviews/{RECORD}"),
    ("post", f"/supervisor/interviews/{RECORD}/approve"),
    ("post", f"/supervisor/interviews/{RECORD}/return"),
    ("post", "/supervisor/households/1/final"),
    ("get", "/admin/staff"),
    ("post", "/admin/staff"),
    ("post", "/admin/staff/4/deactivate"),
    ("get", "/admin/staff/4/sessions"),
    ("delete", "/admin/staff/4/sessions"),
    ("get", "/admin/areas"),
    ("post", "/admin/areas/63710110010001/officer"),
    ("post", "/admin/assignments"),
]
BODIES: dict[str, Any] = {
    "/officer/sync": {"records": []},
    f"/supervisor/interviews/{RECORD}/return": {"comment": "x"},
    "/supervisor/households/1/final": {"record_id": RECORD, "reason": "x"},
    "/admin/staff": {"username": "ppl09", "full_name": "X", "role": "officer"},
    "/admin/areas/63710110010001/officer": {"username": "ppl02"},
}


def call(client: TestClient, method: str, path: str) -> Any:
    body = BODIES.get(path)
    if method == "get" or (method == "delete" and body is None):
        return getattr(client, method)(f"{API}{path}")
    return client.request(method.upper(), f"{API}{path}", json=body)


def test_every_staff_route_needs_a_staff_session(app: FastAPI, database: Database) -> None:
    counts = row_counts(database)
    client = TestClient(app)
    answers = {path: call(client, method, path) for method, path in STAFF_ROUTES}
    assert {p: r.status_code for p, r in answers.items()} == dict.fromkeys(answers, 401)
    assert {error_code(r) for r in answers.values()} == {"staff_not_signed_in"}
    assert row_counts(database) == counts


def test_an_officers_bundle_holds_only_their_own_areas(
    bundle: dict[str, Any], other_officer: TestClient
) -> None:
    theirs = other_officer.get(f"{API}/officer/bundle").json()
    mine_ids = {h["household_id"] for a in bundle["areas"] for h in a["households"]}
    their_ids = {h["household_id"] for a in theirs["areas"] for h in a["households"]}
    assert mine_ids and their_ids and not mine_ids & their_ids
    assert listed(theirs, FARAWAY)["head"] == FARAWAY.members[0].name
    with pytest.raises(AssertionError):
        listed(bundle, FARAWAY)
    assert {a["household_id"] for a in bundle["assignments"]} <= mine_ids


def test_an_officer_cannot_write_into_another_officers_area(
    officer: TestClient, other_officer: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    theirs = other_officer.get(f"{API}/officer/bundle").json()
    counts = row_counts(database)

    answer = sync(
        officer,
        new_household(theirs["areas"][0]["id"]),
        interview(assignment_of(theirs, FARAWAY)["assignment_id"], document_for(theirs, FARAWAY)),
    )

    assert [r["error"]["code"] for r in answer["results"]] == [
        "area_not_found",
        "assignment_not_found",
    ]
    after = row_counts(database)
    for table in ("households", "submissions", "assignments", "visits"):
        assert after[table] == counts[table], table


def test_an_officer_is_refused_the_supervisors_and_administrators_routes(
    officer: TestClient,
) -> None:
    routes = [r for r in STAFF_ROUTES if r[1].startswith(("/supervisor", "/admin"))]
    answers = {path: call(officer, method, path) for method, path in routes}
    assert {p: r.status_code for p, r in answers.items()} == dict.fromkeys(answers, 403)
    assert {error_code(r) for r in answers.values()} == {"role_not_allowed"}


def test_a_supervisor_is_refused_the_administrators_routes(supervisor: TestClient) -> None:
    routes = [r for r in STAFF_ROUTES if r[1].startswith("/admin")]
    answers = {path: call(supervisor, method, path) for method, path in routes}
    assert {p: r.status_code for p, r in answers.items()} == dict.fromkeys(answers, 403)


def test_a_supervisor_and_an_administrator_have_no_bundle(
    supervisor: TestClient, admin: TestClient
) -> None:
    for client in (supervisor, admin):
        response = client.get(f"{API}/officer/bundle")
        assert response.status_code == 403
        assert error_code(response) == "role_not_allowed"


def test_a_supervisor_sees_only_the_interviews_of_their_own_officers(
    signed_in: Callable[..., TestClient],
    supervisor: TestClient,
    admin: TestClient,
    other_officer: TestClient,
) -> None:
    theirs = other_officer.get(f"{API}/officer/bundle").json()
    record = interview(
        assignment_of(theirs, FARAWAY)["assignment_id"], document_for(theirs, FARAWAY)
    )
    sync(other_officer, record)
    url = f"{API}/supervisor/interviews/{record['record_id']}"

    assert supervisor.get(f"{API}/supervisor/interviews").json() == []
    assert supervisor.get(url).status_code == 404
    assert supervisor.get(f"{API}/supervisor/interviews/{new_id()}").status_code == 404
    assert supervisor.post(f"{url}/approve").status_code == 404
    assert supervisor.post(f"{url}/return", json={"comment": "ulang"}).status_code == 404
    assert [
        i["record_id"] for i in signed_in("spv02").get(f"{API}/supervisor/interviews").json()
    ] == [record["record_id"]]
    assert admin.get(url).status_code == 200
    household_id = listed(theirs, FARAWAY)["household_id"]
    final = {"record_id": record["record_id"], "reason": "pengecekan"}
    response = supervisor.post(f"{API}/supervisor/households/{household_id}/final", json=final)
    assert response.status_code == 404


def test_a_supervisors_progress_counts_only_their_officers(
    supervisor: TestClient, bundle: dict[str, Any]
) -> None:
    progress = supervisor.get(f"{API}/supervisor/progress").json()
    assert [o["username"] for o in progress["officers"]] == ["ppl01"]
    assert [a["officer"] for a in progress["areas"]] == ["ppl01"]
    assert progress["total"]["assigned"] == len(bundle["assignments"])
