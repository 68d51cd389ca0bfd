"""Field error codes of document validation, with their messages in Indonesian and English.

The browser holds the same catalogue (``sensus/web/static/js/engine.js``); the browser test
compares the two. NIK errors come from :mod:`sensus.domain.identity`, constraint errors carry
the questionnaire's own message. Messages never repeat the answer (it may be personal data).
"""

from __future__ import annotations

from typing import Final

from sensus.domain.errors import FieldError

MESSAGES: Final[dict[str, tuple[str, str]]] = {
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

CONSTRAINT_FAILED: Final = "constraint_failed"


def field_error(path: str, code: str) -> FieldError:
    """The catalogued error ``code`` at ``path``."""
    id_, en = MESSAGES[code]
    return FieldError(path, code, id_, en)


# Month names as people write dates (day first): the bounds of a date question in a message.
_MONTHS: Final = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    "en": "January February March April May June July August September October November December",
}
# What an out-of-range answer is told, by (has a minimum, has a maximum, is a date).
_RANGES: Final[dict[tuple[bool, bool, bool], tuple[str, str]]] = {
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


def _written(bound: int | str | None, is_date: bool, lang: str) -> str:
    if bound is None or not is_date:
        return str(bound)
    year, month, day = str(bound).split("-")
    return f"{int(day)} {_MONTHS[lang].split()[int(month) - 1]} {year}"


def out_of_range(
    path: str, low: int | str | None, high: int | str | None, is_date: bool
) -> FieldError:
    """``out_of_range`` at ``path``, saying the range ("Isikan angka 0–120."); a question
    out of range has a bound. engine.js (field-messages.js ``outOfRange``) says the same."""
    id_, en = _RANGES[(low is not None, high is not None, is_date)]
    return FieldError(
        path,
        "out_of_range",
        id_.format(low=_written(low, is_date, "id"), high=_written(high, is_date, "id")),
        en.format(low=_written(low, is_date, "en"), high=_written(high, is_date, "en")),
    )
