"""A supervisor's pages: progress per officer and area, sync diagnostics that say why a record
was refused and what happens next, the interviews to review, one interview shown with the
questionnaire's labels, approve, return with a comment, and which record of a household is
final (audited)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from sqlalchemy import select

from sensus.storage.audit import audit_actions
from sensus.storage.database import Database
from sensus.storage.tables import submissions
from tests.integration.interviews.helpers import (
    FAMILY,
    NEIGHBOUR,
    FakeClock,
    TestClient,
    assignment_of,
    document_for,
    interview,
    listed,
    rows,
    sync,
    visit,
)
from tests.integration.interviews.test_precedence import records_of, self_respond
from tests.integration.staff_pages.helpers import send, text_of

INTERVIEWS = "/petugas/pengawas/wawancara"
COMMENT = "Tanggal lahir anak kedua tidak sesuai dengan akta; mohon dicek ulang."


def synced_interview(officer: TestClient, bundle: dict[str, Any]) -> dict[str, Any]:
    record = interview(assignment_of(bundle, FAMILY)["assignment_id"], document_for(bundle, FAMILY))
    sync(officer, record)
    return record


def review_status(database: Database, record_id: str) -> dict[str, Any]:
    found = rows(
        database,
        select(submissions.c.review_status, submissions.c.review_comment).where(
            submissions.c.submission_id == record_id
        ),
    )
    return found[0]


def test_progress_shows_each_officer_and_area_with_the_last_sync(
    officer: TestClient, supervisor: TestClient, bundle: dict[str, Any], clock: FakeClock
) -> None:
    family = assignment_of(bundle, FAMILY)["assignment_id"]
    neighbour = assignment_of(bundle, NEIGHBOUR)["assignment_id"]
    sync(
        officer,
        visit(neighbour, "nobody_home", revisit_at="2026-09-04T16:00:00+08:00"),
        interview(family, document_for(bundle, FAMILY)),
    )
    clock.advance(days=2)

    page = text_of(supervisor.get("/petugas/pengawas"))

    # assigned 2, visited 2, completed 1, outstanding 1, revisits due 1
    assert "PPL01 (ppl01) Ditugaskan 2 Dikunjungi 2 Selesai 1 Belum selesai 1" in page
    assert (
        "Kunjungan ulang jatuh tempo 1 Sinkronisasi terakhir: 3 September 2026, pukul 10.00 WITA"
        in page
    )
    assert "RT 004 / RW 002 63710110010001 PPL01 2 2 1 1 1 3 September 2026" in page
    assert "1 wawancara menunggu pemeriksaan Anda." in page


def test_sync_status_says_why_a_record_was_refused_and_what_happens_next(
    officer: TestClient, supervisor: TestClient, bundle: dict[str, Any]
) -> None:
    family = assignment_of(bundle, FAMILY)["assignment_id"]
    broken = visit(family, "nobody_home")
    del broken["revisit_at"]
    sync(officer, broken, visit(family, "refused"))

    page = text_of(supervisor.get("/petugas/pengawas/sinkronisasi"))
    english = supervisor.post(
        "/petugas/bahasa", data={"lang": "en", "next": "/petugas/pengawas/sinkronisasi"}
    )

    assert "Rekaman tersimpan 1" in page and "Rekaman ditolak 1" in page
    assert "Kunjungan · rekaman " + broken["record_id"][:8] in page
    assert "Alasan: Ada isian yang perlu diperbaiki." in page
    assert "Waktu kunjungan ulang: Bagian ini wajib ada." in page
    assert "petugas memperbaiki rekaman di HP lalu melakukan sinkronisasi lagi" in page
    assert "1 kali dicoba" in page
    in_english = text_of(english)
    assert "Why: Some answers need to be corrected." in in_english
    assert "Revisit time: This part is missing." in in_english
    assert "the officer corrects the record on the phone and syncs again" in in_english

    sync(officer, broken | {"revisit_at": "2026-09-05T09:00:00+08:00"})

    assert "No refused records." in text_of(supervisor.get("/petugas/pengawas/sinkronisasi"))


def test_sync_status_flags_an_officer_who_never_synced(supervisor: TestClient) -> None:
    page = text_of(supervisor.get("/petugas/pengawas/sinkronisasi"))

    assert "Sinkronisasi berhasil terakhir belum pernah" in page
    assert "Petugas ini belum pernah melakukan sinkronisasi." in page


def test_an_interview_reads_with_the_questionnaires_labels_in_the_pages_language(
    officer: TestClient, supervisor: TestClient, bundle: dict[str, Any]
) -> None:
    record = synced_interview(officer, bundle)
    head = FAMILY.members[0]

    listing = text_of(supervisor.get(INTERVIEWS))
    page = text_of(supervisor.get(f"{INTERVIEWS}/{record['record_id']}"))
    supervisor.post("/petugas/bahasa", data={"lang": "en", "next": INTERVIEWS})
    english = text_of(supervisor.get(f"{INTERVIEWS}/{record['record_id']}"))

    household_id = listed(bundle, FAMILY)["household_id"]
    assert f"Rumah tangga {household_id} 63710110010001 ppl01" in listing
    assert "Perlu diperiksa" in listing
    assert f"{head.name} Anggota ke-1 · Tinggal di sini" in page
    assert "Hubungan dengan kepala keluarga Kepala keluarga" in page
    assert "Jenis kelamin Laki-laki" in page
    assert "Desa/kelurahan Mantuil (6371011001)" in page
    assert "Nomor KK ************" + FAMILY.kk[-4:] in page
    assert FAMILY.kk not in page
    assert f"{head.name} Member 1 · Lives here" in english
    assert "Sex Male" in english


def test_approving_an_interview_redirects_and_says_so_once(
    officer: TestClient, supervisor: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    record = synced_interview(officer, bundle)
    page = f"{INTERVIEWS}/{record['record_id']}"

    approved = send(supervisor, f"{page}/setujui", {}, form=page)
    shown = supervisor.get(approved.headers["location"])
    shown_again = supervisor.get(page)
    again = send(supervisor, f"{page}/setujui", {}, form=page)

    assert approved.status_code == 303
    assert approved.headers["location"] == page
    assert "Wawancara disetujui." in text_of(shown)
    assert "Wawancara disetujui." not in text_of(shown_again)  # said once
    assert review_status(database, record["record_id"])["review_status"] == "approved"
    assert "Wawancara ini sudah diperiksa" in text_of(supervisor.get(again.headers["location"]))
    assert "Tidak ada wawancara yang menunggu" in text_of(supervisor.get(INTERVIEWS))


def test_a_returned_interview_carries_the_comment_to_the_officers_next_sync(
    officer: TestClient, supervisor: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    record = synced_interview(officer, bundle)
    page = f"{INTERVIEWS}/{record['record_id']}"

    returned = send(supervisor, f"{page}/kembalikan", {"comment": COMMENT}, form=page)

    assert returned.status_code == 303
    assert review_status(database, record["record_id"]) == {
        "review_status": "returned",
        "review_comment": COMMENT,
    }
    shown = text_of(supervisor.get(returned.headers["location"]))
    assert "Wawancara dikembalikan ke petugas." in shown
    assert f"Catatan Anda {COMMENT}" in shown
    changes = sync(officer, since=bundle["bundle_version"])["changes"]
    assert [r["comment"] for r in changes["returned_interviews"]] == [COMMENT]


def test_returning_without_a_comment_shows_the_form_again_and_changes_nothing(
    officer: TestClient, supervisor: TestClient, bundle: dict[str, Any], database: Database
) -> None:
    record = synced_interview(officer, bundle)
    page = f"{INTERVIEWS}/{record['record_id']}"

    response = send(supervisor, f"{page}/kembalikan", {"comment": "   "}, form=page)

    assert response.status_code == 422
    assert "Wajib diisi, paling banyak 1000 karakter." in text_of(response)
    assert 'aria-invalid="true"' in response.text
    # The language switch of a page answering a POST goes back to a page, not to the POST.
    assert f'name="next" value="{page}"' in response.text
    assert review_status(database, record["record_id"])["review_status"] == "pending"


def test_a_supervisor_makes_the_interview_final_over_the_self_response_with_a_reason(
    app: FastAPI,
    officer: TestClient,
    supervisor: TestClient,
    bundle: dict[str, Any],
    database: Database,
) -> None:
    record = synced_interview(officer, bundle)
    self_respond(app)
    household_id = listed(bundle, FAMILY)["household_id"]
    page = f"{INTERVIEWS}/{record['record_id']}"
    before = text_of(supervisor.get(page))
    reason = "Data online diisi tetangga, bukan keluarga."
    form = {"interview": record["record_id"], "record_id": record["record_id"]}
    decide = f"/petugas/pengawas/rumah-tangga/{household_id}/final"

    no_reason = send(supervisor, decide, {**form, "reason": ""}, form=page)
    decided = send(supervisor, decide, {**form, "reason": reason}, form=page)

    assert "Pengisian mandiri online Final" in before
    assert "Wawancara · wawancara ini Tidak final" in before
    assert no_reason.status_code == 422
    assert "Wajib diisi, paling banyak 500 karakter." in text_of(no_reason)
    assert decided.status_code == 303
    assert records_of(database, household_id) == {"interview": True, "self_response": False}
    [audited] = audit_actions(database, "precedence_decided")
    assert audited["actor"] == "supervisor:spv01"
    assert audited["detail"]["final"] == record["record_id"]
    assert audited["detail"]["reason"] == reason
    after = text_of(supervisor.get(decided.headers["location"]))
    assert "Keputusan Anda tercatat" in after
    assert "Wawancara · wawancara ini Final" in after
    assert "Pengisian mandiri online Tidak final" in after
