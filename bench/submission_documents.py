"""Households to submit: a demo registry imported for real, and a complete document for each.

The registry comes from ``write_demo_csv`` and goes in through ``import_registry``, so the
households, person ids and pre-fill are exactly what a respondent would be handed. Only
families of 4-6 people are kept (most families of the demo), and one in six of those with 4
or 5 adds a baby born after the card was printed, as a ``new`` member: 4-6 people present.
Every question that is relevant to a member is answered, validly; the pre-filled answers are
sent as they are, as the client sends them (the server drops those that do not apply).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sensus.domain.questionnaire import Questionnaire, age, validate_document
from sensus.domain.roster import registry_member_id
from sensus.services.demo import demo_cards, write_demo_csv
from sensus.services.registry import import_registry
from sensus.storage import households as store
from sensus.storage.database import Database

# Share of demo families with 4-6 members (about 58%), with a margin.
_SHARE_4_TO_6 = 0.5
_ETHNIC_GROUPS = ("Banjar", "Banjar", "Banjar", "Jawa", "Bugis", "Dayak", "Madura", "Sunda")
_WORK = ("pedagang", "petani padi", "guru SD negeri", "sopir angkot", "buruh bangunan")


@dataclass(frozen=True)
class BenchHousehold:
    """A household of the registry and the complete record it will submit."""

    id: int
    kk: str
    document: dict[str, Any]
    present: int  # members who live here (registry and new)


@dataclass(frozen=True)
class Extract:
    """A demo registry extract on disk, and the seed and size it was made with."""

    path: Path
    families: int
    seed: int


def write_extract(folder: Path, wanted: int, seed: int) -> Extract:
    """An extract with at least ``wanted`` families of 4-6 people."""
    families = int(wanted / _SHARE_4_TO_6) + 50
    path = folder / "extract.csv"
    write_demo_csv(path, families, seed)
    return Extract(path, families, seed)


def load_households(
    database: Database,
    extract: Extract,
    wanted: int,
    census_date: str,
    questionnaire: Questionnaire,
) -> list[BenchHousehold]:
    """Import ``extract`` into ``database`` and make ``wanted`` complete, valid records."""
    report = import_registry(database, extract.path)
    assert not report.rejected, "the demo extract must import cleanly"
    rng = random.Random(extract.seed)  # synthetic answers, not secrets
    households = []
    for kk in _kks_of_4_to_6(extract):
        record = store.household_by_kk(database, kk)
        assert record is not None
        persons = store.registry_persons(database, record.id)
        document, present = _document(record, persons, rng, census_date)
        problems = validate_document(questionnaire, document, census_date)
        # A benchmark of documents the server refuses would measure the refusal.
        assert not problems, [(p.path, p.code) for p in problems[:5]]
        households.append(BenchHousehold(record.id, kk, document, present))
        if len(households) == wanted:
            return households
    raise AssertionError(f"the extract holds fewer than {wanted} families of 4-6")


def _kks_of_4_to_6(extract: Extract) -> Iterator[str]:
    for card in demo_cards(extract.families, extract.seed):
        if 4 <= len(card.members) <= 6:
            yield card.kk


def _document(
    household: store.HouseholdRecord,
    persons: list[store.RegistryPerson],
    rng: random.Random,
    census_date: str,
) -> tuple[dict[str, Any], int]:
    members = [
        {
            "member_id": registry_member_id(person.id),
            "presence": "lives_here",
            "answers": _person_answers(person, rng, census_date),
        }
        for person in persons
    ]
    if len(persons) <= 5 and rng.random() < 1 / 6:
        members.append(_baby(persons, rng, census_date))
    document = {
        "questionnaire_id": "sp2020",
        "questionnaire_version": "2020.1",
        "household": _household_answers(household, rng),
        "members": members,
    }
    return document, len(members)


def _household_answers(household: store.HouseholdRecord, rng: random.Random) -> dict[str, Any]:
    return {
        "wilayah_domisili": household.village_code,
        "alamat_domisili": f"{household.address} RT {household.rt} RW {household.rw}",
        "status_rumah": rng.choice((1, 1, 1, 2, 3)),
        "sumber_penerangan": rng.choice((1, 1, 1, 2, 3)),
        "sumber_air_minum": rng.randint(1, 11),
        "jamban": rng.choice((1, 1, 2, 3, 6)),
        "jenis_lantai": rng.randint(1, 9),
    }


def _person_answers(
    person: store.RegistryPerson, rng: random.Random, census_date: str
) -> dict[str, Any]:
    born = person.birth_date.isoformat()
    years = age(born, census_date)
    assert years is not None
    answers: dict[str, Any] = {
        # The pre-fill, as the client receives and sends it back.
        "nama": person.name,
        "nik": person.nik,
        "jenis_kelamin": person.sex,
        "tempat_lahir": person.birth_place,
        "tanggal_lahir": born,
        "hubungan": person.relationship,
        "agama": person.religion or 1,
        "lama_tinggal": rng.randint(0, years),
        "kewarganegaraan": 1,
        "suku_bangsa": rng.choice(_ETHNIC_GROUPS),
    }
    if person.marital_status is not None:
        answers["status_kawin"] = person.marital_status
    if years >= 5:
        answers["bahasa_rumah"] = rng.choice((1, 2, 2))
        answers["ijazah"] = _diploma(years, rng)
    if years >= 10 and person.marital_status == 2:
        answers["akta_kawin"] = rng.random() < 0.9
    if years >= 10 and person.marital_status == 3:
        answers["akta_cerai"] = rng.random() < 0.5
    if years >= 15:
        answers.update(_activity(person, years, rng))
    return answers


def _diploma(years: int, rng: random.Random) -> int:
    if years < 13:
        return rng.choice((1, 2)) if years >= 12 else 1
    if years < 16:
        return 2
    if years < 19:
        return 3
    return rng.choices(range(1, 10), (8, 25, 20, 30, 3, 4, 8, 1, 1))[0]


def _activity(person: store.RegistryPerson, years: int, rng: random.Random) -> dict[str, Any]:
    if years <= 22 and rng.random() < 0.6:
        return {"aktivitas": 2, "pensiunan": False}
    if person.sex == 2 and rng.random() < 0.5:
        return {"aktivitas": 3, "pensiunan": False}
    if years >= 60 and rng.random() < 0.5:
        return {"aktivitas": 4, "aktivitas_lainnya": "Tidak bekerja", "pensiunan": True}
    return {
        "aktivitas": 1,
        "pekerjaan": rng.randint(1, 10),
        "uraian_pekerjaan": rng.choice(_WORK),
        "status_pekerjaan": rng.randint(1, 7),
    }


def _baby(
    persons: list[store.RegistryPerson], rng: random.Random, census_date: str
) -> dict[str, Any]:
    """A baby born after the card was printed: no NIK yet, the head's child or grandchild."""
    head = persons[0]
    head_age = age(head.birth_date.isoformat(), census_date) or 0
    born = date.fromisoformat(census_date) - timedelta(days=rng.randint(1, 60))
    sex = rng.choice((1, 2))
    return {
        "member_id": f"n-{uuid.UUID(int=rng.getrandbits(128), version=4)}",
        "presence": "new",
        "answers": {
            "nama": "Bayi Laki-laki" if sex == 1 else "Bayi Perempuan",
            "alasan_baru": 1,
            "punya_nik": False,
            "jenis_kelamin": sex,
            "tempat_lahir": head.birth_place,
            "tanggal_lahir": born.isoformat(),
            "hubungan": 4 if head_age < 45 else 6,
            "agama": head.religion or 1,
            "lama_tinggal": 0,
            "kewarganegaraan": 1,
            "suku_bangsa": rng.choice(_ETHNIC_GROUPS),
        },
    }
