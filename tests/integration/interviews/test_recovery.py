"""Recovery through the census's own people (ADR 0016), through the API.

Given a family that forgot its password, when its officer (or an administrator) who has seen
the family card sets a new password or hands over a one-time code, then the family gets in
with it, every older session of the household ends, and the act is audited. Nobody else can
do it, and a code is short, single-use, expiring and guessed no faster than a password.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import FastAPI

from sensus.domain.identity import FEMALE, MALE, make_kk, make_nik
from sensus.services.recovery import CODE_ALPHABET
from sensus.storage.audit import audit_actions
from sensus.storage.database import Database
from sensus.storage.tables import recovery_codes
from tests.integration.interviews.helpers import (
    API,
    FAMILY,
    FakeClock,
    TestClient,
    error_code,
    rows,
)
from tests.registry_files import DISTRICT, VILLAGE

SELF = f"{API}/self-response"
OLD, NEW = "kata-sandi-lama", "kata-sandi-baru"
CARD = {"kk": FAMILY.kk, "nik": FAMILY.members[1].nik}  # the wife's NIK: any member will do


def family_signed_in(app: FastAPI, password: str = OLD) -> TestClient:
    phone = TestClient(app)
    assert phone.post(f"{SELF}/session", json=CARD | {"password": password}).status_code == 200
    return phone


def signed_in_still(phone: TestClient) -> bool:
    return phone.get(f"{SELF}/household").status_code == 200


def recover(client: TestClient, code: str, password: str = NEW, **card: str) -> Any:
    body = (CARD | card) | {"code": code, "password": password}
    return client.post(f"{SELF}/recovery", json=body)


def test_an_officer_sets_a_new_password_for_a_household_of_their_area_and_its_sessions_end(
    app: FastAPI, officer: TestClient, database: Database
) -> None:
    phone = family_signed_in(app)

    reset = officer.post(f"{API}/staff/recovery/reset", json=CARD | {"password": NEW})

    assert reset.status_code == 200
    assert reset.json() == {"sessions_ended": 1}
    assert not signed_in_still(phone)
    old = TestClient(app).post(f"{SELF}/session", json=CARD | {"password": OLD})
    assert error_code(old) == "wrong_password"
    assert signed_in_still(family_signed_in(app, NEW))
    [entry] = audit_actions(database, "password_reset")
    assert entry["actor"] == "officer:ppl01"
    assert entry["detail"] == {"sessions_ended": 1}


def test_a_household_outside_the_officers_areas_answers_as_an_unknown_one(
    app: FastAPI, other_officer: TestClient, database: Database
) -> None:
    family_signed_in(app)
    unknown = CARD | {"kk": make_kk(DISTRICT, date(2011, 1, 1), 99)}

    elsewhere = other_officer.post(f"{API}/staff/recovery/code", json=CARD)
    nowhere = other_officer.post(f"{API}/staff/recovery/code", json=unknown)

    assert elsewhere.status_code == nowhere.status_code == 404
    assert elsewhere.json() == nowhere.json()
    assert error_code(elsewhere) == "household_not_found"
    assert rows(database, recovery_codes.select()) == []


def test_supervisors_strangers_and_households_cannot_recover_anyone(
    app: FastAPI, supervisor: TestClient, database: Database
) -> None:
    phone = family_signed_in(app)
    for client, status in ((supervisor, 403), (TestClient(app), 401), (phone, 401)):
        for path, body in (("code", CARD), ("reset", CARD | {"password": NEW})):
            response = client.post(f"{API}/staff/recovery/{path}", json=body)
            assert response.status_code == status, (path, status)
    assert signed_in_still(phone)
    assert audit_actions(database, "password_reset") == []


def test_a_one_time_code_lets_the_family_set_its_own_password_once(
    app: FastAPI, admin: TestClient, database: Database
) -> None:
    phone = family_signed_in(app)
    issued = admin.post(f"{API}/staff/recovery/code", json=CARD)
    assert issued.status_code == 200
    assert issued.headers["cache-control"] == "no-store"
    code = issued.json()["code"]
    assert len(code) == 9 and code[4] == "-"
    assert set(code.replace("-", "")) <= set(CODE_ALPHABET)

    family = TestClient(app)
    typed = code.lower().replace("-", " ")  # as a person may type it
    answer = recover(family, typed)

    assert answer.status_code == 200
    assert signed_in_still(family)
    assert not signed_in_still(phone)  # every older session ended
    assert error_code(recover(TestClient(app), code, "lagi-yang-lain")) == "recovery_failed"
    assert signed_in_still(family_signed_in(app, NEW))
    stored = rows(database, recovery_codes.select())
    assert [r["code_hash"] for r in stored] != [code] and code not in str(stored)
    assert [e["actor"] for e in audit_actions(database, "recovery_code_issued")] == [
        "admin:admin01"
    ]
    assert len(audit_actions(database, "password_reset_by_code")) == 1


def test_a_code_expires_and_a_new_one_replaces_the_earlier(
    app: FastAPI, officer: TestClient, clock: FakeClock
) -> None:
    family_signed_in(app)
    first = officer.post(f"{API}/staff/recovery/code", json=CARD).json()["code"]
    second = officer.post(f"{API}/staff/recovery/code", json=CARD).json()["code"]
    assert error_code(recover(TestClient(app), first)) == "recovery_failed"

    clock.advance(hours=73)  # SENSUS_RECOVERY_CODE_HOURS is 72

    assert error_code(recover(TestClient(app), second)) == "recovery_failed"


def test_a_wrong_code_answers_like_an_unknown_kk_and_guesses_wait_like_sign_ins(
    app: FastAPI, officer: TestClient
) -> None:
    family_signed_in(app)
    code = officer.post(f"{API}/staff/recovery/code", json=CARD).json()["code"]
    wrong = "AAAA-AAAA" if code != "AAAA-AAAA" else "CCCC-CCCC"
    unknown_kk = make_kk(DISTRICT, date(2011, 1, 1), 99)

    guesses = [recover(TestClient(app), wrong) for _ in range(5)]
    stranger = recover(TestClient(app), code, kk=unknown_kk)
    waiting = recover(TestClient(app), code)  # even the right code waits now

    assert {g.status_code for g in guesses} == {401}
    assert guesses[0].json() == stranger.json()
    assert waiting.status_code == 429
    assert int(waiting.headers["retry-after"]) > 0


def test_a_malformed_code_is_a_field_error_in_both_languages(app: FastAPI) -> None:
    answer = recover(TestClient(app), "0000-OOOO")
    assert answer.status_code == 422
    [problem] = answer.json()["error"]["fields"]
    assert problem["path"] == "code"
    assert "8 huruf" in problem["message_id"] and "8 letters" in problem["message_en"]


# -- claims of a KK --------------------------------------------------------------------------

# A young couple whose new family card the registry does not have yet; a stranger who read
# the card registered it first.
NEW_KK = make_kk(DISTRICT, date(2026, 2, 1), 40)
HUSBAND = make_nik(DISTRICT, date(1998, 4, 9), MALE, 31)
STRANGER = make_nik(DISTRICT, date(1990, 1, 1), FEMALE, 77)


def register(app: FastAPI, kk: str, nik: str, password: str) -> TestClient:
    phone = TestClient(app)
    body = {"kk": kk, "nik": nik, "password": password, "village_code": VILLAGE,
            "address": "Jl. Baru No. 3", "rt": "4", "rw": "2"}  # fmt: skip
    assert phone.post(f"{SELF}/registrations", json=body).status_code == 201
    return phone


def test_an_administrator_hands_a_squatted_kk_back_to_the_family(
    app: FastAPI, admin: TestClient, database: Database
) -> None:
    squatter = register(app, NEW_KK, STRANGER, "punya-orang-lain")
    family = register(app, NEW_KK, HUSBAND, OLD)

    [claim] = admin.get(f"{API}/admin/claims").json()
    assert claim["kk"] == NEW_KK
    holder, claimant = claim["households"]
    assert (holder["holds"], claimant["holds"]) == (True, False)
    assert claimant["registrant_nik"] == "*" * 12 + HUSBAND[-4:]
    assert len(audit_actions(database, "claims_viewed")) == 1

    confirmed = admin.post(f"{API}/admin/claims/{claimant['id']}/confirm")

    assert confirmed.status_code == 200
    assert confirmed.json()["sessions_ended"] == 1
    assert not signed_in_still(squatter)
    assert signed_in_still(family)
    again = {"kk": NEW_KK, "nik": STRANGER, "password": "punya-orang-lain"}
    assert error_code(TestClient(app).post(f"{SELF}/session", json=again)) == (
        "identification_failed"
    )
    back = {"kk": NEW_KK, "nik": HUSBAND, "password": OLD}
    assert TestClient(app).post(f"{SELF}/session", json=back).status_code == 200
    assert admin.get(f"{API}/admin/claims").json() == []
    [entry] = audit_actions(database, "claim_resolved")
    assert (entry["household_id"], entry["actor"]) == (claimant["id"], "admin:admin01")


def test_a_registry_household_keeps_its_kk_against_a_claim(app: FastAPI, admin: TestClient) -> None:
    claimant = register(app, FAMILY.kk, STRANGER, "punya-orang-lain")
    [claim] = admin.get(f"{API}/admin/claims").json()
    registry, claim_id = claim["households"][0]["id"], claim["households"][1]["id"]

    refused = admin.post(f"{API}/admin/claims/{claim_id}/confirm")
    kept = admin.post(f"{API}/admin/claims/{registry}/confirm")

    assert error_code(refused) == "registry_holds_kk"
    assert kept.status_code == 200
    assert not signed_in_still(claimant)
    assert error_code(admin.post(f"{API}/admin/claims/{registry}/confirm")) == "not_a_claim"


def test_only_administrators_see_and_decide_claims(
    app: FastAPI, officer: TestClient, supervisor: TestClient
) -> None:
    register(app, NEW_KK, STRANGER, "punya-orang-lain")
    family = register(app, NEW_KK, HUSBAND, OLD)
    for client, status in ((officer, 403), (supervisor, 403), (family, 401)):
        assert client.get(f"{API}/admin/claims").status_code == status
        assert client.post(f"{API}/admin/claims/1/confirm").status_code == status
