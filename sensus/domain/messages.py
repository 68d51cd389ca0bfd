"""The catalogue of field-error messages: each code with its Indonesian and English text.

A refusal names what is wrong with one field by a stable code (``FieldError.code``); the
texts people read for those codes live here, once: the questionnaire engine's (``FIELD``),
the NIK's and the KK's (``NIK``, ``KK``), the roster's, a draft change's, a sync record's
(``ROSTER``, ``DRAFT_CHANGES``, ``SYNC``) and the words of an out-of-range answer. The
request-level problems (``SensusError``) are catalogued in :mod:`sensus.domain.errors`.
The browser gets this catalogue rendered into each page as JSON (``for_browser``), as it
gets its strings, so the two can never disagree. Messages never repeat the answer (it may
be personal data).
"""

from __future__ import annotations

from typing import Final

FIELD: Final[dict[str, tuple[str, str]]] = {
    "invalid_type": (
        "Isian ini tidak berbentuk jawaban yang benar.",
        "This answer is not of the right kind.",
    ),
    "invalid_character": (
        "Jawaban berisi karakter yang tidak diperbolehkan (karakter kontrol).",
        "The answer contains a character that is not allowed (a control character).",
    ),
    "unknown_field": ("Isian ini tidak dikenal.", "This field is not known."),
    "missing_field": ("Bagian ini wajib ada.", "This part is missing."),
    "questionnaire_changed": (
        "Kuesioner telah diperbarui. Muat ulang halaman.",
        "The questionnaire was updated. Please reload the page.",
    ),
    "too_many_members": (
        "Jumlah anggota keluarga terlalu banyak.",
        "There are too many household members.",
    ),
    "invalid_member_id": (
        "Kode anggota keluarga tidak valid.",
        "The member identifier is not valid.",
    ),
    "invalid_presence": (
        "Pilih keberadaan anggota: tinggal di sini, pindah, atau meninggal.",
        "Choose where the member is: lives here, moved away or died.",
    ),
    "presence_not_allowed": (
        "Keberadaan ini tidak berlaku untuk anggota ini.",
        "This presence does not apply to this member.",
    ),
    "required": ("Pertanyaan ini wajib dijawab.", "This question must be answered."),
    "too_long": ("Jawaban terlalu panjang.", "The answer is too long."),
    "out_of_range": (
        "Jawaban di luar batas yang diperbolehkan.",
        "The answer is outside the allowed range.",
    ),
    "invalid_date": ("Tanggal tidak valid (TTTT-BB-HH).", "This is not a valid date (YYYY-MM-DD)."),
    "no_such_date": (
        "Tanggal ini tidak ada di kalender. Periksa hari dan bulannya.",
        "There is no such day in the calendar. Please check the day and the month.",
    ),
    "not_a_number": (
        "Isikan angka bulat saja, tanpa huruf atau tanda lain.",
        "Enter a whole number, digits only.",
    ),
    "invalid_choice": ("Pilihan jawaban tidak tersedia.", "This choice is not available."),
    "invalid_region": ("Kode desa/kelurahan tidak dikenal.", "This is not a known village code."),
    "no_member_present": (
        "Minimal satu anggota keluarga harus tinggal di sini.",
        "At least one member must live here.",
    ),
    "no_head": (
        "Salah satu anggota yang tinggal di sini harus kepala keluarga.",
        "One member living here must be the head of the family.",
    ),
    "multiple_heads": (
        "Hanya boleh ada satu kepala keluarga.",
        "There can be only one head of the family.",
    ),
    "duplicate_nik": (
        "NIK ini sudah dipakai anggota keluarga lain.",
        "Another member of the household has this NIK.",
    ),
}

# code -> (Indonesian, English). Stable codes: clients and tests rely on them.
NIK: Final[dict[str, tuple[str, str]]] = {
    "format": (
        "NIK harus terdiri dari 16 angka.",
        "The NIK must be exactly 16 digits.",
    ),
    "unknown_region": (
        "Enam angka pertama NIK bukan kode kecamatan yang dikenal.",
        "The first six digits of the NIK are not a known district code.",
    ),
    "invalid_date": (
        "Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang benar.",
        "Digits 7 to 12 of the NIK are not a real birth date.",
    ),
    "invalid_serial": (
        "Empat angka terakhir NIK tidak boleh 0000.",
        "The last four digits of the NIK cannot be 0000.",
    ),
    "sex_mismatch": (
        "Jenis kelamin tidak sesuai dengan NIK.",
        "The sex does not match the NIK.",
    ),
    "birth_date_mismatch": (
        "Tanggal lahir tidak sesuai dengan NIK.",
        "The birth date does not match the NIK.",
    ),
}
KK: Final[dict[str, tuple[str, str]]] = {
    "format": (
        "Nomor KK harus terdiri dari 16 angka.",
        "The KK number must be exactly 16 digits.",
    ),
    "unknown_region": (
        "Enam angka pertama Nomor KK bukan kode kecamatan yang dikenal.",
        "The first six digits of the KK number are not a known district code.",
    ),
    "invalid_date": (
        "Angka ke-7 sampai ke-12 Nomor KK bukan tanggal yang benar.",
        "Digits 7 to 12 of the KK number are not a real date.",
    ),
    "invalid_serial": (
        "Empat angka terakhir Nomor KK tidak boleh 0000.",
        "The last four digits of the KK number cannot be 0000.",
    ),
}

# The roster against the registry's family card (``domain/roster.py``).
ROSTER: Final[dict[str, tuple[str, str]]] = {
    "duplicate_member": ("Anggota ini tercantum dua kali.", "This member is listed twice."),
    "unknown_member": (
        "Anggota ini tidak terdaftar pada KK ini.",
        "This member is not on this family card.",
    ),
    "registry_member_missing": (
        "Setiap anggota pada KK harus ditandai: tinggal di sini, pindah, atau meninggal.",
        "Every member on the family card must be marked: lives here, moved away or died.",
    ),
}
# A device's changes to a draft and the conflicts it sends (``domain/draft_changes.py``).
DRAFT_CHANGES: Final[dict[str, tuple[str, str]]] = {
    "invalid_change_path": ("Perubahan ini tidak dapat dibaca.", "This change cannot be read."),
    "unknown_member": (
        "Anggota keluarga ini tidak ada dalam draf.",
        "This member is not in the draft.",
    ),
    "invalid_member": (
        "Data anggota keluarga harus berisi keberadaan dan jawaban.",
        "A member must be given as its presence and answers.",
    ),
    "invalid_conflict": (
        "Jawaban ganda ini tidak dapat dibaca.",
        "This conflicting answer cannot be read.",
    ),
}
# A sync record's reference to something of the officer's (``services/sync_records.py``).
SYNC: Final[dict[str, tuple[str, str]]] = {
    "not_found": ("Tidak ditemukan di antara data Anda.", "Not found among yours."),
    "reused": ("Sudah dipakai untuk data lain.", "Already used for other data."),
    "taken": ("Sudah dipakai.", "Already taken."),
    "invalid": ("Tidak sesuai.", "Does not match."),
}

# Month names as people write dates (day first): the bounds of a date question in a message.
MONTHS: Final = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    "en": "January February March April May June July August September October November December",
}
# What an out-of-range answer is told, by (has a minimum, has a maximum, is a date).
RANGES: Final[dict[tuple[bool, bool, bool], tuple[str, str]]] = {
    (True, True, False): ("Isikan angka {low}–{high}.", "Enter a number from {low} to {high}."),
    (True, False, False): (
        "Angka tidak boleh kurang dari {low}.",
        "The number cannot be less than {low}.",
    ),
    (False, True, False): (
        "Angka tidak boleh lebih dari {high}.",
        "The number cannot be more than {high}.",
    ),
    (True, True, True): (
        "Tanggal harus di antara {low} dan {high}.",
        "The date must be between {low} and {high}.",
    ),
    (True, False, True): ("Tanggal tidak boleh sebelum {low}.", "The date cannot be before {low}."),
    (False, True, True): (
        "Tanggal tidak boleh setelah {high}.",
        "The date cannot be after {high}.",
    ),
}


def for_browser() -> dict[str, object]:
    """The catalogue as the page's scripts read it (``i18n.js``): ``{"id": ..., "en": ...}``
    texts; range keys as ``"true,false,true"`` (has a minimum, has a maximum, is a date)."""

    def texts(catalogue: dict[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
        return {code: {"id": id_, "en": en} for code, (id_, en) in catalogue.items()}

    def key(shape: tuple[bool, bool, bool]) -> str:
        return ",".join("true" if part else "false" for part in shape)

    return {
        "fields": texts(FIELD),
        "nik": texts(NIK),
        "ranges": {key(shape): {"id": i, "en": e} for shape, (i, e) in RANGES.items()},
        "months": {lang: names.split() for lang, names in MONTHS.items()},
    }
