"""Who may open which staff page: pages are for their roles only, a supervisor sees only their
own officers (another's officer or interview is "not found", exactly as an unknown id), and no
form is taken without the token of the session that shows it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from sensus.storage.database import Database
from sensus.storage.tables import staff, submissions
from tests.integration.interviews.helpers import (
    FAMILY,
    TestClient,
    assignment_of,
    document_for,
    interview,
    listed,
    new_id,
    row_counts,
    rows,
    sync,
)
from tests.integration.staff_pages.helpers import csrf_of, send, text_of

SUPERVISOR_PAGES = [
    "/petugas/pengawas",
    "/petugas/pengawas/sinkronisasi",
    "/petugas/pengawas/wawancara",
]
ADMIN_PAGES = [
    "/petugas/admin",
    "/petugas/admin/staf",
    "/petugas/admin/wilayah",
    "/petugas/admin/buka-kembali",
]


def synced_interview(officer: TestClient, bundle: dict[str, Any]) -> dict[str, Any]:
    record = interview(assignment_of(bundle, FAMILY)["assignment_id"], document_for(bundle, FAMILY))
    sync(officer, record)
    return record


def staff_id(database: Database, username: str) -> int:
    found = rows(database, select(staff.c.id).where(staff.c.username == username))
    return int(found[0]["id"])


@pytest.mark.parametrize("path", [*SUPERVISOR_PAGES, *ADMIN_PAGES, "/petugas/lapangan"])
def test_every_staff_page_sends_a_stranger_to_sign_in(app: FastAPI, path: str) -> None:
    response = TestClient(app).get(path, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/petugas/masuk"


@pytest.mark.parametrize("path", [*SUPERVISOR_PAGES, *ADMIN_PAGES])
def test_an_officer_cannot_open_supervisor_or_admin_pages(officer: TestClient, path: str) -> None:
    response = officer.get(path)

    assert response.status_code == 403
    assert "Bukan untuk peran Anda" in text_of(response)


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_a_supervisor_cannot_open_admin_pages(supervisor: TestClient, path: str) -> None:
    assert supervisor.get(path).status_code == 403


@pytest.mark.parametrize("path", SUPERVISOR_PAGES[:2])
def test_an_administrator_sees_the_supervisor_pages_for_everybody(
    admin: TestClient, path: str
) -> None:
    response = admin.get(path)

    assert response.status_code == 200
    assert "ppl01" in response.text and "ppl02" in response.text


def test_a_supervisor_sees_only_their_own_officers(
    officer: TestClient,
    signed_in: Callable[..., TestClient],
    bundle: dict[str, Any],
) -> None:
    synced_interview(officer, bundle)
    other = signed_in("spv02")

    for path in SUPERVISOR_PAGES:
        page = other.get(path)
        assert page.status_code == 200
        assert "ppl01" not in page.text, path
        assert "63710110010001" not in page.text, path  # ppl01's area


def test_another_supervisors_interview_is_not_found_like_an_unknown_one(
    officer: TestClient,
    signed_in: Callable[..., TestClient],
    bundle: dict[str, Any],
    database: Database,
) -> None:
    record = synced_interview(officer, bundle)
    other = signed_in("spv02")
    unknown_id = new_id()
    household_id = listed(bundle, FAMILY)["household_id"]
    before = row_counts(database)

    foreign = other.get(f"/petugas/pengawas/wawancara/{record['record_id']}")
    unknown = other.get(f"/petugas/pengawas/wawancara/{unknown_id}")
    garbage = other.get("/petugas/pengawas/wawancara/not-a-record")
    token = csrf_of(other, "/petugas/pengawas")
    approve = other.post(
        f"/petugas/pengawas/wawancara/{record['record_id']}/setujui", data={"csrf": token}
    )
    give_back = other.post(
        f"/petugas/pengawas/wawancara/{record['record_id']}/kembalikan",
        data={"csrf": token, "comment": "Coba lagi"},
    )
    final = other.post(
        f"/petugas/pengawas/rumah-tangga/{household_id}/final",
        data={
            "csrf": token,
            "interview": record["record_id"],
            "record_id": record["record_id"],
            "reason": "Menebak",
        },
    )

    assert foreign.status_code == unknown.status_code == garbage.status_code == 404
    assert approve.status_code == give_back.status_code == final.status_code == 404
    assert text_of(foreign).replace(record["record_id"], "ID") == text_of(unknown).replace(
        unknown_id, "ID"
    )
    assert FAMILY.members[0].name not in foreign.text
    assert row_counts(database) == before
    review = rows(database, select(submissions.c.review_status))
    assert review == [{"review_status": "pending"}]


def test_a_form_without_the_sessions_token_changes_nothing(
    officer: TestClient,
    supervisor: TestClient,
    admin: TestClient,
    bundle: dict[str, Any],
    database: Database,
) -> None:
    record = synced_interview(officer, bundle)
    path = f"/petugas/pengawas/wawancara/{record['record_id']}/setujui"
    admins_token = csrf_of(admin, "/petugas/admin")
    before = row_counts(database)

    missing = supervisor.post(path, follow_redirects=False)
    someone_elses = supervisor.post(path, data={"csrf": admins_token}, follow_redirects=False)
    new_account = admin.post(
        "/petugas/admin/staf",
        data={"username": "ppl09", "full_name": "Siti", "role": "officer"},
        follow_redirects=False,
    )

    assert missing.status_code == someone_elses.status_code == new_account.status_code == 403
    assert "Formulir ini sudah kedaluwarsa" in text_of(missing)
    assert row_counts(database) == before
    with_token = send(
        supervisor, path, {}, form=f"/petugas/pengawas/wawancara/{record['record_id']}"
    )
    assert with_token.status_code == 303


def test_admin_pages_name_accounts_by_id_and_refuse_unknown_ones(
    admin: TestClient, database: Database
) -> None:
    own = admin.get(f"/petugas/admin/staf/{staff_id(database, 'ppl01')}")

    assert own.status_code == 200
    assert admin.get("/petugas/admin/staf/999999").status_code == 404
    assert admin.get("/petugas/admin/staf/ppl01").status_code == 404
    assert admin.get("/petugas/admin/wilayah/999999").status_code == 404


def test_staff_pages_are_never_kept_by_the_browser_or_framed(supervisor: TestClient) -> None:
    response = supervisor.get("/petugas/pengawas")

    assert response.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
