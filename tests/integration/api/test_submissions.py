"""Submitting a household: stored exactly once and cleaned, a receipt with a valid check
character, replays answered with the same receipt, and refusals that store nothing."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

from sensus.domain import receipts
from sensus.domain.questionnaire import clean_document, load_questionnaire
from sensus.storage import households as store
from sensus.storage.database import Database
from tests.documents import CENSUS_DATE, Document, changed
from tests.integration.api.helpers import (
    SELF,
    FakeClock,
    TestClient,
    complete_document,
    error_code,
    field_codes,
    household_row,
    row_counts,
    sign_in,
)
from tests.integration.staff_pages.helpers import text_of
from tests.registry_files import FAMILY, NEIGHBOUR

SP2020 = Path(__file__).resolve().parents[3] / "questionnaires" / "sp2020.yaml"
DAUGHTER = 3


def submit(client: TestClient, document: Document, submission_id: str | None = None) -> Any:
    body = {"submission_id": submission_id or str(uuid.uuid4()), "document": document}
    return client.post(f"{SELF}/submissions", json=body)


def stored_payloads(database: Database) -> list[dict[str, Any]]:
    household_id = household_row(database)["id"]
    record = store.final_submission(database, household_id)
    assert record is not None
    return [json.loads(record.payload)]


def test_a_complete_household_is_stored_and_gets_a_receipt(
    signed_in: TestClient, database: Database, clock: FakeClock
) -> None:
    response = submit(signed_in, complete_document(signed_in))
    assert response.status_code == 201
    receipt = response.json()
    assert receipts.is_valid(receipt["receipt_code"])
    assert len(receipt["receipt_code"]) == receipts.LENGTH
    assert receipt["display_code"] == receipts.display(receipt["receipt_code"])
    assert receipt["kk_masked"] == "*" * 12 + FAMILY.kk[-4:]
    assert receipt["members_present"] == 4
    assert receipt["submitted_at"] == clock.now.astimezone(UTC).isoformat()
    assert household_row(database)["status"] == "submitted"
    assert store.count_submissions(database) == 1


def test_the_receipt_check_character_catches_a_mistyped_symbol(signed_in: TestClient) -> None:
    code = submit(signed_in, complete_document(signed_in)).json()["receipt_code"]
    for position in range(len(code)):
        for symbol in receipts.ALPHABET:
            if symbol != code[position]:
                assert not receipts.is_valid(code[:position] + symbol + code[position + 1 :])


def test_the_receipt_and_the_household_show_the_same_code_afterwards(
    signed_in: TestClient,
) -> None:
    receipt = submit(signed_in, complete_document(signed_in)).json()
    assert signed_in.get(f"{SELF}/receipt").json() == receipt
    view = signed_in.get(f"{SELF}/household").json()
    assert view["receipt"] == receipt
    assert view["household"]["status"] == "submitted"


def test_the_receipt_page_shows_the_time_in_the_households_zone_and_names_it(
    signed_in: TestClient,
) -> None:
    # Submitted at 09.00 WIB; the family lives in Banjarmasin, Kalimantan Selatan (WITA).
    submit(signed_in, complete_document(signed_in))
    page = text_of(signed_in.get("/tanda-terima"))
    assert "1 Maret 2026, pukul 10.00 WITA" in page
    assert "WIB" not in page
    signed_in.cookies.set("lang", "en")
    assert "1 March 2026, at 10:00 WITA" in text_of(signed_in.get("/tanda-terima"))


def test_there_is_no_receipt_before_submitting(signed_in: TestClient) -> None:
    response = signed_in.get(f"{SELF}/receipt")
    assert response.status_code == 409
    assert error_code(response) == "not_submitted"


def test_the_stored_record_is_exactly_the_cleaned_document(
    signed_in: TestClient, database: Database
) -> None:
    document = complete_document(signed_in)
    # Answers the questionnaire does not ask of an 11-year-old, and a blank optional answer.
    document = changed(document, f"members/{DAUGHTER}/aktivitas", 1)
    document = changed(document, f"members/{DAUGHTER}/pekerjaan", 9)
    document = changed(document, "members/0/uraian_pekerjaan", "  ")
    assert submit(signed_in, document).status_code == 201
    expected = clean_document(load_questionnaire(SP2020), document, CENSUS_DATE)
    assert stored_payloads(database) == [expected]
    assert "aktivitas" not in expected["members"][DAUGHTER]["answers"]
    assert "uraian_pekerjaan" not in expected["members"][0]["answers"]


def test_members_who_moved_away_are_stored_without_answers(
    signed_in: TestClient, database: Database
) -> None:
    document = complete_document(signed_in)
    document["members"][2]["presence"] = "moved_away"
    response = submit(signed_in, document)
    assert response.status_code == 201
    assert response.json()["members_present"] == 3
    [stored] = stored_payloads(database)
    assert stored["members"][2] == {
        "member_id": document["members"][2]["member_id"],
        "presence": "moved_away",
        "answers": {},
    }


def test_a_replay_answers_200_with_the_same_receipt_and_stores_nothing_twice(
    signed_in: TestClient, database: Database
) -> None:
    document = complete_document(signed_in)
    submission_id = str(uuid.uuid4())
    first = submit(signed_in, document, submission_id)
    counts = row_counts(database)
    for _ in range(3):
        replay = submit(signed_in, document, submission_id)
        assert replay.status_code == 200
        assert replay.json() == first.json()
    assert row_counts(database) == counts
    assert store.count_submissions(database) == 1


def test_a_replay_with_the_keys_in_another_order_is_the_same_body(
    signed_in: TestClient,
) -> None:
    document = complete_document(signed_in)
    submission_id = str(uuid.uuid4())
    first = submit(signed_in, document, submission_id)
    reordered = dict(reversed(list(document.items())))
    replay = submit(signed_in, reordered, submission_id.upper())
    assert (replay.status_code, replay.json()) == (200, first.json())


def test_a_replay_is_answered_even_after_the_window_closed(
    make_client: Callable[..., TestClient], clock: FakeClock
) -> None:
    # The phone that sent it on the last evening may only hear back after the window closed
    # (its session still holds).
    signed_in = make_client(self_response_closes=clock.now + timedelta(hours=1))
    sign_in(signed_in)
    document = complete_document(signed_in)
    submission_id = str(uuid.uuid4())
    first = submit(signed_in, document, submission_id)
    clock.advance(hours=2)
    replay = submit(signed_in, document, submission_id)
    assert (replay.status_code, replay.json()) == (200, first.json())


def test_the_same_id_with_another_body_is_refused_and_overwrites_nothing(
    signed_in: TestClient, database: Database
) -> None:
    document = complete_document(signed_in)
    submission_id = str(uuid.uuid4())
    submit(signed_in, document, submission_id)
    payloads, counts = stored_payloads(database), row_counts(database)
    other = changed(document, "household/jenis_lantai", 8)
    response = submit(signed_in, other, submission_id)
    assert response.status_code == 409
    assert error_code(response) == "submission_id_reused"
    assert stored_payloads(database) == payloads
    assert row_counts(database) == counts


def test_the_same_id_from_another_household_is_refused(
    make_client: Callable[..., TestClient], database: Database
) -> None:
    family, neighbour = make_client(), make_client()
    sign_in(family)
    sign_in(neighbour, NEIGHBOUR)
    submission_id = str(uuid.uuid4())
    document = complete_document(family)
    assert submit(family, document, submission_id).status_code == 201
    counts = row_counts(database)
    response = submit(neighbour, document, submission_id)
    assert response.status_code == 409
    assert error_code(response) == "submission_id_reused"
    assert row_counts(database) == counts
    assert household_row(database, NEIGHBOUR)["status"] == "not_started"


def test_a_second_submission_of_a_submitted_household_is_refused_with_its_receipt(
    signed_in: TestClient, database: Database
) -> None:
    document = complete_document(signed_in)
    first = submit(signed_in, document).json()
    counts = row_counts(database)
    response = submit(signed_in, changed(document, "household/jenis_lantai", 8))
    assert response.status_code == 409
    assert error_code(response) == "already_submitted"
    assert response.json()["error"]["detail"] == {"receipt": first}
    assert row_counts(database) == counts


def test_field_errors_come_in_indonesian_and_english_and_store_nothing(
    signed_in: TestClient, database: Database
) -> None:
    document = changed(complete_document(signed_in), "members/1/tanggal_lahir", "2021-02-29")
    document = changed(document, "household/jamban", 99)
    before, household = row_counts(database), household_row(database)
    response = submit(signed_in, document)
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "validation_failed"
    assert body["message_id"] == "Ada isian yang perlu diperbaiki."
    assert body["message_en"] == "Some answers need to be corrected."
    assert body["fields"] == [
        {
            "path": "household/jamban",
            "code": "invalid_choice",
            "message_id": "Pilihan jawaban tidak tersedia.",
            "message_en": "This choice is not available.",
        },
        {
            "path": "members/1/tanggal_lahir",
            "code": "no_such_date",
            "message_id": "Tanggal ini tidak ada di kalender. Periksa hari dan bulannya.",
            "message_en": (
                "There is no such day in the calendar. Please check the day and the month."
            ),
        },
    ]
    assert row_counts(database) == before
    assert household_row(database) == household


def test_a_roster_that_leaves_out_a_registry_member_is_refused(signed_in: TestClient) -> None:
    document = complete_document(signed_in)
    del document["members"][3]
    response = submit(signed_in, document)
    assert response.status_code == 422
    assert field_codes(response) == [("members", "registry_member_missing")]


def test_a_roster_claiming_someone_of_another_card_is_refused(
    make_client: Callable[..., TestClient],
) -> None:
    neighbour = make_client()
    sign_in(neighbour, NEIGHBOUR)
    stranger = neighbour.get(f"{SELF}/household").json()["registry_members"][0]["member_id"]
    family = make_client()
    sign_in(family)
    document = complete_document(family)
    document["members"][3]["member_id"] = stranger
    response = submit(family, document)
    assert response.status_code == 422
    assert ("members/3/member_id", "unknown_member") in field_codes(response)


def test_a_document_of_another_questionnaire_version_gets_409_and_stores_nothing(
    signed_in: TestClient, database: Database
) -> None:
    before = row_counts(database)
    document = complete_document(signed_in) | {"questionnaire_version": "2019.1"}
    response = submit(signed_in, document)
    assert response.status_code == 409
    assert error_code(response) == "questionnaire_changed"
    assert response.json()["error"]["detail"] == {"questionnaire_version": "2020.1"}
    assert row_counts(database) == before


def test_a_document_without_its_questionnaire_version_is_a_field_error(
    signed_in: TestClient,
) -> None:
    document = complete_document(signed_in)
    del document["questionnaire_version"]
    response = submit(signed_in, document)
    assert response.status_code == 422
    assert field_codes(response) == [("questionnaire_version", "missing_field")]


def test_a_submission_id_that_is_not_a_uuid_is_refused(
    signed_in: TestClient, database: Database
) -> None:
    before = row_counts(database)
    response = submit(signed_in, complete_document(signed_in), "receipt-1")
    assert response.status_code == 422
    assert field_codes(response) == [("submission_id", "uuid_parsing")]
    assert row_counts(database) == before


def test_a_submission_before_the_window_opens_is_refused_with_its_dates(
    signed_in: TestClient, clock: FakeClock, database: Database
) -> None:
    document = complete_document(signed_in)
    clock.now = clock.now.replace(year=2025)
    before = row_counts(database)
    response = submit(signed_in, document)
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "window_not_open"
    assert error["detail"] == {
        "opens": "2026-01-01T00:00:00+07:00",
        "closes": "2027-12-31T23:59:00+07:00",
    }
    assert row_counts(database) == before


def test_a_submission_needs_a_session(client: TestClient, database: Database) -> None:
    before = row_counts(database)
    response = submit(client, {"questionnaire_id": "sp2020"})
    assert response.status_code == 401
    assert row_counts(database) == before


def test_submitting_is_audited(signed_in: TestClient, database: Database) -> None:
    submit(signed_in, complete_document(signed_in))
    entries = store.audit_entries(database, household_row(database)["id"])
    assert [(e["actor"], e["action"], e["detail"]) for e in entries] == [
        ("respondent", "password_set", {}),
        ("respondent", "submitted", {"mode": "self_response"}),
    ]


def test_a_submission_does_not_change_the_registry(
    signed_in: TestClient, database: Database
) -> None:
    before = copy.deepcopy(signed_in.get(f"{SELF}/household").json()["registry_members"])
    document = changed(complete_document(signed_in), "members/0/nama", "Budi S.")
    assert submit(signed_in, document).status_code == 201
    assert signed_in.get(f"{SELF}/household").json()["registry_members"] == before
