"""The civil-registry extract: family cards (KK) and their members, and the rules for a row.

A row of the extract is one person on one family card (see docs/registry-import.md for the
columns). ``parse_row`` turns its text into typed values or says which fields are wrong;
``assemble_card`` puts the rows of one KK together and rejects the rows whose address
disagrees with the card's first row. Pure: no file, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sensus.domain import regions
from sensus.domain.errors import FieldError
from sensus.domain.identity import validate_kk, validate_nik

COLUMNS = (
    "kk",
    "nik",
    "name",
    "sex",
    "birth_place",
    "birth_date",
    "relationship",
    "religion",
    "marital_status",
    "address",
    "rt",
    "rw",
    "village_code",
)
ADDRESS_FIELDS = ("address", "rt", "rw", "village_code")

MAX_NAME, MAX_BIRTH_PLACE, MAX_ADDRESS = 120, 80, 200
EARLIEST_BIRTH = date(1900, 1, 1)
# The sex column takes the letters of a printed KK or the codes of docs/CONTRACTS.md.
SEX_CODES = {"L": 1, "P": 2, "1": 1, "2": 2}
RELATIONSHIPS = range(1, 12)  # 1 Kepala keluarga ... 11 Lainnya
RELIGIONS = range(1, 8)  # 1 Islam ... 7 Kepercayaan terhadap Tuhan YME
MARITAL_STATUSES = range(1, 5)  # 1 Belum kawin ... 4 Cerai mati
HEAD = 1


@dataclass(frozen=True, slots=True)
class FamilyMember:
    """A person as the registry lists them on a family card."""

    nik: str
    name: str
    sex: int
    birth_place: str
    birth_date: date
    relationship: int
    religion: int | None
    marital_status: int | None


@dataclass(frozen=True, slots=True)
class FamilyCard:
    """One KK: where the family lives, and its members in the card's order."""

    kk: str
    address: str
    rt: str
    rw: str
    village_code: str
    members: tuple[FamilyMember, ...]


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """One valid row: the card's fields as this row states them, and the person."""

    kk: str
    address: str
    rt: str
    rw: str
    village_code: str
    member: FamilyMember


def _msg(path: str, code: str, id_: str, en: str) -> FieldError:
    return FieldError(path, code, id_, en)


# One shared object per kind of mistake: a file with many bad rows must not cost much memory.
REQUIRED_NAME = _msg("name", "required", "Nama wajib diisi.", "The name is required.")
LONG_NAME = _msg(
    "name",
    "too_long",
    f"Nama paling banyak {MAX_NAME} karakter.",
    f"The name has at most {MAX_NAME} characters.",
)
BAD_SEX = _msg(
    "sex", "invalid_code", "Jenis kelamin harus L, P, 1 atau 2.", "Sex must be L, P, 1 or 2."
)
LONG_BIRTH_PLACE = _msg(
    "birth_place",
    "too_long",
    f"Tempat lahir paling banyak {MAX_BIRTH_PLACE} karakter.",
    f"The birth place has at most {MAX_BIRTH_PLACE} characters.",
)
BAD_BIRTH_DATE = _msg(
    "birth_date",
    "invalid_date",
    "Tanggal lahir harus tanggal yang benar dengan format YYYY-MM-DD.",
    "The birth date must be a real date written YYYY-MM-DD.",
)
BIRTH_DATE_RANGE = _msg(
    "birth_date",
    "out_of_range",
    "Tanggal lahir harus antara 1900-01-01 dan hari ini.",
    "The birth date must be between 1900-01-01 and today.",
)
BAD_RELATIONSHIP = _msg(
    "relationship",
    "invalid_code",
    "Hubungan dalam keluarga harus kode 1 sampai 11.",
    "The relationship must be a code from 1 to 11.",
)
BAD_RELIGION = _msg(
    "religion",
    "invalid_code",
    "Agama harus kode 1 sampai 7, atau kosong.",
    "The religion must be a code from 1 to 7, or empty.",
)
BAD_MARITAL_STATUS = _msg(
    "marital_status",
    "invalid_code",
    "Status perkawinan harus kode 1 sampai 4, atau kosong.",
    "The marital status must be a code from 1 to 4, or empty.",
)
LONG_ADDRESS = _msg(
    "address",
    "too_long",
    f"Alamat paling banyak {MAX_ADDRESS} karakter.",
    f"The address has at most {MAX_ADDRESS} characters.",
)
BAD_RT = _msg(
    "rt",
    "invalid",
    "RT harus 1 sampai 3 angka, atau kosong.",
    "The RT must be 1 to 3 digits, or empty.",
)
BAD_RW = _msg(
    "rw",
    "invalid",
    "RW harus 1 sampai 3 angka, atau kosong.",
    "The RW must be 1 to 3 digits, or empty.",
)
UNKNOWN_VILLAGE = _msg(
    "village_code",
    "unknown_region",
    "Kode desa/kelurahan harus 10 angka kode Kemendagri dari desa/kelurahan yang ada.",
    "The village code must be the 10-digit Kemendagri code of an existing village.",
)


def parse_row(values: Sequence[str], today: date) -> ParsedRow | list[FieldError]:
    """The typed row, or every field error of it (``path`` is the column name).

    ``values`` are the 13 texts in the order of ``COLUMNS``; surrounding spaces are ignored.
    A birth date after ``today`` is wrong.
    """
    kk, nik, name, sex, place, born, rel, religion, marital, address, rt, rw, village = map(
        str.strip, values
    )
    sex_code = SEX_CODES.get(sex.upper())
    date_errors: list[FieldError] = []
    birth_date = _birth_date(born, today, date_errors)
    # Errors in column order; the NIK is checked against the sex and birth date it states.
    errors = validate_kk(kk) + validate_nik(nik, sex=sex_code, birth_date=birth_date)
    _check_text(name, MAX_NAME, errors, REQUIRED_NAME, LONG_NAME)
    if sex_code is None:
        errors.append(BAD_SEX)
    _check_text(place, MAX_BIRTH_PLACE, errors, None, LONG_BIRTH_PLACE)
    errors += date_errors
    relationship = _code(rel, RELATIONSHIPS, errors, BAD_RELATIONSHIP, optional=False)
    religion_code = _code(religion, RELIGIONS, errors, BAD_RELIGION, optional=True)
    marital_code = _code(marital, MARITAL_STATUSES, errors, BAD_MARITAL_STATUS, optional=True)
    _check_text(address, MAX_ADDRESS, errors, None, LONG_ADDRESS)
    rt_text, rw_text = _rt_rw(rt, errors, BAD_RT), _rt_rw(rw, errors, BAD_RW)
    if not regions.is_village(village):
        errors.append(UNKNOWN_VILLAGE)
    if errors:
        return errors
    assert sex_code is not None and birth_date is not None and relationship is not None
    member = FamilyMember(
        nik, name, sex_code, place, birth_date, relationship, religion_code, marital_code
    )
    return ParsedRow(kk, address, rt_text, rw_text, village, member)


def assemble_card(
    rows: Sequence[tuple[int, ParsedRow]],
) -> tuple[FamilyCard, list[tuple[int, FieldError]]]:
    """The family card of one KK's valid rows, given with their line numbers, in file order.

    The first row decides where the family lives; a later row that states another address,
    RT, RW or village is left out and reported against each disagreeing field.
    """
    first_line, first = rows[0]
    members: list[FamilyMember] = []
    rejected: list[tuple[int, FieldError]] = []
    for line, row in rows:
        differing = [f for f in ADDRESS_FIELDS if getattr(row, f) != getattr(first, f)]
        rejected += [(line, address_mismatch(f, first_line)) for f in differing]
        if not differing:
            members.append(row.member)
    card = FamilyCard(
        first.kk, first.address, first.rt, first.rw, first.village_code, tuple(members)
    )
    return card, rejected


def address_mismatch(field: str, first_line: int) -> FieldError:
    """The row's ``field`` disagrees with the first row of its KK, at ``first_line``."""
    return _msg(
        field,
        "household_mismatch",
        f"Berbeda dengan baris {first_line}, baris pertama Nomor KK yang sama.",
        f"Differs from line {first_line}, the first line of the same KK number.",
    )


def duplicate_nik(first_line: int) -> FieldError:
    """The NIK already appeared at ``first_line`` of the same extract."""
    return _msg(
        "nik",
        "duplicate",
        f"NIK yang sama sudah ada di baris {first_line}.",
        f"The same NIK already appears on line {first_line}.",
    )


def _birth_date(text: str, today: date, errors: list[FieldError]) -> date | None:
    # date.fromisoformat alone would also take "20200101" and week dates.
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        errors.append(BAD_BIRTH_DATE)
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        errors.append(BAD_BIRTH_DATE)
        return None
    if not EARLIEST_BIRTH <= value <= today:
        errors.append(BIRTH_DATE_RANGE)
        return None
    return value


def _check_text(
    text: str,
    limit: int,
    errors: list[FieldError],
    if_empty: FieldError | None,
    if_long: FieldError,
) -> None:
    if not text and if_empty is not None:
        errors.append(if_empty)
    elif len(text) > limit:
        errors.append(if_long)


def _code(
    text: str, allowed: range, errors: list[FieldError], error: FieldError, *, optional: bool
) -> int | None:
    if not text and optional:
        return None
    if text.isascii() and text.isdigit() and int(text) in allowed:
        return int(text)
    errors.append(error)
    return None


def _rt_rw(text: str, errors: list[FieldError], error: FieldError) -> str:
    """RT and RW as printed on a KK, three digits ("7" -> "007"); empty stays empty."""
    if not text:
        return ""
    if len(text) <= 3 and text.isascii() and text.isdigit():
        return text.zfill(3)
    errors.append(error)
    return ""
