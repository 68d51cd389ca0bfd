"""A refused sync record as a supervisor reads it: why, where, and what happens next.

The server keeps a refused record's error code and the path and code of each wrong field
(``sync_records``); this turns them into sentences in one language, so that no refusal is
shown as a bare code ("ours never fail silently": docs/interview-round.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sensus.domain import errors
from sensus.domain.messages import FIELD as MESSAGES
from sensus.domain.questionnaire import Questionnaire
from sensus.domain.questionnaire.model import Bilingual
from sensus.services.readable import text_in

_PROBLEMS = {p.code: p for p in vars(errors).values() if isinstance(p, errors.Problem)}
# The fields of a sync record (docs/CONTRACTS.md, "Records"), as the officer's app names them.
RECORD_FIELDS = {
    "outcome": Bilingual("Hasil kunjungan", "Visit outcome"),
    "revisit_at": Bilingual("Waktu kunjungan ulang", "Revisit time"),
    "note": Bilingual("Catatan", "Note"),
    "recorded_at": Bilingual("Waktu pencatatan", "Time recorded"),
    "assignment_id": Bilingual("Tugas", "Assignment"),
    "household_id": Bilingual("Rumah tangga", "Household"),
    "result": Bilingual("Hasil pemeriksaan daftar", "List check result"),
    "corrections": Bilingual("Perbaikan", "Corrections"),
    "merged_into": Bilingual("Digabung ke", "Merged into"),
    "provisional_id": Bilingual("Kode sementara", "Provisional ID"),
    "area_id": Bilingual("Wilayah tugas", "Area"),
    "address": Bilingual("Alamat", "Address"),
    "kk": Bilingual("Nomor KK", "KK number"),
    "document": Bilingual("Isian kuesioner", "Questionnaire answers"),
    "members": Bilingual("Daftar anggota", "List of members"),
}


@dataclass(frozen=True)
class FieldProblem:
    place: str  # "Anggota ke-3 · Tanggal lahir", or the record's own field
    reason: str


@dataclass(frozen=True)
class Refusal:
    record_id: str
    kind: str  # visit | interview | listing_check | new_household
    code: str
    reason: str
    fields: list[FieldProblem]
    next: str  # fix | retry | ask_supervisor
    attempts: int
    last_attempt_at: datetime | None


def problem_text(code: str, lang: str) -> str:
    """The catalogue's sentence for an error code (the code itself if it has none)."""
    problem = _PROBLEMS.get(code)
    if problem is None:
        return code
    return problem.en if lang == "en" else problem.id


def explain(rejected: Mapping[str, Any], questionnaire: Questionnaire, lang: str) -> Refusal:
    """One entry of ``SupervisionService.sync_status(...)["officers"][i]["rejected"]``."""
    code = str(rejected.get("code") or "")
    last = rejected.get("last_attempt_at")
    return Refusal(
        record_id=str(rejected.get("record_id", "")),
        kind=str(rejected.get("kind") or ""),
        code=code,
        reason=problem_text(code, lang),
        fields=[
            FieldProblem(
                field_place(str(f.get("path", "")), questionnaire, lang),
                _field_reason(str(f.get("code", "")), lang),
            )
            for f in rejected.get("fields", [])
            if isinstance(f, Mapping)
        ],
        next=str(rejected.get("next") or "retry"),
        attempts=int(rejected.get("attempts") or 0),
        last_attempt_at=datetime.fromisoformat(last) if isinstance(last, str) else None,
    )


def field_place(path: str, questionnaire: Questionnaire, lang: str) -> str:
    """``document/members/2/tanggal_lahir`` → ``Anggota ke-3 · Tanggal lahir``."""
    parts = path.split("/")
    if len(parts) > 1 and parts[0] == "document":
        parts = parts[1:]
    if len(parts) >= 2 and parts[0] == "members" and parts[1].isdigit():
        who = f"Member {int(parts[1]) + 1}" if lang == "en" else f"Anggota ke-{int(parts[1]) + 1}"
        rest = parts[2:]
        question = questionnaire.person_by_id.get(rest[0]) if len(rest) == 1 else None
        what = text_in(question.label, lang) if question else "/".join(rest)
        return f"{who} · {what}" if what else who
    if len(parts) == 2 and parts[0] == "household":
        question = questionnaire.household_by_id.get(parts[1])
        where = "Household" if lang == "en" else "Rumah tangga"
        return f"{where} · {text_in(question.label, lang) if question else parts[1]}"
    if parts and parts[0] in RECORD_FIELDS:
        named = text_in(RECORD_FIELDS[parts[0]], lang)
        return " · ".join([named, *parts[1:]])
    return "/".join(parts) or path


def _field_reason(code: str, lang: str) -> str:
    if code in MESSAGES:
        id_, en = MESSAGES[code]
        return en if lang == "en" else id_
    return problem_text(code, lang)
