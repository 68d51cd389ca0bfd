"""The catalogue of domain errors: stable codes, messages in Indonesian and English.

The API maps each ``kind`` to an HTTP status in one place (``sensus.api.problems``). Messages
never contain personal data: no NIK, KK, name or birth date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Kind(Enum):
    INVALID = "invalid"  # 422: the input is wrong; fix it
    UNAUTHENTICATED = "unauthenticated"  # 401
    FORBIDDEN = "forbidden"  # 403
    NOT_FOUND = "not_found"  # 404
    CONFLICT = "conflict"  # 409: the state moved on; look again
    LOCKED = "locked"  # 429: too many attempts
    CLOSED = "closed"  # 403: outside the schedule
    TOO_LARGE = "too_large"  # 413


@dataclass(frozen=True)
class Problem:
    code: str
    kind: Kind
    id: str
    en: str


@dataclass(frozen=True)
class FieldError:
    """One wrong field: ``path`` is a JSON-pointer-like location such as ``members/2/age``."""

    path: str
    code: str
    id: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "code": self.code, "message_id": self.id, "message_en": self.en}


def _p(code: str, kind: Kind, id_: str, en: str) -> Problem:
    return Problem(code, kind, id_, en)


# fmt: off
VALIDATION_FAILED = _p("validation_failed", Kind.INVALID, "Ada isian yang perlu diperbaiki.", "Some answers need to be corrected.")
MALFORMED_REQUEST = _p("malformed_request", Kind.INVALID, "Permintaan tidak dapat dibaca.", "The request could not be read.")
BODY_TOO_LARGE = _p("body_too_large", Kind.TOO_LARGE, "Data yang dikirim terlalu besar.", "The data sent is too large.")
IDENTIFICATION_FAILED = _p("identification_failed", Kind.UNAUTHENTICATED, "Nomor KK dan NIK tidak cocok dengan data kami. Periksa kembali kedua nomor.", "The KK number and NIK do not match our records. Please check both numbers.")
WRONG_PASSWORD = _p("wrong_password", Kind.UNAUTHENTICATED, "Kata sandi salah.", "The password is wrong.")
PASSWORD_REQUIRED = _p("password_required", Kind.INVALID, "Kata sandi wajib diisi.", "A password is required.")
TOO_MANY_ATTEMPTS = _p("too_many_attempts", Kind.LOCKED, "Terlalu banyak percobaan. Coba lagi nanti.", "Too many attempts. Please try again later.")
NOT_SIGNED_IN = _p("not_signed_in", Kind.UNAUTHENTICATED, "Sesi Anda telah berakhir. Silakan masuk kembali.", "Your session has ended. Please sign in again.")
WINDOW_NOT_OPEN = _p("window_not_open", Kind.CLOSED, "Sensus online belum dibuka.", "The online census is not open yet.")
WINDOW_CLOSED = _p("window_closed", Kind.CLOSED, "Sensus online sudah ditutup.", "The online census has closed.")
ALREADY_SUBMITTED = _p("already_submitted", Kind.CONFLICT, "Data rumah tangga ini sudah dikirim dan tidak dapat diubah.", "This household has already been submitted and cannot be changed.")
STALE_DRAFT = _p("stale_draft", Kind.CONFLICT, "Data ini telah diubah di tempat lain. Versi terbaru telah dimuat.", "This data was changed elsewhere. The latest version has been loaded.")
SUBMISSION_ID_REUSED = _p("submission_id_reused", Kind.CONFLICT, "Kode pengiriman ini sudah dipakai untuk data yang berbeda.", "This submission ID was already used for different data.")
KK_ALREADY_REGISTERED = _p("kk_already_registered", Kind.CONFLICT, "Nomor KK ini sudah terdaftar. Silakan masuk dengan Nomor KK dan NIK.", "This KK number is already registered. Please sign in with the KK number and NIK.")
NOT_FOUND = _p("not_found", Kind.NOT_FOUND, "Data tidak ditemukan.", "Not found.")
QUESTIONNAIRE_CHANGED = _p("questionnaire_changed", Kind.CONFLICT, "Kuesioner telah diperbarui. Muat ulang halaman.", "The questionnaire was updated. Please reload the page.")
NOT_SUBMITTED = _p("not_submitted", Kind.CONFLICT, "Data rumah tangga ini belum dikirim.", "This household has not been submitted.")
# fmt: on


@dataclass
class SensusError(Exception):
    """A domain failure the caller can act on."""

    problem: Problem
    fields: list[FieldError] = field(default_factory=list)
    detail: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.problem.code


def invalid(fields: list[FieldError]) -> SensusError:
    return SensusError(VALIDATION_FAILED, fields)


def field_error(path: str, code: str, id_: str, en: str) -> FieldError:
    return FieldError(path, code, id_, en)
