"""Demo responses: a share of the demo's households answered, online or by interview, on
the days of the census windows, so that headquarters has something to watch.

Every document is made up from the household's registry members as a respondent would
correct them: now and then someone moved away or died, a baby was born, a relative moved
in. Deterministic: whether a household answers, how and on which day depends only on the
seed and the household's id, so running the demo again answers no household twice.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sensus.config import WIB, Settings
from sensus.domain import receipts
from sensus.domain.identity import FEMALE, MALE
from sensus.domain.questionnaire import Questionnaire, age
from sensus.domain.roster import registry_member_id
from sensus.services.clock import Clock, system_clock
from sensus.storage import headquarters as store
from sensus.storage.database import Database

ONLINE_SHARE = 0.55  # of the households that answer, those that do so online
WINDOW_DAYS = 30  # each mode's responses spread over at most this many days
BATCH = 2_000
MOVED_AWAY, DIED, BORN, JOINED = 0.03, 0.01, 0.04, 0.02
ETHNIC_GROUPS, ETHNIC_WEIGHTS = ("Banjar", "Jawa", "Dayak", "Bugis", "Madura"), (75, 12, 6, 4, 3)


@dataclass(frozen=True)
class ResponsesReport:
    online: int
    interviewed: int


def answer_demo(
    database: Database,
    questionnaire: Questionnaire,
    settings: Settings,
    fraction: float,
    seed: int,
    *,
    clock: Clock = system_clock,
    progress: Callable[[int, int], None] | None = None,
) -> ResponsesReport:
    """Answer about ``fraction`` of the households that have no response yet."""
    online_days = _days(
        settings.self_response_opens,
        min(settings.self_response_closes, settings.census_reference_date),
        clock,
        last=True,
    )
    interview_days = _days(
        max(settings.interview_opens, settings.census_reference_date),
        settings.interview_closes,
        clock,
        last=False,
    )
    census_date = settings.census_reference_date.date().isoformat()
    online = interviewed = 0
    after, seen = 0, 0
    while batch := store.unanswered(database, after, BATCH):
        after = batch[-1].id
        seen += len(batch)
        writes = []
        for household in batch:
            rng = random.Random(f"{seed}:{household.id}")  # noqa: S311 (synthetic data)
            if rng.random() >= fraction or not household.members:
                continue
            is_online = rng.random() < ONLINE_SHARE
            days = online_days if is_online else interview_days
            moment = datetime.combine(rng.choice(days), time(7), WIB) + timedelta(
                minutes=rng.randrange(14 * 60)
            )
            document = demo_document(questionnaire, household, rng, census_date)
            payload = json.dumps(document, sort_keys=True, ensure_ascii=False)
            writes.append(
                store.ResponseWrite(
                    household_id=household.id,
                    submission_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    receipt_code=_receipt(rng) if is_online else None,
                    mode="self_response" if is_online else "interview",
                    questionnaire_id=questionnaire.id,
                    questionnaire_version=questionnaire.version,
                    payload=payload,
                    payload_hash=hashlib.sha256(payload.encode()).hexdigest(),
                    submitted_at=moment.astimezone(UTC),
                    officer_id=None if is_online else household.officer_id,
                )
            )
            if is_online:
                online += 1
            else:
                interviewed += 1
        store.write_responses(database, writes)
        if progress:
            progress(seen, seen)
    return ResponsesReport(online, interviewed)


def demo_document(
    questionnaire: Questionnaire, household: store.Unanswered, rng: random.Random, census: str
) -> dict[str, Any]:
    """A household response document (docs/CONTRACTS.md) for the registry members."""
    members: list[dict[str, Any]] = []
    for (
        person_id,
        nik,
        name,
        sex,
        place,
        born,
        relationship,
        religion,
        marital,
    ) in household.members:
        presence = "lives_here"
        if relationship != 1:
            draw = rng.random()
            presence = (
                "moved_away"
                if draw < MOVED_AWAY
                else "died"
                if draw < MOVED_AWAY + DIED
                else presence
            )
        if presence != "lives_here":
            members.append(
                {"member_id": registry_member_id(person_id), "presence": presence, "answers": {}}
            )
            continue
        answers = _person(
            rng, census, nik, name, sex, place, born.isoformat(), relationship, religion, marital
        )
        members.append(
            {"member_id": registry_member_id(person_id), "presence": presence, "answers": answers}
        )
    religion = household.members[0][7] or 1
    if rng.random() < BORN:
        born = date.fromisoformat(census) - timedelta(days=rng.randrange(1, 300))
        baby = _person(
            rng,
            census,
            "",
            "Bayi",
            rng.choice((MALE, FEMALE)),
            "Banjarmasin",
            born.isoformat(),
            4,
            religion,
            None,
        )
        members.append(_new(rng, baby | {"alasan_baru": 1, "punya_nik": False}))
    if rng.random() < JOINED:
        born = date.fromisoformat(census) - timedelta(days=rng.randrange(15 * 365, 60 * 365))
        relative = _person(
            rng,
            census,
            "",
            "Kerabat",
            rng.choice((MALE, FEMALE)),
            "Martapura",
            born.isoformat(),
            9,
            religion,
            1,
        )
        members.append(
            _new(
                rng,
                relative
                | {
                    "alasan_baru": 2,
                    "punya_nik": False,
                    "lama_tinggal": max(1, relative["lama_tinggal"]),
                },
            )
        )
    return {
        "questionnaire_id": questionnaire.id,
        "questionnaire_version": questionnaire.version,
        "household": {
            "wilayah_domisili": household.village_code,
            "alamat_domisili": household.address or "-",
            "status_rumah": rng.choices((1, 2, 3, 4, 5), (80, 12, 6, 1, 1))[0],
            "sumber_penerangan": rng.choices((1, 2, 3, 4), (85, 8, 4, 3))[0],
            "sumber_air_minum": rng.choices(range(1, 12), (10, 35, 20, 12, 8, 3, 2, 1, 6, 2, 1))[0],
            "jamban": rng.choices(range(1, 7), (75, 8, 3, 4, 1, 9))[0],
            "jenis_lantai": rng.choices(range(1, 10), (2, 40, 3, 10, 30, 8, 2, 4, 1))[0],
        },
        "members": members,
    }  # fmt: skip


def _new(rng: random.Random, answers: dict[str, Any]) -> dict[str, Any]:
    member_id = f"n-{uuid.UUID(int=rng.getrandbits(128), version=4)}"
    answers.pop("nik", None)
    return {"member_id": member_id, "presence": "new", "answers": answers}


def _person(
    rng: random.Random,
    census: str,
    nik: str,
    name: str,
    sex: int,
    place: str,
    born: str,
    relationship: int,
    religion: int | None,
    marital: int | None,
) -> dict[str, Any]:
    """Every sp2020 question that applies to this person, answered plausibly."""
    years = age(born, census) or 0
    answers: dict[str, Any] = {
        "nama": name,
        "nik": nik,
        "jenis_kelamin": sex,
        "tempat_lahir": place,
        "tanggal_lahir": born,
        "lama_tinggal": min(years, rng.randint(0, 30)),
        "kewarganegaraan": 1,
        "suku_bangsa": rng.choices(ETHNIC_GROUPS, ETHNIC_WEIGHTS)[0],
        "agama": religion or 1,
        "hubungan": relationship,
    }  # fmt: skip
    if years >= 5:
        answers["bahasa_rumah"] = rng.choices((1, 2), (30, 70))[0]
        answers["ijazah"] = _diploma(rng, years)
    if years >= 10:
        status = marital or 1
        if relationship in (2, 3):
            status = 2
        answers["status_kawin"] = status
        if status == 2:
            answers["akta_kawin"] = rng.random() < 0.85
        elif status == 3:
            answers["akta_cerai"] = rng.random() < 0.6
    if years >= 15:
        if relationship == 1 or (years < 65 and rng.random() < 0.45):
            answers |= {
                "aktivitas": 1,
                "pekerjaan": rng.choices(range(1, 11), (2, 5, 4, 4, 22, 28, 12, 6, 16, 1))[0],
                "status_pekerjaan": rng.choices(range(1, 8), (30, 15, 3, 30, 5, 7, 10))[0],
            }
        else:
            activity = 2 if years < 23 else 3
            answers |= {"aktivitas": activity, "pensiunan": years >= 58 and rng.random() < 0.2}
    return answers


def _diploma(rng: random.Random, years: int) -> int:
    if years < 13:
        return rng.choice((1, 2)) if years >= 12 else 1
    if years < 16:
        return rng.choice((2, 3))
    return rng.choices(range(1, 10), (12, 28, 20, 25, 2, 4, 8, 0.8, 0.2))[0]


def _receipt(rng: random.Random) -> str:
    body = "".join(rng.choice(receipts.ALPHABET) for _ in range(receipts.RANDOM_LENGTH))
    return body + receipts.check_character(body)


def _days(opens: datetime, closes: datetime, clock: Clock, *, last: bool) -> list[date]:
    """The window's days up to today: its last WINDOW_DAYS (``last``) or its first ones."""
    first = opens.astimezone(WIB).date()
    end = min(closes.astimezone(WIB).date(), clock().astimezone(WIB).date())
    if end < first:
        end = first
    every = [first + timedelta(days=n) for n in range((end - first).days + 1)]
    return every[-WINDOW_DAYS:] if last else every[:WINDOW_DAYS]
