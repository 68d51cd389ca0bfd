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

# OpenSSL's one-shot HMAC, which hmac.digest calls after a few checks of its arguments.
from _hashlib import hmac_digest as _hmac_digest
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat
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

    def keys(self, kind: str, values: list[str]) -> list[str]:
        """``key(kind, value)`` of each value, in one loop."""
        digest, secret = _hmac_digest, self._key
        return [digest(secret, f"{kind}\0{v}".encode(), "sha256")[:10].hex() for v in values]

    def key(self, kind: str, value: str) -> str:
        # OpenSSL's one-shot HMAC: the same value as hmac.new(...).hexdigest(), faster.
        return _hmac_digest(self._key, f"{kind}\0{value}".encode(), "sha256")[:10].hex()


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


Columns = dict[str, list[Any]]


def batch_columns(
    layout: Layout,
    records: list[Record],
    pseudonyms: Pseudonyms,
    census_date: str,
    ages: dict[str, int | None] | None = None,
) -> tuple[Columns, Columns]:
    """A batch of records as the household file's columns and the person file's, each a
    list per variable in ``layout`` order: the same values as ``household_row`` and
    ``person_rows``, built column by column (no dict per row; each answer column taken from
    the members' answers in one ``map``) for the export's speed. ``ages``: the age of each
    birth date seen so far, kept from one batch to the next (a census has some 40,000)."""
    hh: Columns = {}
    hh_keys = [_household_key(r, pseudonyms) for r in records]
    members: list[dict[str, Any]] = []
    p_hh: list[str] = []
    p_line: list[int] = []
    for hh_key, record in zip(hh_keys, records, strict=True):
        found = record.payload.get("members", [])
        members.extend(found)
        p_hh.extend(repeat(hh_key, len(found)))
        p_line.extend(range(1, len(found) + 1))
    answers = [m.get("answers", {}) for m in members]
    p_presence = list(map(PRESENCE.get, map(dict.get, members, repeat("presence"), repeat(""))))
    p_key = pseudonyms.keys(
        "person",
        [
            f"nik:{nik}" if nik else f"{hh_key}:{m.get('member_id', line)}"
            for nik, hh_key, m, line in zip(
                map(dict.get, answers, repeat("nik")), p_hh, members, p_line, strict=True
            )
        ],
    )
    census = _ymd(census_date)
    villages = [r.village_code for r in records]
    fixed: Columns = {
        "hh_key": hh_keys,
        "kk": [r.kk for r in records],
        "record_id": [r.record_id for r in records],
        "mode": [MODE.get(r.mode) for r in records],
        "submitted_at": [r.submitted_at for r in records],
        "is_final": [int(r.is_final) for r in records],
        "province": [v[:2] for v in villages],
        "regency": [v[:4] for v in villages],
        "district": [v[:6] for v in villages],
        "village": villages,
    }
    households = [r.payload.get("household", {}) for r in records]
    for variable in layout.household:
        if variable.name in fixed:
            hh[variable.name] = fixed[variable.name]
        else:
            values = list(map(dict.get, households, repeat(variable.name)))
            hh[variable.name] = clean(values, variable.kind == "int")
    born = list(map(dict.get, answers, repeat("tanggal_lahir")))
    if ages is None or len(ages) > 200_000:
        ages = {}
    for value in born:
        if value and value not in ages:
            ages[value] = _age(value, census, census_date)
    person_fixed: Columns = {
        "hh_key": p_hh,
        "person_key": p_key,
        "line": p_line,
        "presence": p_presence,
        "umur": [ages[b] if b else None for b in born],
    }
    pp: Columns = {}
    for variable in layout.person:
        if variable.name in person_fixed:
            pp[variable.name] = person_fixed[variable.name]
        else:
            values = list(map(dict.get, answers, repeat(variable.name)))
            pp[variable.name] = clean(values, variable.kind == "int")
    return hh, pp


def _ymd(value: str) -> tuple[int, int, int] | None:
    """A ``YYYY-MM-DD`` string's real date as numbers; None for anything else."""
    y, m, d = value[:4], value[5:7], value[8:10]
    if not (
        len(value) == 10
        and value.isascii()
        and value[4] == "-"
        and value[7] == "-"
        and (y + m + d).isdigit()
    ):
        return None
    try:
        found = date(int(y), int(m), int(d))
    except ValueError:  # 2021-02-29, year 0000...
        return None
    return found.year, found.month, found.day


def _age(born: Any, census: tuple[int, int, int] | None, census_date: str) -> int | None:
    """``age(born, census_date)``, from the digits of a plain date (the same complete years,
    29 February included: (2, 28) < (2, 29) as 28 February comes before 1 March)."""
    start = _ymd(born) if isinstance(born, str) else None
    if census is None or start is None:
        return age(born, census_date)
    years = census[0] - start[0]
    if (census[1], census[2]) < (start[1], start[2]):
        years -= 1
    return years


def clean(column: list[Any], is_int: bool) -> list[Any]:
    """The column with every value of its kind (as ``_value`` makes it): unchanged, and
    checked at C speed, when every value already is."""
    kinds = set(map(type, column))
    if kinds <= ({int, type(None)} if is_int else {str, type(None)}):
        return column
    if is_int and kinds <= {bool, type(None)}:  # yes/no answers: 1 and 0
        return list(map(_YES_NO.__getitem__, column))
    return [_value(is_int, value) for value in column]


_YES_NO: dict[Any, int | None] = {True: 1, False: 0, None: None}
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
