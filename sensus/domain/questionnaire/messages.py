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
