"""Enumeration areas: importing them from a CSV file, listing them, reassigning one.

The areas file has a header and one row per SLS: ``code`` (village code + 4-digit serial),
``name`` (e.g. ``RT 004 / RW 002``; made from RT and RW when empty), ``village_code``,
``rt``, ``rw`` and ``officer_username`` (empty: no officer yet). Bad rows are reported by
line and the good ones imported; importing the same file again changes nothing. A file that
gives an area another officer reassigns it, as ``sensus areas assign`` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sensus.domain import errors
from sensus.domain.areas import AREA_COLUMNS, AreaRow, parse_area_row
from sensus.domain.errors import FieldError
from sensus.domain.staff import ADMIN, OFFICER, StaffMember, require_role
from sensus.services import answers, scope
from sensus.services.clock import Clock
from sensus.services.csv_rows import CsvRow, LineProblem, read_rows
from sensus.storage import areas as store
from sensus.storage import staff as staff_store
from sensus.storage.bulk import chunks
from sensus.storage.database import Database

AREAS_PER_WRITE = 500


@dataclass
class AreaImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[LineProblem] = field(default_factory=list)


class AreaService:
    """The enumeration areas and the officers they are given to."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    def now(self) -> datetime:
        return self._clock().astimezone(UTC)

    def import_csv(self, actor: StaffMember, source: Path | bytes) -> AreaImportReport:
        """Write the areas of a file (a path, or the bytes of an upload); see the module."""
        require_role(actor, ADMIN)
        read = read_rows(source, AREA_COLUMNS, AREA_COLUMNS[:5])
        report = AreaImportReport(rows=len(read.rows) + len(read.problems))
        report.problems += read.problems
        writes = self._checked(read.rows, report)
        for part in chunks(writes, AREAS_PER_WRITE):
            written = store.write_areas(self._db, part, actor=actor.audit_name, now=self.now())
            for outcome in written:
                self._count(outcome, report)
        report.problems.sort(key=lambda p: p.line)
        return report

    def reassign(self, actor: StaffMember, code: str, officer: StaffMember) -> int:
        """Give the area to ``officer``; its unfinished assignments move (audited)."""
        require_role(actor, ADMIN)
        if officer.role != OFFICER:
            raise errors.SensusError(errors.UNKNOWN_OFFICER)
        area = store.area_by_code(self._db, code.strip())
        if area is None:
            raise errors.SensusError(errors.AREA_NOT_FOUND)
        return store.reassign_area(
            self._db, area.id, officer.id, actor=actor.audit_name, now=self.now()
        )

    def visible(self, actor: StaffMember) -> list[store.AreaRecord]:
        """The areas ``actor`` may see."""
        return store.areas_of(self._db, scope.officer_ids(self._db, actor))

    def listing(self, actor: StaffMember) -> list[answers.Area]:
        """Every area with its officer (administrators)."""
        require_role(actor, ADMIN)
        return [
            {
                "id": a.id,
                "code": a.code,
                "name": a.name,
                "village_code": a.village_code,
                "rt": a.rt,
                "rw": a.rw,
                "officer": a.officer_username,
            }
            for a in self.visible(actor)
        ]

    def _checked(self, rows: list[CsvRow], report: AreaImportReport) -> list[store.AreaWrite]:
        """The rows that can be written; the others' problems go to the report."""
        writes: list[store.AreaWrite] = []
        first_of: dict[str, int] = {}
        officers: dict[str, int | None] = {}
        for row in rows:
            parsed = parse_area_row(row.values)
            if isinstance(parsed, list):
                report.problems += [LineProblem(row.line, p) for p in parsed]
                continue
            twice = self._twice(parsed, row.line, first_of)
            known, officer_id = self._officer_id(parsed.officer_username, officers)
            problem = twice or (None if known else _UNKNOWN_OFFICER)
            if problem is not None:
                report.problems.append(LineProblem(row.line, problem))
                continue
            writes.append(
                store.AreaWrite(
                    row.line,
                    parsed.code,
                    parsed.name,
                    parsed.village_code,
                    parsed.rt,
                    parsed.rw,
                    officer_id,
                )
            )
        return writes

    def _twice(self, row: AreaRow, line: int, first_of: dict[str, int]) -> FieldError | None:
        """An area named twice in one file: the second mention is refused."""
        for key, path in ((row.code, "code"), (f"{row.village_code}/{row.rt}/{row.rw}", "rt")):
            first = first_of.setdefault(key, line)
            if first != line:
                return FieldError(
                    path,
                    "duplicate_area",
                    f"Wilayah tugas ini sudah ada di baris {first}.",
                    f"This area is already on line {first}.",
                )
        return None

    def _officer_id(
        self, username: str | None, cache: dict[str, int | None]
    ) -> tuple[bool, int | None]:
        """Whether the username is usable, and the officer's id (None for no officer)."""
        if username is None:
            return True, None
        if username not in cache:
            record = staff_store.staff_by_username(self._db, username)
            usable = record is not None and record.active and record.role == OFFICER
            cache[username] = record.id if record is not None and usable else None
        found = cache[username]
        return found is not None, found

    @staticmethod
    def _count(outcome: store.AreaWritten, report: AreaImportReport) -> None:
        if outcome.outcome == "sls_taken":
            report.problems.append(
                LineProblem(
                    outcome.line,
                    FieldError(
                        "rt",
                        "sls_taken",
                        f"SLS ini sudah menjadi wilayah tugas {outcome.other_code}.",
                        f"This SLS already is area {outcome.other_code}.",
                    ),
                )
            )
        else:
            setattr(report, outcome.outcome, getattr(report, outcome.outcome) + 1)


_UNKNOWN_OFFICER = FieldError(
    "officer_username",
    "unknown_officer",
    "Petugas pencacah dengan nama pengguna ini tidak ada atau tidak aktif.",
    "There is no active officer with this username.",
)
