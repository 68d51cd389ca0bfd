"""Import of the civil-registry extract into households and persons.

The extract is a CSV file: UTF-8 (a leading byte-order mark is ignored), comma-separated,
fields quoted when they hold a comma, quote or line break, and a header row naming these 13
columns in any order. One row per person; docs/registry-import.md has the full description.

=================  ======================================================================
``kk``             Nomor KK, 16 digits: district of issue, issue date DDMMYY, serial
``nik``            NIK, 16 digits: district, birth date DDMMYY (+40 for women), serial
``name``           full name, 1-120 characters
``sex``            ``L``/``P`` as printed on a KK, or the codes 1 male / 2 female
``birth_place``    0-80 characters
``birth_date``     ``YYYY-MM-DD``, from 1900-01-01 to the day of the import
``relationship``   hubungan code 1-11 (1 Kepala keluarga ... 11 Lainnya)
``religion``       agama code 1-7, or empty (the registry leaves it empty for some)
``marital_status`` status kawin code 1-4, or empty
``address``        street address of the family, 0-200 characters
``rt``, ``rw``     1-3 digits (stored zero-padded: ``7`` -> ``007``), or empty
``village_code``   10-digit Kemendagri code of an existing village (kelurahan/desa)
=================  ======================================================================

The NIK must agree with ``sex`` and ``birth_date``. The rows of one KK must state the same
address, RT, RW and village; the first row of a KK decides, and a row that disagrees is
rejected with the line it disagrees with.

The extract is expected sorted by KK, as Dukcapil delivers it, and is then streamed: memory
holds one chunk of about ``CHUNK_PERSONS`` persons, written in one transaction. An unsorted
file is sorted on disk first (see ``sensus.services.extract``): correct, only slower.

Every rejected row is reported with its line number, the field and the reason, which never
holds the row's data; the valid rows are imported anyway. Importing the same file again
changes nothing. A NIK that appears twice within one chunk is rejected the second time; two
far apart in a huge file cannot be told from a person who moved, and the later row wins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sensus.config import WIB
from sensus.domain.errors import FieldError
from sensus.domain.registry import (
    COLUMNS,
    FamilyCard,
    ParsedRow,
    assemble_card,
    duplicate_nik,
    parse_row,
)
from sensus.services.clock import Clock, system_clock
from sensus.services.extract import ExtractError, Record, kk_of, open_extract
from sensus.storage.database import Database
from sensus.storage.registry import WriteCounts, write_family_cards

__all__ = ["ExtractError", "ImportReport", "RejectedRow", "import_registry"]

CHUNK_PERSONS = 5_000  # persons per transaction: big enough to amortise a durable commit

Progress = Callable[[int, int], None]
"""Called as ``progress(rows_done, rows_total)`` after each chunk is committed."""


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """One reason a row was not imported; a row with several wrong fields has several."""

    line: int
    error: FieldError

    @property
    def field(self) -> str:
        return self.error.path

    def reason(self, lang: str = "en") -> str:
        return self.error.id if lang == "id" else self.error.en


@dataclass
class ImportReport:
    """What an import did. ``households``/``persons`` count what the file validly holds;
    ``written`` what was new or changed in the database (zero on a repeated import)."""

    rows: int = 0
    households: int = 0
    persons: int = 0
    written: WriteCounts = field(default_factory=WriteCounts)
    sorted_by_kk: bool = True
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({r.line for r in self.rejected})


def import_registry(
    database: Database,
    path: Path | str,
    progress: Progress | None = None,
    *,
    clock: Clock = system_clock,
    chunk_persons: int = CHUNK_PERSONS,
) -> ImportReport:
    """Import the extract at ``path``; see the module documentation for its format.

    Raises ExtractError, before writing anything, when the file is missing, not UTF-8 or
    its header does not name the 13 columns.
    """
    with open_extract(Path(path)) as (survey, records):
        importer = _Importer(database, clock, chunk_persons)
        importer.report.sorted_by_kk = survey.sorted_by_kk
        tick = (lambda done: progress(done, survey.rows)) if progress else None
        if tick:
            tick(0)
        for group in _groups(records, importer):
            importer.add(group)
            if importer.chunk_full():
                importer.flush(tick)
        importer.flush(tick)
    importer.report.rejected.sort(key=lambda r: r.line)
    return importer.report


def _groups(records: Iterator[Record], importer: _Importer) -> Iterator[list[Record]]:
    """The rows of each KK together; a row of the wrong width is rejected on the way."""
    group: list[Record] = []
    for line, values in records:
        if len(values) != len(COLUMNS):
            importer.report.rows += 1
            importer.reject(line, _wrong_width(len(values)))
            continue
        if group and kk_of(values) != kk_of(group[0][1]):
            yield group
            group = []
        group.append((line, values))
    if group:
        yield group


class _Importer:
    """Validates KK groups into family cards and writes them a chunk at a time."""

    def __init__(self, database: Database, clock: Clock, chunk_persons: int) -> None:
        self.database = database
        self.clock = clock
        self.chunk_persons = chunk_persons
        self.today = clock().astimezone(WIB).date()
        self.report = ImportReport()
        self.cards: list[FamilyCard] = []
        self.pending_persons = 0
        self.nik_lines: dict[str, int] = {}  # NIKs of this chunk, by their first line

    def add(self, group: list[Record]) -> None:
        self.report.rows += len(group)
        rows = [row for row in map(self._parse, group) if row is not None]
        if not rows:
            return
        card, mismatches = assemble_card(rows)
        for line, error in mismatches:
            self.reject(line, error)
        if card.members:
            self.cards.append(card)
            self.pending_persons += len(card.members)

    def chunk_full(self) -> bool:
        return self.pending_persons >= self.chunk_persons

    def flush(self, tick: Callable[[int], None] | None) -> None:
        written = write_family_cards(self.database, self.cards, self.clock())
        self.report.written += written
        self.report.households += len(self.cards)
        self.report.persons += self.pending_persons
        self.cards, self.pending_persons, self.nik_lines = [], 0, {}
        if tick:
            tick(self.report.rows)

    def reject(self, line: int, error: FieldError) -> None:
        self.report.rejected.append(RejectedRow(line, error))

    def _parse(self, record: Record) -> tuple[int, ParsedRow] | None:
        line, values = record
        parsed = parse_row(values, self.today)
        if isinstance(parsed, list):
            for error in parsed:
                self.reject(line, error)
            return None
        first = self.nik_lines.setdefault(parsed.member.nik, line)
        if first != line:
            self.reject(line, duplicate_nik(first))
            return None
        return line, parsed


def _wrong_width(count: int) -> FieldError:
    expected = len(COLUMNS)
    return FieldError(
        "row",
        "field_count",
        f"Baris harus berisi {expected} kolom, bukan {count}.",
        f"The row must have {expected} fields, not {count}.",
    )
