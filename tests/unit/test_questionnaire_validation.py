"""Validating and cleaning household documents against sp2020: what the server accepts, what
it refuses (at which path, with which code), and what it stores.

Behaviours of the engine on the real questionnaire. The cases both evaluators must agree on
(browser and server) are the shared vectors in ``tests/vectors``; these are not repeated there.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sensus.domain.identity import FEMALE, MALE, make_nik
from sensus.domain.questionnaire import (
    Questionnaire,
    clean_document,
    load_questionnaire,
    validate_document,
    validate_draft,
)
from tests.documents import CENSUS_DATE, Document, changed, member, registry_document
from tests.registry_files import DISTRICT, FAMILY

SP2020 = Path(__file__).resolve().parents[2] / "questionnaires" / "sp2020.yaml"
HEAD, WIFE, SON, DAUGHTER = 0, 1, 2, 3  # FAMILY's members, in registry order
NEW_ID = "n-1b4e28ba-2fa1-4d2b-9b1a-7c1b7c0e2b11"
WORK_QUESTIONS = ("aktivitas", "aktivitas_lainnya", "pensiunan", "pekerjaan", "status_pekerjaan")


@pytest.fixture(scope="module")
def sp2020() -> Questionnaire:
    return load_questionnaire(SP2020)


@pytest.fixture
def family() -> Document:
    """FAMILY's complete, valid document (head, wife, a son of 18, a daughter of 11)."""
    return registry_document(FAMILY, ["r1", "r2", "r3", "r4"])


def errors_of(
    questionnaire: Questionnaire, document: Any, census_date: str = CENSUS_DATE
) -> list[tuple[str, str]]:
    return [(e.path, e.code) for e in validate_document(questionnaire, document, census_date)]


def newborn(born: date, **answers: Any) -> Document:
    """A baby added to the family, with a NIK of her own."""
    nik = make_nik(DISTRICT, born, FEMALE, 9)
    return member(
        NEW_ID,
        {
            "nama": "Bayi",
            "alasan_baru": 1,
            "punya_nik": True,
            "nik": nik,
            "jenis_kelamin": FEMALE,
            "tempat_lahir": "Banjarmasin",
            "tanggal_lahir": born.isoformat(),
            "lama_tinggal": 0,
            "kewarganegaraan": 1,
            "suku_bangsa": "Banjar",
            "agama": 1,
            "hubungan": 6,
        }
        | answers,
        presence="new",
    )


def with_member(document: Document, added: Document) -> Document:
    result = copy.deepcopy(document)
    result["members"].append(added)
    return result


# -- a complete document ------------------------------------------------------------------------


def test_a_complete_household_has_no_errors_and_is_stored_as_answered(
    sp2020: Questionnaire, family: Document
) -> None:
    assert errors_of(sp2020, family) == []
    assert clean_document(sp2020, family, CENSUS_DATE) == family


def test_every_error_carries_indonesian_and_english_messages(
    sp2020: Questionnaire, family: Document
) -> None:
    document = changed(family, f"members/{HEAD}/lama_tinggal", 121)
    [error] = validate_document(sp2020, document, CENSUS_DATE)
    assert error.as_dict() == {
        "path": f"members/{HEAD}/lama_tinggal",
        "code": "out_of_range",
        "message_id": "Isikan angka 0–120.",
        "message_en": "Enter a number from 0 to 120.",
    }


def test_messages_never_repeat_the_answer(sp2020: Questionnaire, family: Document) -> None:
    wrong_nik = make_nik(DISTRICT, date(1980, 5, 12), FEMALE, 1)  # the head's, as a woman's
    document = changed(family, f"members/{HEAD}/nik", wrong_nik)
    for error in validate_document(sp2020, document, CENSUS_DATE):
        assert wrong_nik not in error.id + error.en
        assert "1980" not in error.id + error.en


# -- skip logic ---------------------------------------------------------------------------------


def test_a_child_under_15_is_not_asked_work_questions(
    sp2020: Questionnaire, family: Document
) -> None:
    # The daughter (11) has no work answers in the complete document, and none is required.
    assert not set(WORK_QUESTIONS) & set(family["members"][DAUGHTER]["answers"])
    assert errors_of(sp2020, family) == []


def test_work_answers_given_for_a_child_under_15_are_dropped_when_cleaned(
    sp2020: Questionnaire, family: Document
) -> None:
    document = family
    for question, value in (("aktivitas", 1), ("pekerjaan", 9), ("status_pekerjaan", 7)):
        document = changed(document, f"members/{DAUGHTER}/{question}", value)
    assert errors_of(sp2020, document) == []  # not relevant: not an error either
    stored = clean_document(sp2020, document, CENSUS_DATE)
    assert not set(WORK_QUESTIONS) & set(stored["members"][DAUGHTER]["answers"])
    assert stored == clean_document(sp2020, family, CENSUS_DATE)


def test_a_dropped_answer_cannot_make_a_later_question_relevant(
    sp2020: Questionnaire, family: Document
) -> None:
    # aktivitas 4 ("other") would ask aktivitas_lainnya; for a child it is dropped first.
    document = changed(family, f"members/{DAUGHTER}/aktivitas", 4)
    assert errors_of(sp2020, document) == []  # aktivitas_lainnya is not required of her


def test_someone_of_15_or_more_must_answer_the_work_questions(
    sp2020: Questionnaire, family: Document
) -> None:
    document = changed(family, f"members/{HEAD}/aktivitas", ...)
    assert errors_of(sp2020, document) == [(f"members/{HEAD}/aktivitas", "required")]


def test_an_answer_that_opens_a_question_makes_that_question_required(
    sp2020: Questionnaire, family: Document
) -> None:
    document = changed(family, f"members/{WIFE}/aktivitas", 4)  # "other": describe it
    assert errors_of(sp2020, document) == [(f"members/{WIFE}/aktivitas_lainnya", "required")]


@pytest.mark.parametrize(("census_date", "asked"), [("2027-02-28", False), ("2027-03-01", True)])
def test_someone_born_on_29_february_turns_15_on_1_march(
    sp2020: Questionnaire, family: Document, census_date: str, asked: bool
) -> None:
    born = date(2012, 2, 29)
    document = changed(family, f"members/{DAUGHTER}/tanggal_lahir", born.isoformat())
    document = changed(document, f"members/{DAUGHTER}/nik", make_nik(DISTRICT, born, FEMALE, 4))
    expected = [(f"members/{DAUGHTER}/aktivitas", "required")] if asked else []
    assert errors_of(sp2020, document, census_date) == expected


def test_a_baby_born_on_29_february_of_a_leap_year_is_accepted(
    sp2020: Questionnaire, family: Document
) -> None:
    document = with_member(family, newborn(date(2024, 2, 29), lama_tinggal=2))
    assert errors_of(sp2020, document) == []


def test_an_added_member_without_a_nik_is_not_asked_for_one(
    sp2020: Questionnaire, family: Document
) -> None:
    baby = newborn(date(2026, 1, 10), punya_nik=False)
    document = with_member(family, baby)
    assert errors_of(sp2020, document) == []
    stored = clean_document(sp2020, document, CENSUS_DATE)
    assert "nik" not in stored["members"][-1]["answers"]


def test_an_added_member_is_asked_why_they_joined(sp2020: Questionnaire, family: Document) -> None:
    baby = newborn(date(2026, 1, 10))
    del baby["answers"]["alasan_baru"]
    assert errors_of(sp2020, with_member(family, baby)) == [("members/4/alasan_baru", "required")]


# -- required, ranges, dates, types ---------------------------------------------------------------


@pytest.mark.parametrize("unanswered", [..., None, "", "   "])
def test_a_required_question_left_unanswered_is_an_error(
    sp2020: Questionnaire, family: Document, unanswered: Any
) -> None:
    document = changed(family, f"members/{HEAD}/nama", unanswered)
    assert errors_of(sp2020, document) == [(f"members/{HEAD}/nama", "required")]


def test_a_household_question_left_unanswered_is_an_error(
    sp2020: Questionnaire, family: Document
) -> None:
    document = changed(family, "household/jenis_lantai", ...)
    assert errors_of(sp2020, document) == [("household/jenis_lantai", "required")]


def test_an_optional_question_may_stay_unanswered(sp2020: Questionnaire, family: Document) -> None:
    assert "uraian_pekerjaan" not in family["members"][HEAD]["answers"]
    assert errors_of(sp2020, family) == []


@pytest.mark.parametrize("day", ["2013-02-29", "2021-02-29", "1980-02-30", "1980-13-12"])
def test_a_date_written_right_that_is_no_day_is_no_such_date_not_a_format_error(
    sp2020: Questionnaire, family: Document, day: str
) -> None:
    document = changed(family, f"members/{HEAD}/tanggal_lahir", day)
    [error] = [
        e for e in validate_document(sp2020, document, CENSUS_DATE) if e.path.endswith("lahir")
    ]
    assert error.code == "no_such_date"
    assert error.en == "There is no such day in the calendar. Please check the day and the month."


@pytest.mark.parametrize("day", ["1980-5-12", "12-05-1980"])
def test_a_date_written_another_way_is_a_format_error(
    sp2020: Questionnaire, family: Document, day: str
) -> None:
    document = changed(family, f"members/{HEAD}/tanggal_lahir", day)
    assert (f"members/{HEAD}/tanggal_lahir", "invalid_date") in errors_of(sp2020, document)


def test_an_answer_out_of_range_says_the_range(sp2020: Questionnaire, family: Document) -> None:
    early = changed(family, f"members/{HEAD}/tanggal_lahir", "1899-12-31")
    [error] = [e for e in validate_document(sp2020, early, CENSUS_DATE) if e.code == "out_of_range"]
    assert (error.id, error.en) == (
        "Tanggal tidak boleh sebelum 1 Januari 1900.",
        "The date cannot be before 1 January 1900.",
    )
    many = changed(family, f"members/{HEAD}/lama_tinggal", -1)
    [error] = validate_document(sp2020, many, CENSUS_DATE)
    assert (error.id, error.en) == ("Isikan angka 0–120.", "Enter a number from 0 to 120.")


def test_a_birth_date_before_1900_is_out_of_range(sp2020: Questionnaire, family: Document) -> None:
    document = changed(family, f"members/{HEAD}/tanggal_lahir", "1899-12-31")
    assert (f"members/{HEAD}/tanggal_lahir", "out_of_range") in errors_of(sp2020, document)


def test_a_birth_date_after_the_census_date_fails_its_constraint_with_its_own_message(
    sp2020: Questionnaire, family: Document
) -> None:
    document = changed(family, f"members/{DAUGHTER}/tanggal_lahir", "2026-09-02")
    errors = validate_document(sp2020, document, CENSUS_DATE)
    [birth] = [e for e in errors if e.path == f"members/{DAUGHTER}/tanggal_lahir"]
    assert birth.code == "constraint_failed"
    assert birth.en == "The date of birth cannot be after the census date."
    assert birth.id == "Tanggal lahir tidak boleh setelah tanggal sensus."


@pytest.mark.parametrize(
    ("years", "expected"), [(-1, "out_of_range"), (121, "out_of_range"), (0, None)]
)
def test_integers_are_held_to_their_bounds(
    sp2020: Questionnaire, family: Document, years: int, expected: str | None
) -> None:
    document = changed(family, f"members/{HEAD}/lama_tinggal", years)
    errors = errors_of(sp2020, document)
    assert errors == ([(f"members/{HEAD}/lama_tinggal", expected)] if expected else [])


def test_years_lived_here_cannot_exceed_the_age(sp2020: Questionnaire, family: Document) -> None:
    document = changed(family, f"members/{DAUGHTER}/lama_tinggal", 12)  # she is 11
    assert errors_of(sp2020, document) == [
        (f"members/{DAUGHTER}/lama_tinggal", "constraint_failed")
    ]


def test_a_text_longer_than_its_limit_is_refused(sp2020: Questionnaire, family: Document) -> None:
    document = changed(family, f"members/{HEAD}/nama", "x" * 121)
    assert errors_of(sp2020, document) == [(f"members/{HEAD}/nama", "too_long")]


def test_a_code_not_in_the_choice_list_is_refused(sp2020: Questionnaire, family: Document) -> None:
    document = changed(family, "household/jamban", 99)
    assert errors_of(sp2020, document) == [("household/jamban", "invalid_choice")]


def test_a_village_code_that_does_not_exist_is_refused(
    sp2020: Questionnaire, family: Document
) -> None:
    document = changed(family, "household/wilayah_domisili", "6371011999")
    assert errors_of(sp2020, document) == [("household/wilayah_domisili", "invalid_region")]


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("lama_tinggal", "10"),  # a number as text
        ("lama_tinggal", 1.5),
        ("lama_tinggal", True),  # a bool is an int in Python, never an integer answer
        ("akta_kawin", 1),
        ("hubungan", [1]),
        ("nama", 42),
        ("tanggal_lahir", 19800512),
    ],
)
def test_an_answer_of_the_wrong_type_is_refused(
    sp2020: Questionnaire, family: Document, question: str, value: Any
) -> None:
    document = changed(family, f"members/{HEAD}/{question}", value)
    # A number question says it takes digits: "not the right kind" told people nothing.
    code = "not_a_number" if question == "lama_tinggal" else "invalid_type"
    assert (f"members/{HEAD}/{question}", code) in errors_of(sp2020, document)


def test_an_integral_number_sent_as_a_float_is_the_integer(
    sp2020: Questionnaire, family: Document
) -> None:
    document = changed(family, f"members/{HEAD}/lama_tinggal", 10.0)  # JSON 10.0 is JS's 10
    assert errors_of(sp2020, document) == []
    stored = clean_document(sp2020, document, CENSUS_DATE)
    assert type(stored["members"][HEAD]["answers"]["lama_tinggal"]) is int


@pytest.mark.parametrize("where", ["household", f"members/{HEAD}"])
def test_an_answer_to_an_unknown_question_is_refused(
    sp2020: Questionnaire, family: Document, where: str
) -> None:
    document = changed(family, f"{where}/hobi", "memancing")
    assert errors_of(sp2020, document) == [(f"{where}/hobi", "unknown_field")]


def test_a_person_question_answered_for_the_household_is_unknown_there(
    sp2020: Questionnaire, family: Document
) -> None:
    document = changed(family, "household/nama", "Budi")
    assert errors_of(sp2020, document) == [("household/nama", "unknown_field")]


# -- NIK ----------------------------------------------------------------------------------------


def test_a_nik_that_says_another_sex_is_refused(sp2020: Questionnaire, family: Document) -> None:
    document = changed(family, f"members/{HEAD}/jenis_kelamin", FEMALE)
    assert errors_of(sp2020, document) == [(f"members/{HEAD}/nik", "sex_mismatch")]


def test_a_nik_that_says_another_birth_date_is_refused(
    sp2020: Questionnaire, family: Document
) -> None:
    document = changed(family, f"members/{HEAD}/tanggal_lahir", "1980-05-13")
    assert errors_of(sp2020, document) == [(f"members/{HEAD}/nik", "birth_date_mismatch")]


def test_a_nik_that_is_not_16_digits_is_refused(sp2020: Questionnaire, family: Document) -> None:
    document = changed(family, f"members/{HEAD}/nik", "63710112058000")
    assert errors_of(sp2020, document) == [(f"members/{HEAD}/nik", "format")]


def test_two_members_with_one_nik_are_refused(sp2020: Questionnaire, family: Document) -> None:
    # A second baby with the first one's NIK, sex and birth date: only the repeat is wrong.
    first = newborn(date(2026, 1, 10))
    second = copy.deepcopy(first)
    second["member_id"] = "n-2c5f39cb-3fb2-4e3c-8c2b-8d2c8d1f3c22"
    document = with_member(with_member(family, first), second)
    assert errors_of(sp2020, document) == [("members/5/nik", "duplicate_nik")]


def test_a_member_who_moved_away_may_share_a_nik_with_someone_present(
    sp2020: Questionnaire, family: Document
) -> None:
    # Their old answers are not read: the person may have come back as "new".
    document = copy.deepcopy(family)
    document["members"][SON]["presence"] = "moved_away"
    returned = newborn(date(2026, 1, 10))
    returned["answers"]["nik"] = family["members"][SON]["answers"]["nik"]
    returned["answers"] |= {
        "jenis_kelamin": MALE,
        "tanggal_lahir": "2008-01-15",
        "alasan_baru": 2,
        "lama_tinggal": 1,
        "hubungan": 4,
        "bahasa_rumah": 2,
        "ijazah": 4,
        "status_kawin": 1,
        "aktivitas": 2,
        "pensiunan": False,
    }
    assert errors_of(sp2020, with_member(document, returned)) == []


# -- roster -------------------------------------------------------------------------------------


def test_a_household_without_a_head_is_refused(sp2020: Questionnaire, family: Document) -> None:
    document = changed(family, f"members/{HEAD}/hubungan", 7)
    assert errors_of(sp2020, document) == [("members", "no_head")]


def test_a_household_with_two_heads_is_refused(sp2020: Questionnaire, family: Document) -> None:
    document = changed(family, f"members/{WIFE}/hubungan", 1)
    assert errors_of(sp2020, document) == [("members", "multiple_heads")]


def test_a_head_who_moved_away_leaves_the_household_without_a_head(
    sp2020: Questionnaire, family: Document
) -> None:
    document = copy.deepcopy(family)
    document["members"][HEAD]["presence"] = "moved_away"
    assert errors_of(sp2020, document) == [("members", "no_head")]


def test_a_household_where_nobody_lives_any_more_is_refused(
    sp2020: Questionnaire, family: Document
) -> None:
    document = copy.deepcopy(family)
    for person in document["members"]:
        person["presence"] = "died" if person is document["members"][HEAD] else "moved_away"
    assert errors_of(sp2020, document) == [("members", "no_member_present")]


def test_members_who_moved_away_or_died_get_no_answers_stored(
    sp2020: Questionnaire, family: Document
) -> None:
    document = copy.deepcopy(family)
    document["members"][SON]["presence"] = "moved_away"
    document["members"][DAUGHTER]["presence"] = "died"
    assert errors_of(sp2020, document) == []  # their answers are not checked either
    stored = clean_document(sp2020, document, CENSUS_DATE)
    assert stored["members"][SON] == {"member_id": "r3", "presence": "moved_away", "answers": {}}
    assert stored["members"][DAUGHTER] == {"member_id": "r4", "presence": "died", "answers": {}}


@pytest.mark.parametrize(
    ("member_id", "presence", "code"),
    [
        ("r1", "new", "presence_not_allowed"),  # a registry member is not new
        (NEW_ID, "died", "presence_not_allowed"),  # nor can an added one have died
        ("r1", "away", "invalid_presence"),
    ],
)
def test_a_presence_that_does_not_fit_the_member_is_refused(
    sp2020: Questionnaire, family: Document, member_id: str, presence: str, code: str
) -> None:
    document = copy.deepcopy(family)
    document["members"][HEAD] |= {"member_id": member_id, "presence": presence}
    assert (f"members/{HEAD}/presence", code) in errors_of(sp2020, document)


@pytest.mark.parametrize("member_id", ["17", "r0", "r01", "n-not-a-uuid", 17])
def test_a_member_id_of_neither_form_is_refused(
    sp2020: Questionnaire, family: Document, member_id: Any
) -> None:
    document = copy.deepcopy(family)
    document["members"][HEAD]["member_id"] = member_id
    assert (f"members/{HEAD}/member_id", "invalid_member_id") in errors_of(sp2020, document)


def test_more_than_60_members_are_refused_without_reading_them(
    sp2020: Questionnaire, family: Document
) -> None:
    document = copy.deepcopy(family)
    document["members"] = family["members"] * 16
    assert errors_of(sp2020, document) == [("members", "too_many_members")]


# -- the document's shape -----------------------------------------------------------------------


def test_a_document_for_another_questionnaire_version_is_refused(
    sp2020: Questionnaire, family: Document
) -> None:
    document = family | {"questionnaire_version": "2019.1"}
    assert errors_of(sp2020, document) == [("questionnaire_version", "questionnaire_changed")]


@pytest.mark.parametrize(
    "key", ["questionnaire_id", "questionnaire_version", "household", "members"]
)
def test_a_document_without_one_of_its_parts_is_refused(
    sp2020: Questionnaire, family: Document, key: str
) -> None:
    document = {k: v for k, v in family.items() if k != key}
    assert (key, "missing_field") in errors_of(sp2020, document)


def test_a_document_with_an_unknown_part_is_refused(
    sp2020: Questionnaire, family: Document
) -> None:
    assert errors_of(sp2020, family | {"catatan": "x"}) == [("catatan", "unknown_field")]


@pytest.mark.parametrize("document", [[], "sp2020", None, 3])
def test_a_document_that_is_not_an_object_is_refused(sp2020: Questionnaire, document: Any) -> None:
    assert errors_of(sp2020, document) == [("", "invalid_type")]


# -- drafts -------------------------------------------------------------------------------------


def test_a_draft_may_be_partial(sp2020: Questionnaire) -> None:
    draft = {"members": [member("r1", {"nama": "Budi"})]}
    assert validate_draft(sp2020, draft) == []


def test_a_draft_may_still_be_of_the_previous_questionnaire_version(
    sp2020: Questionnaire, family: Document
) -> None:
    # The page reloads the new version; until then, its typing is kept.
    assert validate_draft(sp2020, family | {"questionnaire_version": "2019.1"}) == []


def test_a_draft_is_refused_for_wrong_types_and_unknown_questions_only(
    sp2020: Questionnaire,
) -> None:
    draft = {
        "household": {"jamban": "1"},
        "members": [member("r1", {"lama_tinggal": 500, "hobi": "x", "hubungan": 1})],
    }
    errors = [(e.path, e.code) for e in validate_draft(sp2020, draft)]
    # 500 is out of range, but that is for the submission to say.
    assert errors == [("household/jamban", "invalid_type"), ("members/0/hobi", "unknown_field")]
