"""A household that answers online after the officer's download: the next sync tells the
device, with the salted hash of its receipt code, so the code the family shows at the door
checks out offline at once, with no new download.

Given officer ppl01's bundle of area A,
when FAMILY answers online and the device syncs,
then the sync's changes list FAMILY as answered online with a hash of its receipt code under
the salt the same answer carries, whether the household's assignment was open (and is removed)
or already completed by an interview; a household that did not answer is not listed.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from sensus.domain.receipt_hashes import receipt_hash
from tests.documents import registry_document
from tests.integration.interviews.helpers import (
    API,
    FAMILY,
    NEIGHBOUR,
    TestClient,
    assignment_of,
    document_for,
    interview,
    listed,
    new_id,
    statuses,
    sync,
)


def self_respond(app: FastAPI) -> str:
    """FAMILY answers online from a phone of its own; the receipt code it is shown."""
    phone = TestClient(app)
    api = f"{API}/self-response"
    body = {"kk": FAMILY.kk, "nik": FAMILY.members[0].nik, "password": "rahasia-keluarga"}
    assert phone.post(f"{api}/session", json=body).status_code == 200
    members = phone.get(f"{api}/household").json()["registry_members"]
    document = registry_document(FAMILY, [m["member_id"] for m in members])
    sent = phone.post(f"{api}/submissions", json={"submission_id": new_id(), "document": document})
    assert sent.status_code == 201, sent.text
    code: str = sent.json()["display_code"]
    return code


def answered_online(answer: dict[str, Any]) -> dict[int, str]:
    """household_id -> receipt_hash, as the sync's changes say."""
    changes = answer["changes"]
    return {a["household_id"]: a["receipt_hash"] for a in changes["answered_online"]}


def test_a_sync_brings_the_receipt_hash_of_a_household_that_answered_online(
    app: FastAPI, officer: TestClient, bundle: dict[str, Any]
) -> None:
    family = listed(bundle, FAMILY)["household_id"]
    assert listed(bundle, FAMILY)["receipt_hash"] is None

    code = self_respond(app)
    answer = sync(officer, since=bundle["bundle_version"])

    salt = answer["changes"]["receipt_salt"]
    assert answered_online(answer) == {family: receipt_hash(salt, family, code)}
    assert receipt_hash(salt, family, "0000-0000-000") != answered_online(answer)[family]
    removed = answer["changes"]["removed_assignments"]
    assert [(r["household_id"], r["reason"]) for r in removed] == [(family, "self_responded")]
    assert listed(bundle, NEIGHBOUR)["household_id"] not in answered_online(answer)


def test_a_household_interviewed_before_it_answered_online_is_listed_too(
    app: FastAPI, officer: TestClient, bundle: dict[str, Any]
) -> None:
    family = listed(bundle, FAMILY)["household_id"]
    record = interview(assignment_of(bundle, FAMILY)["assignment_id"], document_for(bundle, FAMILY))
    assert statuses(sync(officer, record, since=bundle["bundle_version"])) == ["stored"]

    code = self_respond(app)
    answer = sync(officer, since=bundle["bundle_version"])

    # Its assignment was completed, so none is removed; the receipt still checks out.
    assert answer["changes"]["removed_assignments"] == []
    salt = answer["changes"]["receipt_salt"]
    assert answered_online(answer) == {family: receipt_hash(salt, family, code)}


def test_a_sync_without_since_lists_nothing(officer: TestClient, bundle: dict[str, Any]) -> None:
    answer = sync(officer)
    assert answer["changes"]["answered_online"] == []
