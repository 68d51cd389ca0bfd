"""Registry extracts for tests: a small cast of households and the CSV Dukcapil would send.

Shared by the browser tests and the API tests, which load it through the real import
(``sensus.services.registry.import_registry``). Every NIK agrees with its person's sex and
birth date, and every number is synthetic: it identifies nobody.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sensus.domain.identity import FEMALE, MALE, make_kk, make_nik
from sensus.domain.registry import COLUMNS

DISTRICT = "637101"  # Banjarmasin Selatan, Kota Banjarmasin
VILLAGE = "6371011001"  # Mantuil


@dataclass(frozen=True)
class Person:
    nik: str
    name: str
    sex: int
    birth_place: str
    birth_date: date
    relationship: int
    religion: int
    marital_status: int


@dataclass(frozen=True)
class RegistryHousehold:
    kk: str
    address: str
    rt: str
    rw: str
    village_code: str
    members: tuple[Person, ...]


def _person(
    serial: int, name: str, sex: int, born: date, relationship: int, marital: int
) -> Person:
    nik = make_nik(DISTRICT, born, sex, serial)
    return Person(nik, name, sex, "Banjarmasin", born, relationship, 1, marital)


# Head, spouse and two children, with NIKs that agree with their sex and birth dates.
FAMILY = RegistryHousehold(
    kk=make_kk(DISTRICT, date(2015, 3, 2), 17),
    address="Jl. Mantuil Raya No. 12",
    rt="004",
    rw="002",
    village_code=VILLAGE,
    members=(
        _person(1, "Budi Santoso", MALE, date(1980, 5, 12), 1, 2),
        _person(2, "Siti Aminah", FEMALE, date(1983, 8, 20), 3, 2),
        _person(3, "Rizky Pratama", MALE, date(2008, 1, 15), 4, 1),
        _person(4, "Dewi Lestari", FEMALE, date(2014, 11, 3), 4, 1),
    ),
)

# A widow living alone, on another family card of the same village.
NEIGHBOUR = RegistryHousehold(
    kk=make_kk(DISTRICT, date(2019, 7, 1), 5),
    address="Jl. Mantuil Raya No. 14",
    rt="004",
    rw="002",
    village_code=VILLAGE,
    members=(_person(5, "Sukarni", FEMALE, date(1951, 2, 3), 1, 4),),
)


def write_registry_csv(path: Path, households: tuple[RegistryHousehold, ...]) -> Path:
    """The registry extract as Dukcapil delivers it (see docs/registry-import.md)."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for household in households:
            for p in household.members:
                row: dict[str, Any] = {
                    "kk": household.kk,
                    "nik": p.nik,
                    "name": p.name,
                    "sex": p.sex,
                    "birth_place": p.birth_place,
                    "birth_date": p.birth_date.isoformat(),
                    "relationship": p.relationship,
                    "religion": p.religion,
                    "marital_status": p.marital_status,
                    "address": household.address,
                    "rt": household.rt,
                    "rw": household.rw,
                    "village_code": household.village_code,
                }
                writer.writerow([row[column] for column in COLUMNS])
    return path
