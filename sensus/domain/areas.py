"""Enumeration areas: one SLS (an RT within an RW of a village) and its code. Pure.

BPS numbers an SLS by its village's Kemendagri code and a 4-digit serial within the village,
so an area code is 14 digits and starts with the village code. A household belongs to the
area of its (village code, RT, RW); RT and RW are kept as 3 digits, zero-padded, as the
registry import stores them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sensus.domain import regions
from sensus.domain.errors import FieldError
from sensus.domain.staff import username_errors

AREA_COLUMNS = ("code", "name", "village_code", "rt", "rw", "officer_username")
MAX_AREA_NAME = 120
_CODE = re.compile(r"\d{14}")
_UNIT = re.compile(r"\d{1,3}")


@dataclass(frozen=True)
class AreaRow:
    """One area to create or update, as a row of the areas file states it."""

    code: str
    name: str
    village_code: str
    rt: str
    rw: str
    officer_username: str | None


def sls_name(rt: str, rw: str) -> str:
    """The name an SLS goes by when the file gives none: ``RT 004 / RW 002``."""
    return f"RT {rt} / RW {rw}"


def padded_unit(value: str) -> str:
    """An RT or RW as stored: three digits (``7`` -> ``007``)."""
    return value.strip().zfill(3)


def parse_area_row(values: Mapping[str, str]) -> AreaRow | list[FieldError]:
    """The area a CSV row describes, or every problem with it."""
    code = values.get("code", "").strip()
    village = values.get("village_code", "").strip()
    rt, rw = values.get("rt", "").strip(), values.get("rw", "").strip()
    officer = values.get("officer_username", "").strip().lower() or None
    problems = _village_errors(village) + _unit_errors("rt", rt) + _unit_errors("rw", rw)
    if not _CODE.fullmatch(code) or not code.startswith(village):
        problems.append(_BAD_CODE)
    name = values.get("name", "").strip()
    if len(name) > MAX_AREA_NAME:
        problems.append(_LONG_NAME)
    if officer is not None:
        problems += username_errors(officer, "officer_username")
    if problems:
        return problems
    rt, rw = padded_unit(rt), padded_unit(rw)
    return AreaRow(code, name or sls_name(rt, rw), village, rt, rw, officer)


def _village_errors(code: str) -> list[FieldError]:
    return [] if regions.is_village(code) else [_BAD_VILLAGE]


def _unit_errors(path: str, value: str) -> list[FieldError]:
    if _UNIT.fullmatch(value):
        return []
    return [
        FieldError(
            path,
            "invalid_unit",
            f"{path.upper()} harus 1-3 angka.",
            f"The {path.upper()} must be 1-3 digits.",
        )
    ]


_BAD_VILLAGE = FieldError(
    "village_code",
    "unknown_village",
    "Kode desa/kelurahan harus 10 angka kode Kemendagri yang ada.",
    "The village code must be an existing 10-digit Kemendagri code.",
)
_BAD_CODE = FieldError(
    "code",
    "invalid_area_code",
    "Kode wilayah tugas harus 14 angka: kode desa/kelurahan lalu 4 angka nomor urut SLS.",
    "The area code must be 14 digits: the village code, then a 4-digit SLS serial.",
)
_LONG_NAME = FieldError(
    "name",
    "too_long",
    f"Nama wilayah tugas paling banyak {MAX_AREA_NAME} karakter.",
    f"The area name has at most {MAX_AREA_NAME} characters.",
)
