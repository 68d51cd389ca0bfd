"""Loading a questionnaire: the default one loads; a broken one is refused with every problem
named at its place, in one error (the author fixes the file in one pass).

Fixtures: ``questionnaires/tests/load_*.yaml``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from sensus.config import Settings
from sensus.domain.questionnaire import (
    Questionnaire,
    QuestionnaireError,
    load_questionnaire,
    parse_questionnaire,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "questionnaires" / "tests"
SP2020 = ROOT / "questionnaires" / "sp2020.yaml"


def problems_of(name: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as refused:
        load_questionnaire(FIXTURES / name)
    assert refused.value.source == str(FIXTURES / name)
    return refused.value.problems


def problems_in(raw: bytes) -> list[str]:
    with pytest.raises(QuestionnaireError) as refused:
        parse_questionnaire(raw)
    return refused.value.problems


def minimal_with(extra_question: str) -> bytes:
    """load_minimal.yaml with one more question (YAML, indented as a list item)."""
    return (FIXTURES / "load_minimal.yaml").read_bytes() + extra_question.encode()


# -- the questionnaires that load ---------------------------------------------------------------


def test_the_default_questionnaire_is_the_one_settings_name_and_it_loads() -> None:
    assert Settings().questionnaire_path.resolve() == SP2020.resolve()
    questionnaire = load_questionnaire(SP2020)
    assert (questionnaire.id, questionnaire.version) == ("sp2020", "2020.1")
    assert questionnaire.digest == hashlib.sha256(SP2020.read_bytes()).hexdigest()


def test_sp2020_holds_the_questions_other_parts_of_sensus_read_by_id() -> None:
    questionnaire = load_questionnaire(SP2020)
    person = {q.id: q.type for q in questionnaire.person_questions}
    household = {q.id: q.type for q in questionnaire.household_questions}
    assert household["wilayah_domisili"] == "region"
    assert household["alamat_domisili"] == "text"
    assert person["nik"] == "nik"
    assert person["tanggal_lahir"] == "date"
    for single_choice in ("jenis_kelamin", "hubungan", "agama", "status_kawin"):
        assert person[single_choice] == "single_choice"


def test_sp2020_is_sent_to_clients_in_the_contract_shape() -> None:
    client = load_questionnaire(SP2020).to_client()
    assert set(client) == {
        "id", "version", "digest", "title", "choice_lists", "household_questions",
        "person_questions",
    }  # fmt: skip
    question = next(q for q in client["person_questions"] if q["id"] == "tanggal_lahir")
    assert set(question) == {
        "id", "type", "label", "help", "required", "choices", "min", "max", "max_length",
        "relevant", "constraints", "prefill",
    }  # fmt: skip
    assert question["min"] == "1900-01-01"
    assert client["choice_lists"]["jenis_kelamin"][0] == {
        "code": 1,
        "label": {"id": "Laki-laki", "en": "Male"},
    }


def test_a_small_questionnaire_loads_with_its_questions_split_by_scope() -> None:
    questionnaire = load_questionnaire(FIXTURES / "load_minimal.yaml")
    assert isinstance(questionnaire, Questionnaire)
    assert [q.id for q in questionnaire.household_questions] == ["jumlah_kamar"]
    assert [q.id for q in questionnaire.person_questions] == [
        "hubungan",
        "tanggal_lahir",
        "bekerja",
    ]


def test_an_unquoted_date_bound_is_read_as_the_same_date_text() -> None:
    questionnaire = load_questionnaire(FIXTURES / "load_minimal.yaml")
    assert questionnaire.person_by_id["tanggal_lahir"].minimum == "1900-01-01"


def test_a_rule_using_the_age_operator_is_kept_as_written() -> None:
    bekerja = load_questionnaire(FIXTURES / "load_minimal.yaml").person_by_id["bekerja"]
    assert bekerja.relevant == {
        ">=": [{"age": [{"var": "person.tanggal_lahir"}, {"var": "census_date"}]}, 15]
    }


def test_any_change_to_the_file_changes_the_digest_clients_cache_by() -> None:
    raw = (FIXTURES / "load_minimal.yaml").read_bytes()
    before = parse_questionnaire(raw)
    after = parse_questionnaire(raw.replace(b"Number of bedrooms", b"Bedrooms"))
    assert before.version == after.version  # the author forgot to change it...
    assert before.digest != after.digest  # ...the ETag still tells clients


# -- files that are not questionnaires ------------------------------------------------------------


def test_an_empty_file_is_refused_as_empty() -> None:
    assert problems_of("load_empty.yaml") == ["the file is empty"]


@pytest.mark.parametrize("raw", [b"\n\n", b"# only a comment\n", b"---\n"])
def test_a_file_of_blanks_or_comments_is_refused_as_empty(raw: bytes) -> None:
    assert problems_in(raw) == ["the file is empty"]


def test_a_file_that_is_not_yaml_is_refused_with_the_line_of_the_mistake() -> None:
    [problem] = problems_of("load_not_yaml.yaml")
    assert problem.startswith("not valid YAML:")
    assert "line 4" in problem


def test_bytes_that_are_not_text_are_refused_as_not_yaml() -> None:
    [problem] = problems_in(b"id: \xff\xfe\x00 sp2020\n")
    assert problem.startswith("not valid YAML:")


@pytest.mark.parametrize("raw", [b"- a list\n- of things\n", b"just words\n", b"42\n"])
def test_yaml_that_is_not_a_mapping_is_refused(raw: bytes) -> None:
    assert problems_in(raw) == ["the questionnaire: must be a mapping of keys to values"]


def test_a_key_given_twice_is_refused_with_its_line() -> None:
    # PyYAML alone would keep the second and say nothing.
    assert "line 4: 'version' is given twice" in problems_of("load_duplicate_key.yaml")


def test_each_missing_top_level_key_is_named_once() -> None:
    problems = problems_in(b"id: x\n")
    assert problems == [
        "the questionnaire: 'choice_lists' is missing",
        "the questionnaire: 'questions' is missing",
        "the questionnaire: 'title' is missing",
        "the questionnaire: 'version' is missing",
    ]


# -- one file, many mistakes: every one named at its place ----------------------------------------

EXPECTED_PROBLEMS = [
    "version: 2020.1 is not a version string of at most 20"
    " (quote it: YAML reads 2020.1 as a number)",
    "questions[0] (luas_lantai).type: unknown type 'decimal'",
    "questions[3] (agama).choices: unknown choice list 'agma'",
    "questions[4] (umur): min 120 is above max 0",
    "questions[5] (umur).id: 'umur' is already the id of another question",
    "questions[6] (nama_panggilan).relevant: unknown operator 'cat'",
    "questions[7] (pekerjaan).relevant.>=[0].var: unknown variable 'person.usia'",
    "questions[8] (nik).prefill: 'nomor_induk' is not a registry field",
    "questions (nik): must be a person question of type nik",
    "questions (jenis_kelamin).choices: list 'jenis_kelamin' must have the contract's codes"
    " [1, 2], not [0, 1]",
    "questions (hubungan).choices: list 'hubungan' must have the contract's codes"
    " [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], not [1]",
]


@pytest.mark.parametrize("expected", EXPECTED_PROBLEMS)
def test_every_mistake_in_a_file_is_reported_at_its_place(expected: str) -> None:
    problems = problems_of("load_many_problems.yaml")
    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_file_with_many_mistakes_gets_one_error_listing_exactly_them() -> None:
    problems = problems_of("load_many_problems.yaml")
    assert len(problems) == len(EXPECTED_PROBLEMS), problems
    with pytest.raises(QuestionnaireError) as refused:
        load_questionnaire(FIXTURES / "load_many_problems.yaml")
    message = str(refused.value)
    assert message.startswith(f"{FIXTURES / 'load_many_problems.yaml'}: 11 problem(s)")
    assert all(f"  - {problem}" in message for problem in problems)


def test_an_unknown_operator_is_refused_with_the_list_of_allowed_ones() -> None:
    problems = problems_of("load_many_problems.yaml")
    [cat] = [p for p in problems if "'cat'" in p]
    assert "(a questionnaire may use: " in cat
    assert ", age, " in cat


# -- one mistake at a time, on the small questionnaire ----------------------------------------


def test_a_skip_rule_reading_a_question_asked_later_is_refused() -> None:
    problems = problems_in(
        minimal_with(
            """
  - id: alasan
    scope: person
    type: text
    label: {id: Alasan, en: Reason}
    relevant: {"==": [{var: person.pindah}, true]}
  - id: pindah
    scope: person
    type: yes_no
    label: {id: Pindah, en: Moved}
"""
        )
    )
    assert problems == [
        "questions[4] (alasan).relevant: reads 'person.pindah', which is not asked before"
        " this question"
    ]


def test_a_household_rule_reading_person_answers_is_refused() -> None:
    # Household questions are settled before anyone's: there is no person in their data.
    problems = problems_in(
        minimal_with(
            """
  - id: ada_anak
    scope: household
    type: yes_no
    label: {id: Ada anak, en: Children}
    relevant: {"==": [{var: person.hubungan}, 4]}
"""
        )
    )
    assert problems == [
        "questions[4] (ada_anak).relevant.==[0].var: unknown variable 'person.hubungan'"
    ]


def test_a_constraint_using_an_operator_left_out_of_the_subset_is_refused() -> None:
    problems = problems_in(
        minimal_with(
            """
  - id: catatan
    scope: person
    type: text
    label: {id: Catatan, en: Note}
    constraints:
      - rule: {"substr": [{var: person.catatan}, 0, 1]}
        message: {id: Salah, en: Wrong}
"""
        )
    )
    assert len(problems) == 1
    assert problems[0].startswith(
        "questions[4] (catatan).constraints[0].rule: unknown operator 'substr'"
    )


def test_the_age_operator_needs_both_dates() -> None:
    problems = problems_in(
        minimal_with(
            """
  - id: sekolah
    scope: person
    type: yes_no
    label: {id: Sekolah, en: School}
    relevant: {">=": [{age: [{var: person.tanggal_lahir}]}, 5]}
"""
        )
    )
    assert problems == [
        "questions[4] (sekolah).relevant.>=[0].age: takes two dates, [date, reference_date]"
    ]


def test_an_object_with_two_operators_is_refused() -> None:
    problems = problems_in(
        minimal_with(
            """
  - id: sekolah
    scope: person
    type: yes_no
    label: {id: Sekolah, en: School}
    relevant: {"==": [1, 1], "!=": [1, 2]}
"""
        )
    )
    assert problems == [
        "questions[4] (sekolah).relevant: an object in a rule holds exactly one operator"
        " ('==', '!=')"
    ]


def test_date_bounds_in_the_wrong_order_are_refused() -> None:
    problems = problems_in(
        minimal_with(
            """
  - id: tanggal_pindah
    scope: person
    type: date
    label: {id: Tanggal pindah, en: Date moved}
    min: 2026-09-01
    max: "2020-01-01"
"""
        )
    )
    assert problems == ["questions[4] (tanggal_pindah): min '2026-09-01' is above max '2020-01-01'"]


def test_a_date_bound_that_is_not_a_real_day_is_refused() -> None:
    problems = problems_in(
        minimal_with(
            """
  - id: tanggal_pindah
    scope: person
    type: date
    label: {id: Tanggal pindah, en: Date moved}
    min: "2021-02-29"
"""
        )
    )
    assert problems == [
        "questions[4] (tanggal_pindah).min: '2021-02-29' is not a date (YYYY-MM-DD)"
    ]


def test_settings_that_only_some_types_have_are_refused_on_the_others() -> None:
    problems = problems_in(
        minimal_with(
            """
  - id: catatan
    scope: person
    type: text
    label: {id: Catatan, en: Note}
    choices: hubungan
    min: 1
    max_length: 5000
"""
        )
    )
    assert problems == [
        "questions[4] (catatan).choices: only choice questions have choices",
        "questions[4] (catatan).min: only integer and date questions have bounds",
        "questions[4] (catatan).max_length: must be a whole number from 1 to 1000",
    ]


def test_a_choice_question_without_a_list_is_refused() -> None:
    problems = problems_in(
        minimal_with(
            """
  - id: pilihan
    scope: person
    type: multiple_choice
    label: {id: Pilihan, en: Choice}
"""
        )
    )
    assert problems == [
        "questions[4] (pilihan).choices: a multiple_choice question names its choice list"
    ]


def test_a_misspelt_key_is_refused_rather_than_ignored() -> None:
    problems = problems_in(
        minimal_with(
            """
  - id: sekolah
    scope: person
    type: yes_no
    label: {id: Sekolah, en: School}
    relevent: true
"""
        )
    )
    assert problems == ["questions[4] (sekolah): unknown key 'relevent'"]


def test_an_unquoted_yes_as_a_label_is_refused_with_a_hint() -> None:
    problems = problems_in(
        minimal_with(
            """
  - id: setuju
    scope: person
    type: yes_no
    label: {id: yes, en: Agree}
"""
        )
    )
    assert problems == [
        "questions[4] (setuju).label.id: must be non-empty text (quote it: YAML reads"
        " yes/no/on/off as booleans)"
    ]


def test_a_choice_code_given_twice_in_a_list_is_refused() -> None:
    raw = (FIXTURES / "load_minimal.yaml").read_bytes()
    raw = raw.replace(b"{code: 11, label", b"{code: 10, label")
    problems = problems_in(raw)
    assert "choice_lists.hubungan[10].code: 10 is used twice" in problems


def test_a_questionnaire_without_the_relationship_question_is_refused() -> None:
    # The roster rules (exactly one head) read hubungan.
    raw = (FIXTURES / "load_minimal.yaml").read_bytes().replace(b"id: hubungan\n", b"id: status\n")
    assert problems_in(raw) == [
        "questions: the person question 'hubungan' is required (roster rules)"
    ]


def test_a_contract_question_of_the_wrong_scope_is_refused() -> None:
    problems = problems_in(
        minimal_with(
            """
  - id: alamat_domisili
    scope: person
    type: text
    label: {id: Alamat, en: Address}
"""
        )
    )
    assert problems == ["questions (alamat_domisili): must be a household question of type text"]


def test_a_prefill_from_a_field_the_registry_does_not_have_is_refused() -> None:
    problems = problems_in(
        minimal_with(
            """
  - id: alamat_lama
    scope: household
    type: text
    label: {id: Alamat lama, en: Old address}
    prefill: alamat
"""
        )
    )
    assert problems == [
        "questions[4] (alamat_lama).prefill: 'alamat' is not a registry field"
        " (address, rt, rw, village_code)"
    ]


def test_a_version_too_long_for_its_column_is_refused() -> None:
    raw = (FIXTURES / "load_minimal.yaml").read_bytes()
    problems = problems_in(raw.replace(b'version: "1.0"', b'version: "' + b"1" * 21 + b'"'))
    assert problems == [f"version: {'1' * 21!r} is not a version string of at most 20"]
