"""A household response document as a supervisor reads it: the questionnaire's labels, choice
labels, village names and each member's presence, in the page's language; answers the
questionnaire does not know are still shown, under their id."""

from __future__ import annotations

from pathlib import Path

import pytest

from sensus.domain.questionnaire import Questionnaire, load_questionnaire
from sensus.services.readable import read_document
from sensus.services.refusals import explain, field_place

SP2020 = Path(__file__).resolve().parents[2] / "questionnaires" / "sp2020.yaml"
DOCUMENT = {
    "questionnaire_id": "sp2020",
    "questionnaire_version": "2020.1",
    "household": {"wilayah_domisili": "6371011001", "alamat_domisili": "Jl. Mantuil Raya No. 12"},
    "members": [
        {
            "member_id": "r17",
            "presence": "lives_here",
            "answers": {
                "nama": "Ahmad Fauzi",
                "jenis_kelamin": 1,
                "tanggal_lahir": "1980-02-15",
                "akta_kawin": True,
                "hubungan": 1,
                "dropped_in_2019": "x",
            },
        },
        {"member_id": "r18", "presence": "moved_away", "answers": {}},
        {"member_id": "n-1b4e28ba-2fa1-4d2b-9b1a-7c1b7c0e2b11", "presence": "new", "answers": {}},
    ],
}


@pytest.fixture(scope="module")
def sp2020() -> Questionnaire:
    return load_questionnaire(SP2020)


def test_answers_read_with_labels_in_indonesian(sp2020: Questionnaire) -> None:
    doc = read_document(sp2020, DOCUMENT, "id", {"r17": "AHMAD FAUZI", "r18": "Siti Aminah"})

    head, moved, new = doc.members
    answers = {a.question_id: (a.label, a.text) for a in head.answers}
    assert answers["jenis_kelamin"] == ("Jenis kelamin", "Laki-laki")
    assert answers["tanggal_lahir"][1] == "15 Februari 1980"
    assert answers["akta_kawin"][1] == "Ya"
    assert answers["hubungan"][1] == "Kepala keluarga"
    assert answers["dropped_in_2019"] == ("dropped_in_2019", "x")  # nothing recorded is hidden
    assert list(answers)[-1] == "dropped_in_2019"
    assert head.name == "Ahmad Fauzi"  # as answered, not as the registry spells it
    assert (moved.name, moved.presence_label, moved.answers) == ("Siti Aminah", "Pindah", [])
    assert (new.name, new.presence_label, new.from_registry) == ("", "Anggota baru", False)
    household = {a.question_id: a.text for a in doc.household}
    assert household["wilayah_domisili"] == "Mantuil (6371011001)"
    assert doc.questionnaire == "sp2020 2020.1"


def test_answers_read_with_labels_in_english(sp2020: Questionnaire) -> None:
    doc = read_document(sp2020, DOCUMENT, "en")

    answers = {a.question_id: (a.label, a.text) for a in doc.members[0].answers}
    assert answers["jenis_kelamin"] == ("Sex", "Male")
    assert answers["tanggal_lahir"][1] == "15 February 1980"
    assert answers["akta_kawin"][1] == "Yes"
    assert doc.members[1].presence_label == "Moved away"


def test_a_malformed_document_reads_as_what_it_has(sp2020: Questionnaire) -> None:
    doc = read_document(sp2020, {"household": [], "members": [1, {"answers": []}]}, "id")

    assert doc.household == []
    assert [(m.member_id, m.answers) for m in doc.members] == [("", [])]


def test_a_refused_fields_place_is_named_as_people_say_it(sp2020: Questionnaire) -> None:
    assert field_place("document/members/2/tanggal_lahir", sp2020, "id") == (
        "Anggota ke-3 · Tanggal lahir"
    )
    assert (
        field_place("document/members/0/tanggal_lahir", sp2020, "en") == "Member 1 · Date of birth"
    )
    assert field_place("document/household/jamban", sp2020, "en").startswith("Household · ")
    assert field_place("revisit_at", sp2020, "id") == "Waktu kunjungan ulang"
    assert field_place("corrections/rt", sp2020, "en") == "Corrections · rt"
    assert field_place("something_else", sp2020, "en") == "something_else"


def test_a_refusal_says_why_in_the_catalogues_words(sp2020: Questionnaire) -> None:
    refusal = explain(
        {
            "record_id": "r-1",
            "kind": "interview",
            "code": "assignment_not_found",
            "fields": [{"path": "document/members/0/nik", "code": "required"}],
            "next": "ask_supervisor",
            "attempts": 2,
            "last_attempt_at": "2026-09-03T02:00:00+00:00",
        },
        sp2020,
        "id",
    )

    assert refusal.reason == "Tugas ini tidak ditemukan di antara tugas Anda."
    assert [(f.place, f.reason) for f in refusal.fields] == [
        ("Anggota ke-1 · NIK", "Pertanyaan ini wajib dijawab.")
    ]
    assert (refusal.next, refusal.attempts) == ("ask_supervisor", 2)
    assert refusal.last_attempt_at is not None and refusal.last_attempt_at.hour == 2
