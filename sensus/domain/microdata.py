"""Microdata: a household response document as rows of a household file and a person file,
with the variables, their labels and their value labels taken from the questionnaire.

Pure: no files here (``sensus.services.exports`` writes them). Personal identifiers (KK,
NIK, names, the address and the exact birth date) are columns only when asked for; without
them, a household and a person are named by a stable pseudonymous key, an HMAC of their KK
or NIK with a key of the deployment, so that exports made at different times still join.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sensus.domain.questionnaire import Question, Questionnaire, age

Kind = Literal["int", "str"]
PRESENCE = {"lives_here": 1, "moved_away": 2, "died": 3, "new": 4}
PRESENCE_LABELS = {
    "id": {1: "Tinggal di sini", 2: "Pindah", 3: "Meninggal", 4: "Anggota baru"},
    "en": {1: "Lives here", 2: "Moved away", 3: "Died", 4: "New member"},
}
MODE = {"self_response": 1, "interview": 2}
MODE_LABELS = {"id": {1: "Online", 2: "Wawancara"}, "en": {1: "Online", 2: "Interview"}}
YES_NO = {"id": {1: "Ya", 0: "Tidak"}, "en": {1: "Yes", 0: "No"}}
# Identifying answers: columns only in an export with identifiers.
IDENTIFYING = frozenset({"nama", "nik", "alamat_domisili", "tanggal_lahir"})
MAX_LABEL = 80  # Stata's limit for a variable label


@dataclass(frozen=True)
class Variable:
    name: str
    label: str
    kind: Kind
    values: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Layout:
    """The variables of both files, in order, in one language, with or without identifiers."""

    household: tuple[Variable, ...]
    person: tuple[Variable, ...]
    identifiers: bool
    lang: str


def layout(questionnaire: Questionnaire, lang: str, identifiers: bool) -> Layout:
    def text(id_: str, en: str) -> str:
        return en if lang == "en" else id_

    def answers(questions: tuple[Question, ...]) -> list[Variable]:
        found = []
        for q in questions:
            if q.id in IDENTIFYING and not identifiers:
                continue
            found.append(_variable(questionnaire, q, lang))
        return found

    keys = [
        Variable(
            "hh_key", text("Kunci rumah tangga (samaran)", "Household key (pseudonymous)"), "str"
        ),
    ]
    if identifiers:
        keys.append(Variable("kk", text("Nomor KK", "Family card number (KK)"), "str"))
    record = [
        Variable("record_id", text("Kode rekaman", "Record id"), "str"),
        Variable("mode", text("Cara menjawab", "Response mode"), "int", MODE_LABELS[lang]),
        Variable("submitted_at", text("Waktu diterima (UTC)", "Received at (UTC)"), "str"),
        Variable("is_final", text("Data final", "Final record"), "int", YES_NO[lang]),
        Variable("province", text("Kode provinsi", "Province code"), "str"),
        Variable("regency", text("Kode kabupaten/kota", "Regency code"), "str"),
        Variable("district", text("Kode kecamatan", "District code"), "str"),
        Variable("village", text("Kode desa/kelurahan (KK)", "Village code (registry)"), "str"),
    ]
    person_keys = [
        Variable("hh_key", keys[0].label, "str"),
        Variable("person_key", text("Kunci orang (samaran)", "Person key (pseudonymous)"), "str"),
        Variable("line", text("Nomor urut", "Line number"), "int"),
        Variable("presence", text("Keberadaan", "Presence"), "int", PRESENCE_LABELS[lang]),
        Variable("umur", text("Umur pada tanggal sensus", "Age at the census date"), "int"),
    ]
    return Layout(
        tuple(keys + record + answers(questionnaire.household_questions)),
        tuple(person_keys + answers(questionnaire.person_questions)),
        identifiers,
        lang,
    )


def _variable(questionnaire: Questionnaire, q: Question, lang: str) -> Variable:
    label = (q.label.en if lang == "en" else q.label.id)[:MAX_LABEL]
    if q.type == "single_choice" and q.choices:
        values = {
            c.code: (c.label.en if lang == "en" else c.label.id)
            for c in questionnaire.choice_lists[q.choices]
        }
        return Variable(q.id, label, "int", values)
    if q.type == "yes_no":
        return Variable(q.id, label, "int", YES_NO[lang])
    if q.type == "integer":
        return Variable(q.id, label, "int")
    return Variable(q.id, label, "str")  # text, date, nik, region, multiple choice


class Pseudonyms:
    """Stable keys for households and persons: an HMAC with a key of the deployment."""

    def __init__(self, secret: str) -> None:
        self._key = hmac.new(secret.encode(), b"sensus export pseudonyms", hashlib.sha256).digest()

    def key(self, kind: str, value: str) -> str:
        return hmac.new(self._key, f"{kind}\0{value}".encode(), hashlib.sha256).hexdigest()[:20]


@dataclass(frozen=True)
class Record:
    """One stored household record, as storage hands it over."""

    household_id: int
    kk: str | None
    village_code: str
    mode: str
    payload: Mapping[str, Any]
    submitted_at: str
    is_final: bool
    record_id: str


def household_row(layout: Layout, record: Record, pseudonyms: Pseudonyms) -> dict[str, Any]:
    answers = record.payload.get("household", {})
    village = record.village_code
    row: dict[str, Any] = {
        "hh_key": _household_key(record, pseudonyms),
        "kk": record.kk,
        "record_id": record.record_id,
        "mode": MODE.get(record.mode),
        "submitted_at": record.submitted_at,
        "is_final": int(record.is_final),
        "province": village[:2],
        "regency": village[:4],
        "district": village[:6],
        "village": village,
    }
    for variable in layout.household:
        if variable.name not in row:
            row[variable.name] = _value(variable.kind == "int", answers.get(variable.name))
    return {v.name: row.get(v.name) for v in layout.household}


def person_rows(
    layout: Layout, record: Record, pseudonyms: Pseudonyms, census_date: str
) -> Iterator[dict[str, Any]]:
    hh_key = _household_key(record, pseudonyms)
    answered = _answered(layout)
    for line, member in enumerate(record.payload.get("members", []), start=1):
        answers = member.get("answers", {})
        nik = answers.get("nik")
        person = f"nik:{nik}" if nik else f"{hh_key}:{member.get('member_id', line)}"
        born = answers.get("tanggal_lahir")
        row: dict[str, Any] = {
            "hh_key": hh_key,
            "person_key": pseudonyms.key("person", person),
            "line": line,
            "presence": PRESENCE.get(member.get("presence", "")),
            "umur": age(born, census_date) if born else None,
        }
        for name, is_int in answered:
            value = answers.get(name)
            if (
                value is None
                or (is_int and type(value) is int)
                or (not is_int and type(value) is str)
            ):
                row[name] = value
            else:
                row[name] = _value(is_int, value)
        yield row


_PERSON_KEYS = frozenset({"hh_key", "person_key", "line", "presence", "umur"})


def _answered(layout: Layout) -> list[tuple[str, bool]]:
    """The person variables that come from answers, with whether each is an integer."""
    return [(v.name, v.kind == "int") for v in layout.person if v.name not in _PERSON_KEYS]


def _household_key(record: Record, pseudonyms: Pseudonyms) -> str:
    value = f"kk:{record.kk}" if record.kk else f"id:{record.household_id}"
    return pseudonyms.key("household", value)


def _value(is_int: bool, value: Any) -> Any:
    if value is None:
        return None
    if is_int:
        if isinstance(value, bool):
            return int(value)
        return value if isinstance(value, int) else None
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)
