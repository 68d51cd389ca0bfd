"""A supervisor reviews the correction of an interview they returned.

Given an interview of FAMILY that the supervisor returned with a comment,
when the officer's corrected interview arrives and the supervisor opens it,
then the page says the household's other record is the returned interview (its officer and
times), not an online self-response; shows the returned version, the comment and, answer by
answer, what the correction changed, with the questionnaire's labels, in both languages;
and the returned version is not offered to be made final (nor can it be, by a crafted form).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from fastapi import FastAPI
from sqlalchemy import select

from sensus.storage.database import Database
from sensus.storage.tables import submissions
from tests.integration.interviews.helpers import (
    FAMILY,
    FakeClock,
    TestClient,
    assignment_of,
    document_for,
    interview,
    listed,
    rows,
    statuses,
    sync,
)
from tests.integration.interviews.test_precedence import self_respond
from tests.integration.staff_pages.helpers import send, text_of

INTERVIEWS = "/petugas/pengawas/wawancara"
COMMENT = "Suku bangsa kepala keluarga salah: tanyakan lagi."


def returned_then_corrected(
    officer: TestClient, supervisor: TestClient, bundle: dict[str, Any], clock: FakeClock
) -> tuple[str, str]:
    """FAMILY's interview, returned with COMMENT, then corrected: (returned id, correction id)."""
    assignment = assignment_of(bundle, FAMILY)["assignment_id"]
    first = interview(assignment, document_for(bundle, FAMILY))
    assert statuses(sync(officer, first)) == ["stored"]
    clock.advance(hours=1)
    page = f"{INTERVIEWS}/{first['record_id']}"
    sent = send(supervisor, f"{page}/kembalikan", {"comment": COMMENT}, form=page)
    assert sent.status_code == 303
    clock.advance(hours=1)
    document = copy.deepcopy(document_for(bundle, FAMILY))
    document["members"][0]["answers"]["suku_bangsa"] = "Dayak"
    corrected = interview(assignment, document)
    assert statuses(sync(officer, corrected)) == ["stored"]
    return first["record_id"], corrected["record_id"]


def test_the_correction_shows_the_returned_version_the_comment_and_what_changed(
    officer: TestClient, supervisor: TestClient, bundle: dict[str, Any], clock: FakeClock
) -> None:
    returned, corrected = returned_then_corrected(officer, supervisor, bundle, clock)
    head = FAMILY.members[0].name

    page = text_of(supervisor.get(f"{INTERVIEWS}/{corrected}"))
    supervisor.post("/petugas/bahasa", data={"lang": "en", "next": INTERVIEWS})
    english = text_of(supervisor.get(f"{INTERVIEWS}/{corrected}"))

    assert "misalnya pengisian mandiri online" not in page
    assert (
        "Rumah tangga ini memiliki 1 data lain: Wawancara yang dikembalikan ke petugas · "
        "petugas ppl01 · diterima 3 September 2026, pukul 10.00 WITA · "
        "dikembalikan 3 September 2026, pukul 11.00 WITA"
    ) in page
    assert "Wawancara ini memperbaiki wawancara yang dikembalikan" in page
    assert f"Catatan saat dikembalikan {COMMENT}" in page
    assert f"Anggota ke-1 ({head}) · Suku bangsa Banjar Dayak" in page
    assert page.count("· Suku bangsa") == 1  # nothing else changed
    assert "Tampilkan jawaban versi yang dikembalikan" in page
    assert "This household has 1 other record: Interview returned to the officer" in english
    assert "for example an online self-response" not in english
    assert f"Comment it was returned with {COMMENT}" in english
    assert f"Member 1 ({head}) · Ethnic group Banjar Dayak" in english
    assert returned != corrected


def test_the_returned_version_is_not_offered_to_be_made_final(
    officer: TestClient,
    supervisor: TestClient,
    bundle: dict[str, Any],
    clock: FakeClock,
    database: Database,
) -> None:
    returned, corrected = returned_then_corrected(officer, supervisor, bundle, clock)
    household_id = listed(bundle, FAMILY)["household_id"]
    page = f"{INTERVIEWS}/{corrected}"

    shown = text_of(supervisor.get(page))
    crafted = send(
        supervisor,
        f"/petugas/pengawas/rumah-tangga/{household_id}/final",
        {"interview": corrected, "record_id": returned, "reason": "Versi lama lebih benar."},
        form=page,
    )

    assert "Jadikan data ini final" not in shown
    assert "Wawancara · dikembalikan ke petugas Tidak final" in shown
    assert "Dikembalikan ke petugas untuk diperbaiki: tidak dapat dijadikan data final." in shown
    assert crafted.status_code == 422
    assert "tidak dapat dijadikan data final" in text_of(crafted)
    final = select(submissions.c.submission_id, submissions.c.is_final)
    assert rows(database, final.where(submissions.c.household_id == household_id)) == [
        {"submission_id": returned, "is_final": False},
        {"submission_id": corrected, "is_final": True},
    ]


def test_a_household_that_also_answered_online_names_both_other_records(
    app: FastAPI,
    officer: TestClient,
    supervisor: TestClient,
    bundle: dict[str, Any],
    clock: FakeClock,
) -> None:
    _, corrected = returned_then_corrected(officer, supervisor, bundle, clock)
    self_respond(app)

    response = supervisor.get(f"{INTERVIEWS}/{corrected}")
    page = text_of(response)

    assert "Rumah tangga ini memiliki 2 data lain: Wawancara yang dikembalikan ke petugas" in page
    assert "Pengisian mandiri online · diterima 3 September 2026" in page
    # The self-response is final by the rule; only the correction may be made final instead.
    offered = re.findall(r'name="record_id" value="([^"]+)"', response.text)
    assert offered == [corrected]
