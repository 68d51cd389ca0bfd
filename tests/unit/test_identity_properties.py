"""NIK and KK rules, held to their properties over generated numbers (Hypothesis, issue 8)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from sensus.domain.identity import (
    FEMALE,
    MALE,
    known_district_prefixes,
    make_kk,
    make_nik,
    mask,
    nik_birth_date,
    nik_sex,
    validate_kk,
    validate_nik,
)

districts = st.sampled_from(sorted(known_district_prefixes()))
birth_dates = st.dates(min_value=date(1925, 1, 1), max_value=date(2026, 9, 1))
serials = st.integers(min_value=1, max_value=9999)
sexes = st.sampled_from([MALE, FEMALE])
CENSUS_DATE = date(2026, 9, 1)
NIK_CODES = {"format", "unknown_region", "invalid_date", "invalid_serial"}


@given(districts, birth_dates, sexes, serials)
def test_a_nik_made_from_a_person_is_valid_and_gives_the_person_back(
    district: str, born: date, sex: int, serial: int
) -> None:
    nik = make_nik(district, born, sex, serial)
    assert validate_nik(nik, sex=sex, birth_date=born) == []
    assert nik_sex(nik) == sex
    # A NIK says the year in two digits: the century is the latest one not after the census.
    if born > date(CENSUS_DATE.year - 100, CENSUS_DATE.month, CENSUS_DATE.day):
        assert nik_birth_date(nik, CENSUS_DATE) == born


@given(districts, birth_dates, sexes, serials)
def test_a_nik_does_not_agree_with_the_other_sex(
    district: str, born: date, sex: int, serial: int
) -> None:
    other = FEMALE if sex == MALE else MALE
    nik = make_nik(district, born, sex, serial)
    assert [e.code for e in validate_nik(nik, sex=other)] == ["sex_mismatch"]


@given(districts, st.dates(min_value=date(1971, 1, 1), max_value=date(2026, 9, 1)), serials)
def test_a_kk_made_from_a_card_is_valid(district: str, issued: date, serial: int) -> None:
    assert validate_kk(make_kk(district, issued, serial)) == []


@given(st.text(max_size=40))
def test_any_text_is_checked_without_raising_and_never_quoted(text: str) -> None:
    for problems in (validate_nik(text), validate_kk(text)):
        assert {p.code for p in problems} <= NIK_CODES
        for problem in problems:
            assert problem.id and problem.en
            if len(text) >= 4:
                assert text not in problem.id and text not in problem.en


@given(st.text(max_size=40).filter(lambda t: not (len(t) == 16 and t.isascii() and t.isdigit())))
def test_anything_but_sixteen_ascii_digits_is_a_format_error(text: str) -> None:
    assert [e.code for e in validate_nik(text)] == ["format"]
    assert [e.code for e in validate_kk(text)] == ["format"]


@given(st.text(max_size=40))
def test_a_masked_number_shows_at_most_its_last_four_characters(number: str) -> None:
    masked = mask(number)
    assert len(masked) == len(number)
    shown = masked.lstrip("*")
    assert len(shown) <= 4 and number.endswith(shown)
    if len(number) < 8:
        assert set(masked) <= {"*"}
