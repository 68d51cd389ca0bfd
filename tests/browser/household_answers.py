"""What the respondent types for the registry's family (tests.registry_files.FAMILY), person by
person: shared by the journey tests. Registry answers are pre-filled and kept as they are."""

from __future__ import annotations

from typing import Any

from tests.registry_files import FAMILY, Person

NEWBORN_NAME = "Nur Aisyah"
NEW_VILLAGE = "6371031003"  # the household moved within Banjarmasin since the card was printed

HEAD_ANSWERS: dict[str, Any] = {
    "lama_tinggal": 11,
    "kewarganegaraan": 1,
    "suku_bangsa": "Banjar",
    "bahasa_rumah": 2,
    "akta_kawin": True,
    "aktivitas": 1,
    "pekerjaan": 6,
    "uraian_pekerjaan": "petani padi",
    "status_pekerjaan": 1,
    "ijazah": 4,
}
WIFE_ANSWERS: dict[str, Any] = {
    "lama_tinggal": 11,
    "kewarganegaraan": 1,
    "suku_bangsa": "Jawa",
    "bahasa_rumah": 1,
    "akta_kawin": True,
    "aktivitas": 3,
    "pensiunan": False,
    "ijazah": 3,
}
ELDER_ANSWERS: dict[str, Any] = {
    "lama_tinggal": 11,
    "kewarganegaraan": 1,
    "suku_bangsa": "Banjar",
    "bahasa_rumah": 2,
    "aktivitas": 2,
    "ijazah": 4,
}
YOUNGER_ANSWERS: dict[str, Any] = {
    "lama_tinggal": 11,
    "kewarganegaraan": 1,
    "suku_bangsa": "Banjar",
    "bahasa_rumah": 2,
    "ijazah": 2,
}
NEWBORN_ANSWERS: dict[str, Any] = {
    "alasan_baru": 1,
    "punya_nik": False,
    "jenis_kelamin": 2,
    "tempat_lahir": "Banjarmasin",
    "tanggal_lahir": "2026-03-10",
    "lama_tinggal": 0,
    "kewarganegaraan": 1,
    "suku_bangsa": "Banjar",
    "agama": 1,
}
HOUSEHOLD_ANSWERS: dict[str, Any] = {
    "alamat_domisili": "Jl. Kelayan B Gg. Amanah No. 7",
    "status_rumah": 2,
    "sumber_penerangan": 1,
    "sumber_air_minum": 3,
    "jamban": 1,
    "jenis_lantai": 5,
}


def registry_answers(person: Person) -> dict[str, Any]:
    """A registry person's pre-filled answers (docs/CONTRACTS.md)."""
    return {
        "nama": person.name,
        "nik": person.nik,
        "jenis_kelamin": person.sex,
        "tempat_lahir": person.birth_place,
        "tanggal_lahir": person.birth_date.isoformat(),
        "hubungan": person.relationship,
        "agama": person.religion,
        "status_kawin": person.marital_status,
    }


# Everyone on the card lives here, and a baby was born: five people, in roster order.
FIVE_PEOPLE = [HEAD_ANSWERS, WIFE_ANSWERS, ELDER_ANSWERS, YOUNGER_ANSWERS, NEWBORN_ANSWERS]


def expected_members() -> list[dict[str, Any]]:
    """The answers of the five people as stored: registry answers and what was typed."""
    registry = [registry_answers(person) for person in FAMILY.members]
    typed = [{**registry[i], **FIVE_PEOPLE[i]} for i in range(4)]
    return [*typed, {"nama": NEWBORN_NAME, "hubungan": 4, **NEWBORN_ANSWERS}]
