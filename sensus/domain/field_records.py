"""Records an officer's device sends in a sync, read and checked for shape. Pure.

Every record carries a ``record_id`` the device made (a UUID), so a record sent twice is
stored once. Four kinds (docs/CONTRACTS.md, "Interview round API"):

- ``visit``: an outcome of a visit to an assigned household;
- ``interview``: the household response document an officer filled in with the household;
- ``listing_check``: the officer's check of one household of the SLS population list;
- ``new_household``: a household the list lacks, found in the field, with a provisional id
  and an assignment id the device made, so that its visits and interview can refer to it.

Reading never raises: a record that cannot be used is an :class:`Unreadable` with every
problem found, at paths relative to the record (``outcome``, ``document/members/0/nama``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sensus.domain.errors import FieldError
from sensus.domain.identity import validate_kk
from sensus.domain.moments import parse_moment
from sensus.domain.questionnaire.answers import has_forbidden_character

VISIT, INTERVIEW, LISTING_CHECK, NEW_HOUSEHOLD = (
    "visit",
    "interview",
    "listing_check",
    "new_household",
)
KINDS = (VISIT, INTERVIEW, LISTING_CHECK, NEW_HOUSEHOLD)

OUTCOMES = (
    "completed",
    "nobody_home",
    "refused",
    "moved",
    "vacant",
    "dwelling_not_found",
    "new_household_found",
)
# Outcomes after which nobody goes back: the assignment is done without an interview.
CLOSING_OUTCOMES = frozenset({"moved", "vacant", "dwelling_not_found", "new_household_found"})
# Outcomes that plan a return; nobody_home must say when.
REVISIT_OUTCOMES = frozenset({"nobody_home", "refused"})

LISTING_RESULTS = ("confirmed", "corrected", "moved", "not_found", "merged")
# Results that strike the household off the list: its open assignment goes.
STRIKING_RESULTS = frozenset({"moved", "not_found", "merged"})
# Results that confirm the household exists: a household waiting for verification is verified.
VERIFYING_RESULTS = frozenset({"confirmed", "corrected"})
CORRECTABLE = {"address": 200, "rt": 3, "rw": 3, "head_name": 120, "note": 500}

MAX_NOTE = 500
MAX_ADDRESS = 200
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_PROVISIONAL = re.compile(r"P-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_COMMON = ("record_id", "kind", "recorded_at")
_KEYS = {
    VISIT: (*_COMMON, "assignment_id", "outcome", "note", "revisit_at"),
    INTERVIEW: (*_COMMON, "assignment_id", "document"),
    LISTING_CHECK: (*_COMMON, "household_id", "result", "corrections", "merged_into", "note"),
    NEW_HOUSEHOLD: (
        *_COMMON,
        "provisional_id",
        "assignment_id",
        "area_id",
        "address",
        "kk",
        "note",
    ),
}


@dataclass(frozen=True)
class Visit:
    record_id: str
    assignment_id: str
    outcome: str
    note: str
    revisit_at: datetime | None
    recorded_at: datetime
    kind: str = VISIT


@dataclass(frozen=True)
class Interview:
    record_id: str
    assignment_id: str
    document: dict[str, Any]
    recorded_at: datetime
    kind: str = INTERVIEW


@dataclass(frozen=True)
class ListingCheck:
    record_id: str
    household_id: int
    result: str
    corrections: dict[str, str]
    merged_into: int | None
    note: str
    recorded_at: datetime
    kind: str = LISTING_CHECK


@dataclass(frozen=True)
class NewHousehold:
    record_id: str
    provisional_id: str
    assignment_id: str
    area_id: int
    address: str
    kk: str | None
    note: str
    recorded_at: datetime
    kind: str = NEW_HOUSEHOLD


FieldRecord = Visit | Interview | ListingCheck | NewHousehold


@dataclass(frozen=True)
class Unreadable:
    """A record that cannot be stored as sent; ``record_id`` and ``kind`` when readable."""

    record_id: str | None
    kind: str | None
    problems: list[FieldError] = field(default_factory=list)


def read_record(raw: Any) -> FieldRecord | Unreadable:
    """The record ``raw`` stands for, or what is wrong with it."""
    if not isinstance(raw, dict):
        return Unreadable(None, None, [_error("", "invalid_type", *_NOT_OBJECT)])
    reader = _Reader(raw)
    record = reader.record()
    if reader.problems or record is None:
        return Unreadable(reader.record_id, reader.kind, reader.problems)
    return record


class _Reader:
    """Reads one record, collecting every problem rather than stopping at the first."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.problems: list[FieldError] = []
        self.record_id = self._uuid("record_id")
        kind = raw.get("kind")
        self.kind = kind if isinstance(kind, str) and kind in KINDS else None
        if self.kind is None:
            self.problems.append(_error("kind", "invalid_kind", *_BAD_KIND))

    def record(self) -> FieldRecord | None:
        if self.kind is None:
            return None
        for key in self.raw:
            if key not in _KEYS[self.kind]:
                self.problems.append(_error(str(key), "unknown_field", *_UNKNOWN_FIELD))
        recorded_at = self._moment("recorded_at", required=True)
        build = {
            VISIT: self._visit,
            INTERVIEW: self._interview,
            LISTING_CHECK: self._listing_check,
            NEW_HOUSEHOLD: self._new_household,
        }[self.kind]
        record = build(recorded_at)
        return None if self.problems else record

    def _visit(self, recorded_at: datetime | None) -> Visit | None:
        assignment_id = self._uuid("assignment_id")
        outcome = self._choice("outcome", OUTCOMES)
        revisit_at = self._moment("revisit_at", required=outcome == "nobody_home")
        if revisit_at is not None and outcome not in REVISIT_OUTCOMES:
            self.problems.append(_error("revisit_at", "not_allowed", *_NO_REVISIT))
        note = self._text("note", MAX_NOTE, required=False)
        if assignment_id and outcome and recorded_at and note is not None:
            return Visit(
                self.record_id or "", assignment_id, outcome, note, revisit_at, recorded_at
            )
        return None

    def _interview(self, recorded_at: datetime | None) -> Interview | None:
        assignment_id = self._uuid("assignment_id")
        document = self.raw.get("document")
        if not isinstance(document, dict):
            self.problems.append(_error("document", "invalid_type", *_NOT_OBJECT))
            return None
        if assignment_id and recorded_at:
            return Interview(self.record_id or "", assignment_id, document, recorded_at)
        return None

    def _listing_check(self, recorded_at: datetime | None) -> ListingCheck | None:
        household_id = self._id("household_id", required=True)
        result = self._choice("result", LISTING_RESULTS)
        merged_into = self._id("merged_into", required=result == "merged")
        if merged_into is not None and result != "merged":
            self.problems.append(_error("merged_into", "not_allowed", *_NOT_MERGED))
        if merged_into is not None and merged_into == household_id:
            self.problems.append(_error("merged_into", "same_household", *_SELF_MERGE))
        corrections = self._corrections()
        note = self._text("note", MAX_NOTE, required=False)
        if household_id and result and recorded_at and corrections is not None and note is not None:
            return ListingCheck(
                self.record_id or "", household_id, result, corrections, merged_into, note,
                recorded_at,
            )  # fmt: skip
        return None

    def _new_household(self, recorded_at: datetime | None) -> NewHousehold | None:
        provisional = self.raw.get("provisional_id")
        if not (isinstance(provisional, str) and _PROVISIONAL.fullmatch(provisional)):
            self.problems.append(_error("provisional_id", "invalid_format", *_BAD_PROVISIONAL))
            provisional = None
        assignment_id = self._uuid("assignment_id")
        area_id = self._id("area_id", required=True)
        address = self._text("address", MAX_ADDRESS, required=True)
        kk = self._kk()
        note = self._text("note", MAX_NOTE, required=False)
        if provisional and assignment_id and area_id and address and recorded_at and kk != "":
            return NewHousehold(
                self.record_id or "", provisional, assignment_id, area_id, address, kk,
                note or "", recorded_at,
            )  # fmt: skip
        return None

    # -- fields ----------------------------------------------------------------------------

    def _uuid(self, key: str) -> str | None:
        value = self.raw.get(key)
        if isinstance(value, str) and _UUID.fullmatch(value):
            return value
        code = "missing_field" if value is None else "invalid_format"
        self.problems.append(_error(key, code, *_BAD_UUID))
        return None

    def _choice(self, key: str, allowed: tuple[str, ...]) -> str | None:
        value = self.raw.get(key)
        if isinstance(value, str) and value in allowed:
            return value
        listing = ", ".join(allowed)
        self.problems.append(
            _error(key, "invalid_choice", f"Pilihan yang sah: {listing}.", f"One of: {listing}.")
        )
        return None

    def _moment(self, key: str, *, required: bool) -> datetime | None:
        value = self.raw.get(key)
        if value is None:
            if required:
                self.problems.append(_error(key, "missing_field", *_REQUIRED))
            return None
        moment = parse_moment(value)
        if moment is None:
            self.problems.append(_error(key, "invalid_datetime", *_BAD_MOMENT))
        return moment

    def _id(self, key: str, *, required: bool) -> int | None:
        value = self.raw.get(key)
        if value is None and not required:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**53:
            return value
        self.problems.append(_error(key, "invalid_id", *_BAD_ID))
        return None

    def _text(self, key: str, limit: int, *, required: bool) -> str | None:
        value = self.raw.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problems.append(_error(key, "invalid_type", *_NOT_TEXT))
            return None
        value = value.strip()
        if required and not value:
            self.problems.append(_error(key, "missing_field", *_REQUIRED))
            return None
        if len(value) > limit:
            self.problems.append(_error(key, "too_long", *_too_long(limit)))
            return None
        if has_forbidden_character(value):
            self.problems.append(_error(key, "invalid_character", *_BAD_CHARACTER))
            return None
        return value

    def _kk(self) -> str | None:
        """The KK if given, None if not, "" (refused) when it is not a valid KK number."""
        value = self.raw.get("kk")
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.problems.append(_error("kk", "invalid_type", *_NOT_TEXT))
            return ""
        problems = validate_kk(value)
        self.problems += problems
        return "" if problems else value

    def _corrections(self) -> dict[str, str] | None:
        value = self.raw.get("corrections")
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problems.append(_error("corrections", "invalid_type", *_NOT_OBJECT))
            return None
        corrections: dict[str, str] = {}
        for key, text in value.items():
            path = f"corrections/{key}"
            limit = CORRECTABLE.get(key)
            if limit is None:
                self.problems.append(_error(path, "unknown_field", *_UNKNOWN_FIELD))
            elif not isinstance(text, str) or len(text.strip()) > limit:
                self.problems.append(_error(path, "invalid_value", *_too_long(limit)))
            elif key in ("rt", "rw") and not (text.isascii() and text.strip().isdigit()):
                self.problems.append(_error(path, "invalid_value", *_BAD_UNIT))
            elif has_forbidden_character(text):
                self.problems.append(_error(path, "invalid_character", *_BAD_CHARACTER))
            else:
                corrections[key] = text.strip()
        return corrections


def _error(path: str, code: str, id_: str, en: str) -> FieldError:
    return FieldError(path, code, id_, en)


def _too_long(limit: int) -> tuple[str, str]:
    return (f"Paling banyak {limit} karakter.", f"At most {limit} characters.")


_NOT_OBJECT = ("Harus berupa objek.", "Must be an object.")
_NOT_TEXT = ("Harus berupa teks.", "Must be text.")
_REQUIRED = ("Wajib diisi.", "Required.")
_BAD_KIND = (
    "Jenis rekaman harus visit, interview, listing_check atau new_household.",
    "The record kind must be visit, interview, listing_check or new_household.",
)
_UNKNOWN_FIELD = ("Isian tidak dikenal.", "Unknown field.")
_BAD_UUID = ("Harus berupa UUID (huruf kecil).", "Must be a UUID (lower case).")
_BAD_MOMENT = (
    "Harus berupa waktu ISO 8601 dengan zona waktu, antara tahun 1900 dan 2199.",
    "Must be an ISO 8601 time with its offset, between the years 1900 and 2199.",
)
_BAD_ID = ("Harus berupa nomor rumah tangga/wilayah.", "Must be a household or area number.")
_NO_REVISIT = (
    "Jadwal kunjungan ulang hanya untuk tidak ada orang di rumah atau menolak.",
    "A revisit is planned only when nobody was home or the household refused.",
)
_NOT_MERGED = (
    "Hanya untuk rumah tangga yang digabung.",
    "Only for a household merged into another.",
)
_SELF_MERGE = (
    "Rumah tangga tidak dapat digabung ke dirinya sendiri.",
    "A household cannot be merged into itself.",
)
_BAD_PROVISIONAL = (
    "Kode sementara harus P- diikuti UUID (huruf kecil).",
    "The provisional ID must be P- followed by a UUID (lower case).",
)
_BAD_CHARACTER = (
    "Berisi karakter yang tidak diperbolehkan (karakter kontrol).",
    "Contains a character that is not allowed (a control character).",
)
_BAD_UNIT = ("RT/RW harus berupa angka.", "The RT/RW must be digits.")
