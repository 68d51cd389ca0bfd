"""Registry pre-fill: a registry person as answers to the questions of the same meaning.

Shared by self-response (the household's app) and the interview round (the officer's
bundle), so that both modes start from the same answers (docs/CONTRACTS.md).
"""

from __future__ import annotations

from sensus.domain.roster import registry_member_id
from sensus.services.answers import RegistryMember
from sensus.storage.households import RegistryPerson


def prefill_member(person: RegistryPerson) -> RegistryMember:
    """A registry person as answers, with the member id the roster uses (``r<id>``)."""
    return {
        "member_id": registry_member_id(person.id),
        "nama": person.name,
        "nik": person.nik,
        "jenis_kelamin": person.sex,
        "tempat_lahir": person.birth_place,
        "tanggal_lahir": person.birth_date.isoformat(),
        "hubungan": person.relationship,
        "agama": person.religion,
        "status_kawin": person.marital_status,
    }
