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
    METHOD = "method"  # 405: the route exists, not with this method
    UNAVAILABLE = "unavailable"  # 503: the server is at capacity; retry after Retry-After


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
KK_ALREADY_REGISTERED = _p("kk_already_registered", Kind.CONFLICT, "Nomor KK dan NIK ini sudah terdaftar. Silakan masuk dengan kedua nomor dan kata sandi.", "This KK number and NIK are already registered. Please sign in with both numbers and the password.")
NOT_FOUND = _p("not_found", Kind.NOT_FOUND, "Data tidak ditemukan.", "Not found.")
METHOD_NOT_ALLOWED = _p("method_not_allowed", Kind.METHOD, "Metode permintaan ini tidak didukung.", "This request method is not supported here.")
QUESTIONNAIRE_CHANGED = _p("questionnaire_changed", Kind.CONFLICT, "Kuesioner telah diperbarui. Muat ulang halaman.", "The questionnaire was updated. Please reload the page.")
OVERLOADED = _p("overloaded", Kind.UNAVAILABLE, "Server sedang sibuk. Silakan coba lagi sebentar lagi.", "The server is busy. Please try again shortly.")
OTHER_HOUSEHOLD = _p("other_household", Kind.CONFLICT, "Data ini milik rumah tangga lain yang pernah masuk di perangkat ini. Masuk sebagai rumah tangga itu untuk mengirimnya.", "This data belongs to another household that signed in on this device. Sign in as that household to send it.")
NOT_SUBMITTED = _p("not_submitted", Kind.CONFLICT, "Data rumah tangga ini belum dikirim.", "This household has not been submitted.")
# -- the interview round: staff, areas, assignments, sync, review --
STAFF_SIGN_IN_FAILED = _p("staff_sign_in_failed", Kind.UNAUTHENTICATED, "Nama pengguna atau kata sandi salah.", "The username or password is wrong.")
STAFF_NOT_SIGNED_IN = _p("staff_not_signed_in", Kind.UNAUTHENTICATED, "Sesi petugas telah berakhir. Silakan masuk kembali; data yang belum terkirim tetap tersimpan di perangkat ini.", "Your staff session has ended. Please sign in again; work not yet sent stays on this device.")
ROLE_NOT_ALLOWED = _p("role_not_allowed", Kind.FORBIDDEN, "Peran Anda tidak diizinkan melakukan ini.", "Your role does not allow this.")
USERNAME_TAKEN = _p("username_taken", Kind.CONFLICT, "Nama pengguna ini sudah dipakai.", "This username is already taken.")
INTERVIEW_WINDOW_NOT_OPEN = _p("interview_window_not_open", Kind.CLOSED, "Masa pencacahan wawancara belum dimulai.", "The interview round has not started yet.")
INTERVIEW_WINDOW_CLOSED = _p("interview_window_closed", Kind.CLOSED, "Masa pencacahan wawancara sudah berakhir.", "The interview round has ended.")
AREA_NOT_FOUND = _p("area_not_found", Kind.NOT_FOUND, "Wilayah tugas ini tidak ditemukan di antara wilayah Anda.", "This enumeration area is not among yours.")
ASSIGNMENT_NOT_FOUND = _p("assignment_not_found", Kind.NOT_FOUND, "Tugas ini tidak ditemukan di antara tugas Anda.", "This assignment is not among yours.")
HOUSEHOLD_NOT_IN_AREAS = _p("household_not_in_areas", Kind.NOT_FOUND, "Rumah tangga ini tidak ditemukan di wilayah tugas Anda.", "This household is not in your enumeration areas.")
INTERVIEW_NOT_FOUND = _p("interview_not_found", Kind.NOT_FOUND, "Wawancara ini tidak ditemukan.", "This interview was not found.")
RECORD_ID_REUSED = _p("record_id_reused", Kind.CONFLICT, "Kode rekaman ini sudah dipakai untuk data yang berbeda.", "This record ID was already used for different data.")
PROVISIONAL_ID_TAKEN = _p("provisional_id_taken", Kind.CONFLICT, "Kode sementara rumah tangga ini sudah dipakai.", "This provisional household ID is already taken.")
ALREADY_REVIEWED = _p("already_reviewed", Kind.CONFLICT, "Wawancara ini sudah diperiksa.", "This interview has already been reviewed.")
INTERVIEW_SUPERSEDED = _p("interview_superseded", Kind.CONFLICT, "Rumah tangga ini sudah mengisi sensus online. Wawancara tetap disimpan; data online yang dipakai kecuali pengawas memutuskan lain.", "This household answered online. The interview is kept; the online record counts unless a supervisor decides otherwise.")
UNKNOWN_OFFICER = _p("unknown_officer", Kind.NOT_FOUND, "Petugas ini tidak ditemukan atau tidak aktif.", "This officer was not found or is not active.")
# -- recovery through the census's own people (ADR 0016) --
RECOVERY_FAILED = _p("recovery_failed", Kind.UNAUTHENTICATED, "Nomor KK, NIK, atau kode pemulihan tidak cocok, atau kodenya sudah dipakai atau kedaluwarsa. Minta kode baru kepada petugas Anda.", "The KK number, NIK or recovery code do not match, or the code was used or has expired. Ask your officer for a new code.")
HOUSEHOLD_NOT_FOUND = _p("household_not_found", Kind.NOT_FOUND, "Rumah tangga dengan Nomor KK dan NIK ini tidak ditemukan di antara rumah tangga yang dapat Anda bantu.", "No household with this KK number and NIK is among those you can help.")
REGISTRY_HOLDS_KK = _p("registry_holds_kk", Kind.CONFLICT, "Nomor KK ini milik rumah tangga dari data registrasi; yang lain tidak dapat mengambilnya. Keluarga itu masuk dengan NIK yang tercantum di kartu keluarga.", "This KK belongs to a household of the registry; no other can take it. That family signs in with a NIK printed on the family card.")
NOT_A_CLAIM = _p("not_a_claim", Kind.NOT_FOUND, "Rumah tangga ini tidak termasuk klaim Nomor KK yang menunggu keputusan.", "This household is not part of a KK claim waiting for a decision.")
# -- requests: a write from another site (docs/SECURITY.md, ADR 0014) --
CROSS_SITE_REQUEST = _p("cross_site_request", Kind.FORBIDDEN, "Permintaan ini berasal dari situs lain dan ditolak.", "This request came from another site and was refused.")
# fmt: on


@dataclass
class SensusError(Exception):
    """A domain failure the caller can act on."""

    problem: Problem
    fields: list[FieldError] = field(default_factory=list)
    detail: dict[str, object] = field(default_factory=dict)
    retry_after: int | None = None  # seconds, for a refusal that time lifts (429)

    def __str__(self) -> str:
        return self.problem.code


def invalid(fields: list[FieldError]) -> SensusError:
    return SensusError(VALIDATION_FAILED, fields)


def field_error(path: str, code: str, id_: str, en: str) -> FieldError:
    return FieldError(path, code, id_, en)
