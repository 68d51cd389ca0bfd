"""Reading the registry extract: a CSV file, streamed, its rows grouped by KK.

``open_extract`` reads the file once without keeping it (to check the header, count the rows
for a progress bar, and see whether it is sorted by KK), then gives its rows in KK order with
their line numbers. A sorted file is streamed a second time; an unsorted one is first sorted
on disk (external merge sort: runs of ``RUN_ROWS`` rows, merged with ``heapq.merge``) in a
private temporary directory that is deleted afterwards, so memory stays bounded either way.
"""

from __future__ import annotations

import csv
import heapq
import itertools
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, TypeVar

from sensus.domain.registry import COLUMNS

RUN_ROWS = 100_000  # about 100 MB of rows held while sorting an unsorted file
MAX_OPEN_RUNS = 200  # merged in passes beyond this, to stay under the open-file limit

_T = TypeVar("_T")

# Spreadsheet programs set to Indonesian (and most of Europe) save "CSV" with semicolons,
# since the comma is their decimal mark; a file may use either (issue 11).
SEPARATORS = (",", ";")

# A row: its line number and its texts, in the order of COLUMNS when it has 13 of them.
Record = tuple[int, list[str]]


class ExtractError(Exception):
    """The file cannot be imported at all (missing, not UTF-8, wrong header); nothing was."""

    def __init__(self, id_: str, en: str) -> None:
        super().__init__(en)
        self.id = id_
        self.en = en


@dataclass(frozen=True)
class Survey:
    """What one pass over the file found out."""

    order: tuple[int, ...]  # order[i]: the file's column holding COLUMNS[i]
    rows: int
    sorted_by_kk: bool
    separator: str = ","


@contextmanager
def open_extract(path: Path) -> Iterator[tuple[Survey, Iterator[Record]]]:
    """The survey of the extract at ``path`` and its rows in KK order (a row with the wrong
    number of fields comes first in an unsorted file, in place in a sorted one).

    Raises ExtractError before yielding when the file cannot be imported.
    """
    survey = _survey(path)
    with ExitStack() as stack:
        handle = stack.enter_context(_open(path))
        records = _records(path, handle, survey.order, survey.separator)
        if not survey.sorted_by_kk:
            records = _sorted(records, stack)
        yield survey, records


def kk_of(values: list[str]) -> str:
    """The KK a row belongs to, as rows are grouped; "" for a row of the wrong width."""
    return values[0].strip() if len(values) == len(COLUMNS) else ""


def separator_of(header: str, columns: Sequence[str]) -> str:
    """The separator of a file whose first line is ``header``: the one of SEPARATORS that
    splits it into the most of ``columns`` (a comma when none does)."""

    def known(separator: str) -> int:
        names = next(csv.reader([header], delimiter=separator), [])
        return sum(1 for name in names if name.strip().lower() in columns)

    return max(SEPARATORS, key=known)  # the first, a comma, on a tie


def _survey(path: Path) -> Survey:
    with _open(path) as handle, _readable(path):
        separator = separator_of(handle.readline(), COLUMNS)
        handle.seek(0)
        reader = csv.reader(handle, delimiter=separator)
        order = _column_order(path, next(reader, None))
        rows, previous, in_order = 0, "", True
        for values in reader:
            if not values:
                continue
            rows += 1
            if len(values) == len(COLUMNS):
                kk = values[order[0]].strip()
                in_order = in_order and kk >= previous
                previous = kk
    return Survey(order, rows, in_order, separator)


def _column_order(path: Path, header: list[str] | None) -> tuple[int, ...]:
    names = [name.strip().lower() for name in header or []]
    missing = [c for c in COLUMNS if c not in names]
    unknown = [n for n in names if n not in COLUMNS]
    if missing or unknown or len(names) != len(COLUMNS):
        expected, absent, extra = ",".join(COLUMNS), _listed(missing), _listed(unknown)
        raise ExtractError(
            f"{path}: baris judul harus berisi kolom {expected}"
            f" (tidak ada: {absent}; tidak dikenal: {extra})",
            f"{path}: the header must name the columns {expected}"
            f" (missing: {absent}; unknown: {extra})",
        )
    return tuple(names.index(column) for column in COLUMNS)


def _listed(names: list[str]) -> str:
    return ", ".join(names) or "-"


def _records(
    path: Path, handle: TextIO, order: tuple[int, ...], separator: str
) -> Iterator[Record]:
    reader = csv.reader(handle, delimiter=separator)
    identity = order == tuple(range(len(COLUMNS)))
    with _readable(path):
        next(reader)  # the header, checked by the survey
        line = reader.line_num
        for values in reader:
            # line_num is the record's last line; a quoted field may span several.
            start, line = line + 1, reader.line_num
            if not values:
                continue
            if len(values) == len(COLUMNS) and not identity:
                values = [values[i] for i in order]
            yield start, values


def _sorted(records: Iterator[Record], stack: ExitStack) -> Iterator[Record]:
    """``records`` ordered by (KK, line), through sorted runs in a temporary directory."""
    # A 0700 directory of its own: the rows are personal data.
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="sensus-extract-")))
    names = (folder / f"run-{n:06d}.csv" for n in itertools.count())
    runs = [
        _write_run(next(names), sorted(batch, key=_sort_key))
        for batch in _batches(records, RUN_ROWS)
    ]
    while len(runs) > MAX_OPEN_RUNS:
        runs = [_merge_to_run(next(names), group) for group in _batches(runs, MAX_OPEN_RUNS)]
    return heapq.merge(*(_read_run(stack, run) for run in runs), key=_sort_key)


def _sort_key(record: Record) -> tuple[str, int]:
    return kk_of(record[1]), record[0]


def _write_run(run: Path, records: Iterable[Record]) -> Path:
    with run.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([line, *values] for line, values in records)
    return run


def _read_run(stack: ExitStack, run: Path) -> Iterator[Record]:
    handle = stack.enter_context(run.open(encoding="utf-8", newline=""))
    return ((int(row[0]), row[1:]) for row in csv.reader(handle))


def _merge_to_run(run: Path, runs: list[Path]) -> Path:
    with ExitStack() as stack:
        _write_run(run, heapq.merge(*(_read_run(stack, r) for r in runs), key=_sort_key))
    for merged in runs:
        merged.unlink()
    return run


def _batches(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _open(path: Path) -> TextIO:
    # utf-8-sig: spreadsheet programs put a byte-order mark before the header.
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise ExtractError(f"{path}: berkas tidak ada", f"{path}: no such file") from None
    except OSError as error:
        raise ExtractError(
            f"{path}: berkas tidak dapat dibaca ({error.strerror})",
            f"{path}: cannot be read ({error.strerror})",
        ) from None


@contextmanager
def _readable(path: Path) -> Iterator[None]:
    """Turns a decoding or CSV failure while reading ``path`` into an ExtractError."""
    try:
        yield
    except UnicodeDecodeError:
        raise ExtractError(f"{path}: bukan teks UTF-8", f"{path}: is not UTF-8 text") from None
    except csv.Error as error:
        raise ExtractError(
            f"{path}: bukan CSV yang benar ({error})", f"{path}: is not valid CSV ({error})"
        ) from None
