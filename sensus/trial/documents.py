"""What a simulated household types: a complete, valid answer to the census questionnaire.

Built from what the client is handed (the registry pre-fill of ``GET /self-response/household``
or of an officer's bundle), as a person would answer it: the pre-fill kept, every relevant
question answered, and the roster corrected the way the census finds it: a grown child moved
away, an old parent died, a baby born since the card was printed (no NIK yet). All values are
synthetic and come from the trial's own ``random.Random``.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from typing import Any

from sensus.domain.questionnaire import age

HEAD, WIFE, CHILD, GRANDCHILD, PARENT, PARENT_IN_LAW = 1, 3, 4, 6, 7, 8
MARRIED, DIVORCED = 2, 3
_ETHNIC_GROUPS = ("Banjar", "Banjar", "Banjar", "Jawa", "Bugis", "Dayak", "Madura", "Sunda")
_WORK = ("pedagang", "petani padi", "guru SD negeri", "sopir angkot", "buruh bangunan")
_STREETS = ("Jl. Kelayan B", "Jl. Tembus Mantuil", "Jl. Pramuka", "Jl. Veteran", "Gg. Mawar")


def household_answers(village_code: str, address: str, rng: random.Random) -> dict[str, Any]:
    return {
        "wilayah_domisili": village_code,
        "alamat_domisili": address or rng.choice(_STREETS),
        "status_rumah": rng.choice((1, 1, 1, 2, 3)),
        "sumber_penerangan": rng.choice((1, 1, 1, 2, 3)),
        "sumber_air_minum": rng.randint(1, 11),
        "jamban": rng.choice((1, 1, 2, 3, 6)),
        "jenis_lantai": rng.randint(1, 9),
    }


def complete_document(
    registry_members: list[dict[str, Any]],
    household: dict[str, Any],
    census_date: str,
    rng: random.Random,
    *,
    roster_changes: bool = True,
) -> dict[str, Any]:
    """The whole document for a registry household, the roster corrected when asked."""
    members = []
    for person in registry_members:
        member_id = person["member_id"]
        prefill = {k: v for k, v in person.items() if k != "member_id" and v is not None}
        members.append(
            {
                "member_id": member_id,
                "presence": "lives_here",
                "answers": person_answers(prefill, census_date, rng),
            }
        )
    if roster_changes:
        _correct_roster(members, census_date, rng)
    address = (
        f"{household.get('address', '')} RT {household.get('rt', '')} RW {household.get('rw', '')}"
    )
    return {
        "questionnaire_id": "sp2020",
        "questionnaire_version": "2020.1",
        "household": household_answers(household.get("village_code", ""), address.strip(), rng),
        "members": members,
    }


def registered_document(
    registrant: dict[str, Any],
    village_code: str,
    address: str,
    census_date: str,
    rng: random.Random,
) -> dict[str, Any]:
    """The document of a household the registry does not know: its registrant, the head."""
    answers = person_answers(registrant, census_date, rng)
    # "Has lived here a year or more" (alasan_baru 2): at least one year, as the
    # questionnaire checks; 0 years was drawn now and then, a 422 the trial could not explain.
    years = age(registrant["tanggal_lahir"], census_date) or 1
    answers.update(
        {"alasan_baru": 2, "punya_nik": True, "lama_tinggal": rng.randint(1, max(1, years))}
    )
    member = {"member_id": new_member_id(rng), "presence": "new", "answers": answers}
    return {
        "questionnaire_id": "sp2020",
        "questionnaire_version": "2020.1",
        "household": household_answers(village_code, address, rng),
        "members": [member],
    }


def new_member_id(rng: random.Random) -> str:
    return f"n-{uuid.UUID(int=rng.getrandbits(128), version=4)}"


def person_answers(prefill: dict[str, Any], census_date: str, rng: random.Random) -> dict[str, Any]:
    """The pre-fill as given, and every other question that applies to this person."""
    years = age(prefill["tanggal_lahir"], census_date) or 0
    answers: dict[str, Any] = dict(prefill)
    answers.setdefault("agama", 1)
    answers.update(
        {
            "lama_tinggal": rng.randint(0, years),
            "kewarganegaraan": 1,
            "suku_bangsa": rng.choice(_ETHNIC_GROUPS),
        }
    )
    if years >= 5:
        answers["bahasa_rumah"] = rng.choice((1, 2, 2))
        answers["ijazah"] = _diploma(years, rng)
    status = answers.get("status_kawin")
    if years >= 10 and status is None:
        answers["status_kawin"] = status = 1
    if years >= 10 and status == MARRIED:
        answers["akta_kawin"] = rng.random() < 0.9
    if years >= 10 and status == DIVORCED:
        answers["akta_cerai"] = rng.random() < 0.5
    if years >= 15:
        answers.update(_activity(answers["jenis_kelamin"], years, rng))
    return answers


def _correct_roster(members: list[dict[str, Any]], census_date: str, rng: random.Random) -> None:
    """A grown child moved away, an old parent died, a baby born: each now and then."""
    children = [m for m in members if m["answers"].get("hubungan") == CHILD]
    grown = [m for m in children if (age(m["answers"]["tanggal_lahir"], census_date) or 0) >= 19]
    if grown and rng.random() < 0.3:
        moved = rng.choice(grown)
        moved.update(presence="moved_away", answers={})
    elders = [m for m in members if m["answers"].get("hubungan") in (PARENT, PARENT_IN_LAW)]
    if elders and rng.random() < 0.5:
        rng.choice(elders).update(presence="died", answers={})
    head = next((m for m in members if m["answers"].get("hubungan") == HEAD), None)
    if head is not None and rng.random() < 0.3:
        members.append(_baby(head["answers"], census_date, rng))


def _baby(head: dict[str, Any], census_date: str, rng: random.Random) -> dict[str, Any]:
    """A baby born after the card was printed: no NIK yet, the head's child or grandchild."""
    head_age = age(head["tanggal_lahir"], census_date) or 0
    born = date.fromisoformat(census_date) - timedelta(days=rng.randint(1, 60))
    sex = rng.choice((1, 2))
    return {
        "member_id": new_member_id(rng),
        "presence": "new",
        "answers": {
            "nama": "Bayi Laki-laki" if sex == 1 else "Bayi Perempuan",
            "alasan_baru": 1,
            "punya_nik": False,
            "jenis_kelamin": sex,
            "tempat_lahir": head.get("tempat_lahir") or "Banjarmasin",
            "tanggal_lahir": born.isoformat(),
            "hubungan": CHILD if head_age < 45 else GRANDCHILD,
            "agama": head.get("agama") or 1,
            "lama_tinggal": 0,
            "kewarganegaraan": 1,
            "suku_bangsa": rng.choice(_ETHNIC_GROUPS),
        },
    }


def _diploma(years: int, rng: random.Random) -> int:
    if years < 13:
        return rng.choice((1, 2)) if years >= 12 else 1
    if years < 16:
        return 2
    if years < 19:
        return 3
    return rng.choices(range(1, 10), (8, 25, 20, 30, 3, 4, 8, 1, 1))[0]


def _activity(sex: int, years: int, rng: random.Random) -> dict[str, Any]:
    if years <= 22 and rng.random() < 0.6:
        return {"aktivitas": 2, "pensiunan": False}
    if sex == 2 and rng.random() < 0.5:
        return {"aktivitas": 3, "pensiunan": False}
    if years >= 60 and rng.random() < 0.5:
        return {"aktivitas": 4, "aktivitas_lainnya": "Tidak bekerja", "pensiunan": True}
    return {
        "aktivitas": 1,
        "pekerjaan": rng.randint(1, 10),
        "uraian_pekerjaan": rng.choice(_WORK),
        "status_pekerjaan": rng.randint(1, 7),
    }


def changes_between(base: dict[str, Any], target: dict[str, Any]) -> list[dict[str, Any]]:
    """The draft changes (docs/CONTRACTS.md) that turn ``base`` into ``target``, members by
    ``member_id``: what a device sends when its document is ``target`` and the server's
    draft is ``base``."""
    changes: list[dict[str, Any]] = []
    old_household = base.get("household", {})
    for question, value in target.get("household", {}).items():
        if old_household.get(question) != value:
            changes.append({"path": f"household/{question}", "value": value})
    for question in old_household.keys() - target.get("household", {}).keys():
        changes.append({"path": f"household/{question}", "value": None})
    old_members = {m["member_id"]: m for m in base.get("members", [])}
    for member in target.get("members", []):
        old = old_members.pop(member["member_id"], None)
        if old is None or old.get("presence") != member["presence"]:
            value = {"presence": member["presence"], "answers": member["answers"]}
            changes.append({"path": f"members/{member['member_id']}", "value": value})
            continue
        prefix = f"members/{member['member_id']}/answers"
        for question, answer in member["answers"].items():
            if old["answers"].get(question) != answer:
                changes.append({"path": f"{prefix}/{question}", "value": answer})
        for question in old["answers"].keys() - member["answers"].keys():
            changes.append({"path": f"{prefix}/{question}", "value": None})
    for member_id in old_members:
        changes.append({"path": f"members/{member_id}", "value": None})
    return changes


def partial(document: dict[str, Any], share: float) -> dict[str, Any]:
    """The document as it stands after ``share`` of the typing: the first members and the
    household's first answers (what an autosave in the middle sends)."""
    members = document["members"]
    kept = members[: max(1, round(len(members) * share))]
    household = dict(list(document["household"].items())[: max(1, round(7 * share))])
    return {**document, "household": household, "members": kept}
