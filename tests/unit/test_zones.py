"""Times are shown in the zone of the household's or area's province, the zone named.

The vectors in tests/vectors/moments.json are run here and in Chromium (static/js/moments.js)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from sensus.domain import regions
from sensus.domain.zones import PROVINCE_ZONES, WITA, zone_name, zone_of
from sensus.web.i18n import format_moment
from tests.vectors import MOMENTS as MOMENTS_FILE

MOMENTS: dict[str, Any] = json.loads(MOMENTS_FILE.read_text(encoding="utf-8"))


def test_every_province_of_the_region_master_has_its_zone() -> None:
    provinces = {r.code for r in regions.children(None)}
    assert set(PROVINCE_ZONES) == provinces
    assert {code: zone_name(zone_of(code)) for code in provinces} == MOMENTS["zones"]


def test_kalimantan_selatan_keeps_wita_from_any_of_its_codes() -> None:
    assert zone_of("63") is WITA
    assert zone_of("6371011001") is WITA  # a village of Banjarmasin
    assert zone_of("63710110010001") is WITA  # an enumeration area in it


@pytest.mark.parametrize("case", MOMENTS["cases"], ids=[c["name"] for c in MOMENTS["cases"]])
def test_a_moment_is_written_as_the_vectors_say(case: dict[str, Any]) -> None:
    moment = datetime.fromisoformat(case["moment"])
    assert format_moment(moment, case["lang"], case["place"]) == case["expected"]
