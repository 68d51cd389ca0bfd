"""The synthetic demo registry: reproducible, valid numbers, families that make sense."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from sensus.config import Settings
from sensus.domain import regions
from sensus.domain.identity import FEMALE, MALE, validate_kk, validate_nik
from sensus.domain.questionnaire import load_questionnaire, validate_document
from sensus.domain.registry import COLUMNS, FamilyCard
from sensus.services.demo import (
    EXTRACT_DATE,
    REGENCY_WEIGHTS,
    demo_cards,
    generate_demo,
    write_demo_csv,
)
from sensus.services.demo_responses import answer_demo
from sensus.storage.database import Database
from sensus.storage.tables import submissions

HEAD, HUSBAND, WIFE, CHILD, CHILD_IN_LAW, GRANDCHILD, PARENT, PARENT_IN_LAW = range(1, 9)
SINGLE, MARRIED = 1, 2


@pytest.fixture(scope="module")
def cards() -> list[FamilyCard]:
    return list(demo_cards(3000, seed=7))


def years_between(older: date, younger: date) -> int:
    """Completed years from one date to a later one."""
    return younger.year - older.year - ((younger.month, younger.day) < (older.month, older.day))


def test_the_same_seed_gives_the_same_families() -> None:
    assert list(demo_cards(200, seed=11)) == list(demo_cards(200, seed=11))
    assert list(demo_cards(50, seed=11)) != list(demo_cards(50, seed=12))


def test_a_smaller_demo_is_the_beginning_of_a_larger_one() -> None:
    assert list(demo_cards(40, seed=3)) == list(demo_cards(400, seed=3))[:40]


def test_every_nik_validates_and_agrees_with_its_person(cards: list[FamilyCard]) -> None:
    for card in cards:
        for m in card.members:
            assert validate_nik(m.nik, sex=m.sex, birth_date=m.birth_date) == [], m


def test_every_kk_validates_and_was_issued_after_its_youngest_member(
    cards: list[FamilyCard],
) -> None:
    for card in cards:
        assert validate_kk(card.kk) == []
        issued = date(2000 + int(card.kk[10:12]), int(card.kk[8:10]), int(card.kk[6:8]))
        assert max(m.birth_date for m in card.members) <= issued <= EXTRACT_DATE


def test_numbers_carry_the_district_of_the_familys_village(cards: list[FamilyCard]) -> None:
    for card in cards:
        assert regions.is_village(card.village_code)
        district = card.village_code[:6]
        assert card.kk.startswith(district)
        assert all(m.nik.startswith(district) for m in card.members)


def test_numbers_are_unique(cards: list[FamilyCard]) -> None:
    niks = [m.nik for card in cards for m in card.members]
    assert len(set(niks)) == len(niks)
    assert len({card.kk for card in cards}) == len(cards)


def test_families_live_in_every_regency_of_kalimantan_selatan(cards: list[FamilyCard]) -> None:
    regencies = Counter(card.village_code[:4] for card in cards)
    assert set(regencies) == {r.code for r in regions.children("63")} == set(REGENCY_WEIGHTS)
    # Weighted by population: Banjarmasin has about five times Balangan's people.
    assert regencies["6371"] > 3 * regencies["6311"]


def test_each_card_has_one_head_listed_first(cards: list[FamilyCard]) -> None:
    for card in cards:
        heads = [m for m in card.members if m.relationship == HEAD]
        assert heads == [card.members[0]]


def test_a_spouse_is_of_the_other_sex_adult_and_married(cards: list[FamilyCard]) -> None:
    couples = 0
    for card in cards:
        head = card.members[0]
        spouses = [m for m in card.members if m.relationship in (HUSBAND, WIFE)]
        assert len(spouses) <= 1
        for spouse in spouses:
            couples += 1
            assert spouse.sex != head.sex
            assert spouse.relationship == (WIFE if spouse.sex == FEMALE else HUSBAND)
            assert years_between(spouse.birth_date, EXTRACT_DATE) >= 18
            assert head.marital_status == spouse.marital_status == MARRIED
        if not spouses:
            assert head.marital_status != MARRIED
    assert couples > len(cards) * 0.6


def test_children_are_at_least_15_years_younger_than_their_parents(
    cards: list[FamilyCard],
) -> None:
    for card in cards:
        parents = [m for m in card.members if m.relationship in (HEAD, HUSBAND, WIFE)]
        for child in (m for m in card.members if m.relationship == CHILD):
            for parent in parents:
                assert years_between(parent.birth_date, child.birth_date) >= 15, card


def test_grandchildren_are_two_generations_below_the_head(cards: list[FamilyCard]) -> None:
    seen = 0
    for card in cards:
        for grandchild in (m for m in card.members if m.relationship == GRANDCHILD):
            seen += 1
            assert years_between(card.members[0].birth_date, grandchild.birth_date) >= 30
    assert seen > 0


def test_a_parent_is_older_than_the_child_they_belong_to(cards: list[FamilyCard]) -> None:
    seen = 0
    for card in cards:
        head = card.members[0]
        spouse = next((m for m in card.members if m.relationship in (HUSBAND, WIFE)), None)
        for elder in (m for m in card.members if m.relationship in (PARENT, PARENT_IN_LAW)):
            seen += 1
            child = spouse if elder.relationship == PARENT_IN_LAW else head
            assert child is not None
            assert years_between(elder.birth_date, child.birth_date) >= 15
    assert seen > 0


def test_a_child_in_law_is_married_to_a_married_child(cards: list[FamilyCard]) -> None:
    seen = 0
    for card in cards:
        for in_law in (m for m in card.members if m.relationship == CHILD_IN_LAW):
            seen += 1
            married = [m for m in card.members if m.relationship == CHILD and m.marital_status == 2]
            assert [m.sex for m in married] == [MALE if in_law.sex == FEMALE else FEMALE]
    assert seen > 0


def test_minors_have_never_married(cards: list[FamilyCard]) -> None:
    for card in cards:
        for m in card.members:
            if years_between(m.birth_date, EXTRACT_DATE) < 17:
                assert m.marital_status == SINGLE, m


def test_most_families_are_muslim_and_share_one_religion(cards: list[FamilyCard]) -> None:
    religions = Counter(card.members[0].religion for card in cards)
    assert religions[1] / len(cards) > 0.9
    assert len(religions) > 2
    assert all(len({m.religion for m in card.members}) == 1 for card in cards)


def test_names_mix_single_and_several_words(cards: list[FamilyCard]) -> None:
    names = [m.name for card in cards for m in card.members]
    single = [name for name in names if " " not in name]
    assert 0.1 < len(single) / len(names) < 0.5
    assert all(0 < len(name) <= 120 for name in names)


def test_the_csv_extract_is_sorted_by_kk_with_one_row_per_person(tmp_path: Path) -> None:
    path = tmp_path / "demo.csv"
    persons = write_demo_csv(path, 100, seed=5)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) - 1 == persons == sum(len(c.members) for c in demo_cards(100, seed=5))
    kks = [row[0] for row in rows[1:]]
    assert kks == sorted(kks)
    assert {row[3] for row in rows[1:]} == {"L", "P"}


def test_the_unsorted_csv_keeps_the_generated_order(tmp_path: Path) -> None:
    path = tmp_path / "demo.csv"
    write_demo_csv(path, 30, seed=5, sort_by_kk=False)
    with path.open(newline="", encoding="utf-8") as handle:
        kks = list(dict.fromkeys(row["kk"] for row in csv.DictReader(handle)))
    assert kks == [card.kk for card in demo_cards(30, seed=5)]


def test_demo_responses_pass_the_questionnaire_as_submissions_must(tmp_path: Path) -> None:
    database = Database.connect(f"sqlite:///{tmp_path / 'demo.db'}")
    database.upgrade()
    generate_demo(database, 150)
    settings = Settings(database_url="sqlite://", secret_key="a-test-secret-of-enough-length")
    questionnaire = load_questionnaire(settings.questionnaire_path)
    report = answer_demo(database, questionnaire, settings, 0.6, 3)
    again = answer_demo(database, questionnaire, settings, 0.6, 3)
    with database.engine.connect() as conn:
        payloads = conn.execute(select(submissions.c.payload)).scalars().all()
    database.dispose()
    assert 60 <= len(payloads) == report.online + report.interviewed <= 120
    assert (again.online, again.interviewed) == (0, 0)  # the same draw for the same household
    for payload in payloads:
        assert validate_document(questionnaire, json.loads(payload), "2026-09-01") == []
