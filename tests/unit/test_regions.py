"""The region master: every Kemendagri region by its undotted code, its children and its path."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from sensus.domain import regions
from sensus.domain.regions import Region, RegionMaster


def test_master_holds_every_province_regency_district_and_village() -> None:
    levels = Counter(region.level for region in regions.MASTER.all())
    assert levels == {1: 38, 2: 514, 3: 7285, 4: 83762}


def test_a_village_is_found_by_its_undotted_code() -> None:
    assert regions.get("6371011001") == Region("6371011001", "Mantuil", 4, "637101")


def test_codes_of_each_level_have_their_own_length() -> None:
    lengths = {(r.level, len(r.code)) for r in regions.MASTER.all()}
    assert lengths == {(1, 2), (2, 4), (3, 6), (4, 10)}


def test_without_a_parent_the_children_are_the_38_provinces() -> None:
    provinces = regions.children()
    assert len(provinces) == 38
    assert {p.level for p in provinces} == {1}
    assert regions.children(None)[0] == Region("11", "Aceh", 1, None)


def test_kalimantan_selatan_has_its_13_regencies_in_code_order() -> None:
    codes = [r.code for r in regions.children("63")]
    assert codes == [f"63{n:02d}" for n in range(1, 12)] + ["6371", "6372"]


def test_children_are_a_copy_the_caller_may_change() -> None:
    regions.children("63").clear()
    assert len(regions.children("63")) == 13


def test_path_runs_from_the_village_up_to_its_province() -> None:
    assert regions.path("6371011001") == [
        "Mantuil",
        "Banjarmasin Selatan",
        "Kota Banjarmasin",
        "Kalimantan Selatan",
    ]


def test_every_region_reaches_a_province_through_its_parents() -> None:
    for region in regions.MASTER.all():
        assert len(regions.path(region.code)) == region.level


@pytest.mark.parametrize("code", ["", "99", "63.71", "6371.01", "637101100", "abcd", "00"])
def test_unknown_or_malformed_codes_are_not_found(code: str) -> None:
    assert regions.get(code) is None
    assert regions.path(code) == []
    assert regions.children(code) == []
    assert not regions.is_village(code)
    assert not regions.is_district(code)


def test_is_village_and_is_district_tell_the_level_apart() -> None:
    assert regions.is_village("6371011001") and not regions.is_district("6371011001")
    assert regions.is_district("637101") and not regions.is_village("637101")
    assert not regions.is_district("6371")


def test_level_of_judges_the_shape_of_a_code() -> None:
    assert [regions.level_of(c) for c in ("63", "6371", "637101", "6371011001")] == [1, 2, 3, 4]
    assert regions.level_of("63710") is None
    assert regions.level_of("٦٣") is None  # Arabic-Indic digits are not a code


def test_a_master_first_used_by_many_threads_at_once_loads_one_index() -> None:
    master = RegionMaster()
    barrier = threading.Barrier(8)
    found: list[Region | None] = []

    def look_up() -> None:
        barrier.wait()
        found.append(master.get("6371011001"))

    threads = [threading.Thread(target=look_up) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 8
    # Two loads would give two different objects for the same region.
    assert all(region is found[0] for region in found)
    assert found[0] is not None and found[0].name == "Mantuil"
