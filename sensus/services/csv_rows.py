"""Small CSV files that administrators write (staff, enumeration areas): read whole, with
the line number of every row, so that a bad row is reported by line and the good ones go in.

UTF-8 (a leading byte-order mark is ignored), separated by commas or semicolons (as a
spreadsheet set to Indonesian saves CSV; the header line tells which), a header row naming the
columns in any order; columns a file may leave out are empty in every row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sensus.domain.errors import FieldError
from sensus.services.extract import ExtractError, separator_of

__all__ = ["CsvRow", "ExtractError", "LineProblem", "read_rows"]

MAX_ROWS = 1_000_000


@dataclass(frozen=True)
class CsvRow:
    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class LineProblem:
    """Why one row was not imported (never the row's data: it may be personal)."""

    line: int
    error: FieldError

    def reason(self, lang: str = "en") -> str:
        return self.error.id if lang == "id" else self.error.en


@dataclass
class CsvRead:
    rows: list[CsvRow] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)


def read_rows(source: Path | bytes, columns: Sequence[str], required: Sequence[str]) -> CsvRead:
    """The rows of ``source`` (a file, or the bytes of one uploaded); a row of the wrong
    width is a problem of its line.

    Raises ExtractError, having read nothing, when the file is missing, not UTF-8 or its
    header lacks a required column or names an unknown one.
    """
    try:
        data = source if isinstance(source, bytes) else source.read_bytes()
        text = data.decode("utf-8-sig")
    except FileNotFoundError:
        raise ExtractError("Berkas tidak ditemukan.", "The file does not exist.") from None
    except UnicodeDecodeError:
        raise ExtractError(
            "Berkas harus berenkode UTF-8.", "The file must be encoded in UTF-8."
        ) from None
    separator = separator_of(text.split("\n", 1)[0], columns)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header = [name.strip().lower() for name in next(reader, [])]
    _check_header(header, columns, required)
    read = CsvRead()
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue  # blank lines (a trailing newline, a spreadsheet's empty rows)
        if len(values) != len(header):
            read.problems.append(LineProblem(line, _wrong_width(len(header), len(values))))
            continue
        row = dict.fromkeys(columns, "") | dict(zip(header, values, strict=True))
        read.rows.append(CsvRow(line, row))
        if len(read.rows) > MAX_ROWS:
            raise ExtractError("Berkas terlalu besar.", "The file is too large.")
    return read


def _check_header(header: list[str], columns: Sequence[str], required: Sequence[str]) -> None:
    missing = [name for name in required if name not in header]
    unknown = [name for name in header if name not in columns]
    if missing or unknown or len(set(header)) != len(header):
        expected = ", ".join(columns)
        raise ExtractError(
            f"Baris judul harus berisi kolom: {expected} (wajib: {', '.join(required)}).",
            f"The header must name the columns {expected} (required: {', '.join(required)}).",
        )


def _wrong_width(expected: int, count: int) -> FieldError:
    return FieldError(
        "row",
        "field_count",
        f"Baris harus berisi {expected} kolom, bukan {count}.",
        f"The row must have {expected} fields, not {count}.",
    )
