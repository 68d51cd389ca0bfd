"""Indonesia's three time zones, and the zone of a place from its Kemendagri code.

Times are stored in UTC and shown in the zone of the household's or area's province, with
the zone named: WIB (UTC+7), WITA (UTC+8), WIT (UTC+9). Every region code starts with its
province's two digits, so a village, district or enumeration-area code gives its zone too.
None of the three keeps daylight saving time, so a fixed offset is exact.

The browser has the same table (static/js/moments.js); tests/vectors/moments.json proves
the two agree on every province and write a time the same way.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Final

WIB: Final = timezone(timedelta(hours=7), "WIB")
WITA: Final = timezone(timedelta(hours=8), "WITA")
WIT: Final = timezone(timedelta(hours=9), "WIT")

# Sumatra, Java, West and Central Kalimantan keep WIB; Bali, Nusa Tenggara, South, East and
# North Kalimantan and Sulawesi keep WITA; Maluku and Papua keep WIT. Every province of the
# region master is listed (tests/unit/test_zones.py), so no province falls to the default.
_WIB_PROVINCES = "11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 61 62"
_WITA_PROVINCES = "51 52 53 63 64 65 71 72 73 74 75 76"
_WIT_PROVINCES = "81 82 91 92 93 94 95 96"
PROVINCE_ZONES: Final = {
    province: zone
    for provinces, zone in ((_WIB_PROVINCES, WIB), (_WITA_PROVINCES, WITA), (_WIT_PROVINCES, WIT))
    for province in provinces.split()
}


def zone_of(code: str | None) -> timezone:
    """The zone of the province that region ``code`` is in; the census clock (WIB) when
    there is no code (a national page) or it names no province."""
    return PROVINCE_ZONES.get((code or "")[:2], WIB)


def zone_name(zone: timezone) -> str:
    """``WIB``, ``WITA`` or ``WIT``."""
    return zone.tzname(None)
