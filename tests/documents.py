"""Household response documents (docs/CONTRACTS.md) for tests, answered as sp2020 asks.

``registry_document`` answers every question that applies to each member of a registry
household, so the document passes validation; tests then change the one thing they test.
"""

from __future__ import annotations

import copy
from typing import Any

from sensus.domain.questionnaire import age
from tests.registry_files import Person, RegistryHousehold

CENSUS_DATE = "2026-09-01"  # Settings' default census reference date
QUESTIONNAIRE = {"questionnaire_id": "sp2020", "questionnaire_version": "2020.1"}

Document = dict[str, Any]


def household_answers(household: RegistryHousehold) -> dict[str, Any]:
    return {
        "wilayah_domisili": household.village_code,
        "alamat_domisili": household.address,
        "status_rumah": 1,
        "sumber_penerangan": 1,
        "sumber_air_minum": 2,
        "jamban": 1,
        "jenis_lantai": 2,
    }


def person_answers(person: Person) -> dict[str, Any]:
    """Every sp2020 question that applies to ``person``, answered consistently."""
    years = age(person.birth_date.isoformat(), CENSUS_DATE)
    assert years is not None
    answers: dict[str, Any] = {
        "nama": person.name,
        "nik": person.nik,
        "jenis_kelamin": person.sex,
        "tempat_lahir": person.birth_place,
        "tanggal_lahir": person.birth_date.isoformat(),
        "lama_tinggal": min(years, 10),
        "kewarganegaraan": 1,
        "suku_bangsa": "Banjar",
        "agama": person.religion,
        "hubungan": person.relationship,
    }
    if years >= 5:
        answers |= {"bahasa_rumah": 2, "ijazah": 4 if years >= 18 else 2}
    if years >= 10:
        answers["status_kawin"] = person.marital_status
        if person.marital_status == 2:
            answers["akta_kawin"] = True
    if years >= 15 and person.relationship == 1:
        answers |= {"aktivitas": 1, "pekerjaan": 5, "status_pekerjaan": 1}
    elif years >= 15:
        answers |= {"aktivitas": 3, "pensiunan": False}
    return answers


def member(member_id: str, answers: dict[str, Any], presence: str = "lives_here") -> Document:
    return {"member_id": member_id, "presence": presence, "answers": answers}


def registry_document(household: RegistryHousehold, member_ids: list[str]) -> Document:
    """A complete document: every registry member lives here (``member_ids``: r<id>, in
    registry order)."""
    assert len(member_ids) == len(household.members)
    return {
        **QUESTIONNAIRE,
        "household": household_answers(household),
        "members": [
            member(member_id, person_answers(person))
            for member_id, person in zip(member_ids, household.members, strict=True)
        ],
    }


def changed(document: Document, path: str, value: Any) -> Document:
    """A copy of ``document`` with the answer at ``household/<q>`` or ``members/<i>/<q>``
    set to ``value`` (or removed, when ``value`` is ``...``)."""
    result = copy.deepcopy(document)
    parts = path.split("/")
    answers = (
        result["household"]
        if parts[0] == "household"
        else result["members"][int(parts[1])]["answers"]
    )
    if value is ...:
        answers.pop(parts[-1], None)
    else:
        answers[parts[-1]] = value
    return result
