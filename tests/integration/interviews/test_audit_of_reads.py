"""Every read of personal data by staff leaves an audit entry (UU 27/2022): the bundle
(names and NIKs of whole areas), an interview opened by a supervisor, the list of staff
accounts, the claims of a KK."""

from __future__ import annotations

from sensus.storage.audit import audit_actions
from sensus.storage.database import Database
from tests.integration.interviews.helpers import API, AREA_A, TestClient


def test_downloading_a_bundle_is_audited_with_its_areas_and_households(
    officer: TestClient, database: Database
) -> None:
    assert officer.get(f"{API}/officer/bundle").status_code == 200

    [entry] = audit_actions(database, "bundle_downloaded")
    assert entry["actor"] == "officer:ppl01"
    assert entry["detail"] == {"areas": [AREA_A], "households": 2}


def test_listing_staff_accounts_and_claims_is_audited(
    admin: TestClient, database: Database
) -> None:
    assert admin.get(f"{API}/admin/staff").status_code == 200
    assert admin.get(f"{API}/admin/claims").status_code == 200

    assert [e["actor"] for e in audit_actions(database, "staff_listed")] == ["admin:admin01"]
    assert [e["detail"] for e in audit_actions(database, "claims_viewed")] == [{"households": []}]


def test_a_refused_read_leaves_no_entry(officer: TestClient, database: Database) -> None:
    assert officer.get(f"{API}/admin/staff").status_code == 403
    assert audit_actions(database, "staff_listed") == []
