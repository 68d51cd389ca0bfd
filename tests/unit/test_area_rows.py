"""A row of the areas file: an SLS, its 14-digit code and its officer."""

from __future__ import annotations

from sensus.domain.areas import AreaRow, parse_area_row

VILLAGE = "6371011001"  # Mantuil, Banjarmasin Selatan


def row(**more: str) -> dict[str, str]:
    return {"code": f"{VILLAGE}0001", "name": "", "village_code": VILLAGE, "rt": "4",
            "rw": "2", "officer_username": "PPL01"} | more  # fmt: skip


def test_rt_and_rw_are_padded_and_a_missing_name_is_made_from_them() -> None:
    assert parse_area_row(row()) == AreaRow(
        f"{VILLAGE}0001", "RT 004 / RW 002", VILLAGE, "004", "002", "ppl01"
    )


def test_an_empty_officer_means_none_yet() -> None:
    parsed = parse_area_row(row(officer_username=""))
    assert isinstance(parsed, AreaRow)
    assert parsed.officer_username is None


def test_every_problem_of_a_row_is_reported() -> None:
    parsed = parse_area_row(row(code="6371011002000", village_code="6371019999", rt="abcd"))
    assert isinstance(parsed, list)
    assert {(p.path, p.code) for p in parsed} == {
        ("village_code", "unknown_village"),
        ("rt", "invalid_unit"),
        ("code", "invalid_area_code"),
    }


def test_the_code_must_belong_to_the_village() -> None:
    parsed = parse_area_row(row(code="63710110020001"))
    assert isinstance(parsed, list)
    assert [p.path for p in parsed] == ["code"]
