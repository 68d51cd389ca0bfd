"""The data out: a household file and a person file in CSV, Parquet, Stata and SPSS, with
variable and value labels from the questionnaire, and a codebook in HTML and JSON.

Records stream from the database in batches into CSV and Parquet, so those hold a batch in
memory at a time; Stata and SPSS files are written from the Parquet file by pyreadstat, which
needs the whole table in memory (ADR 0021). Everything is written to a temporary folder in
the destination and moved into place only when complete, so a failed export leaves no file
behind. Every export is written to the audit log: who, what, when, with or without
identifiers.
"""

from __future__ import annotations

import csv
import html
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sensus.domain import errors, microdata
from sensus.domain.microdata import Layout, Pseudonyms, Record, Variable
from sensus.domain.questionnaire import Questionnaire
from sensus.services.clock import Clock
from sensus.storage import audit as audit_store
from sensus.storage import headquarters as store
from sensus.storage.database import Database

if TYPE_CHECKING:
    import pyarrow as pa

# pyarrow (about 40 MB resident) is imported by the functions that write the files, not at
# start-up: a server process that never exports must not carry it (ADR 0027, memory).

FORMATS = ("csv", "parquet", "stata", "spss")
SUFFIX = {"csv": ".csv", "parquet": ".parquet", "stata": ".dta", "spss": ".sav"}
FILES = ("households", "persons")
_decode = json.JSONDecoder().raw_decode  # json.loads without its checks (stored JSON)
BATCH = 5_000  # records read, converted and written at a time (memory: a batch)


@dataclass(frozen=True)
class ExportRequest:
    formats: Sequence[str]
    out: Path
    identifiers: bool = False
    all_records: bool = False
    lang: str = "id"
    version: str | None = None  # the questionnaire's own by default


@dataclass
class ExportReport:
    households: int = 0
    persons: int = 0
    files: list[Path] = field(default_factory=list)


class Exporter:
    def __init__(
        self, database: Database, questionnaire: Questionnaire, secret: str, census_date: str,
        clock: Clock,
    ) -> None:  # fmt: skip
        self._db = database
        self._questionnaire = questionnaire
        self._pseudonyms = Pseudonyms(secret)
        self._census_date = census_date
        self._clock = clock
        self._ages: dict[str, int | None] = {}  # by birth date, for every export

    def export(
        self,
        actor: str,
        request: ExportRequest,
        progress: Callable[[int, int], None] | None = None,
    ) -> ExportReport:
        """Write the files; raise SensusError (nothing written) on a bad request."""
        formats = [f for f in FORMATS if f in request.formats]
        if not formats or len(set(request.formats) - set(FORMATS)) > 0:
            raise errors.invalid([_format_error()])
        version = request.version or self._questionnaire.version
        total = store.count_records(self._db, version, all_records=request.all_records)
        if total == 0:
            raise errors.SensusError(errors.NO_RESPONSES)
        work = _workspace(request.out)
        try:
            report = self._write(work, formats, request, version, total, progress)
            for name in sorted(os.listdir(work)):
                os.replace(work / name, request.out / name)
                report.files.append(request.out / name)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        audit_store.record(
            self._db,
            self._clock().astimezone(UTC),
            actor,
            "exported",
            None,
            {
                "formats": formats,
                "identifiers": request.identifiers,
                "all_records": request.all_records,
                "questionnaire_version": version,
                "lang": request.lang,
                "households": report.households,
                "persons": report.persons,
            },
        )
        return report

    def _write(
        self,
        work: Path,
        formats: list[str],
        request: ExportRequest,
        version: str,
        total: int,
        progress: Callable[[int, int], None] | None,
    ) -> ExportReport:
        layout = microdata.layout(self._questionnaire, request.lang, request.identifiers)
        report = ExportReport()
        parquet = {name: work / f"{name}.parquet" for name in FILES}
        schemas = {"households": _schema(layout.household), "persons": _schema(layout.person)}
        with _Sinks(work, formats, layout, schemas, parquet) as sinks:
            records = store.final_records(
                self._db, version, all_records=request.all_records, batch=BATCH
            )
            for batch in records:
                households, persons = self._columns(layout, batch)
                sinks.write("households", households)
                sinks.write("persons", persons)
                report.households += len(households["hh_key"])
                report.persons += len(persons["hh_key"])
                if progress:
                    progress(report.households, total)
        for name, variables in (("households", layout.household), ("persons", layout.person)):
            _labelled_files(parquet[name], work / name, formats, variables)
            if "parquet" not in formats:
                parquet[name].unlink()
        _codebook(work, self._questionnaire, layout, request, version, report)
        return report

    def _columns(
        self, layout: Layout, batch: list[tuple[Any, ...]]
    ) -> tuple[microdata.Columns, microdata.Columns]:
        records = []
        for hid, kk, village, mode, _version, payload, at, final, record_id in batch:
            when = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
            if when.tzinfo:
                when = when.astimezone(UTC)
            records.append(
                Record(
                    hid,
                    kk,
                    village,
                    mode,
                    json.loads(payload),
                    when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    bool(final),
                    record_id,
                )
            )
        return microdata.batch_columns(
            layout, records, self._pseudonyms, self._census_date, self._ages
        )


class _Sinks:
    """The CSV files and the Parquet writers of one export, appended to batch by batch."""

    def __init__(
        self,
        work: Path,
        formats: list[str],
        layout: Layout,
        schemas: dict[str, pa.Schema],
        parquet: dict[str, Path],
    ) -> None:
        import pyarrow.parquet as pq

        self._csv = {}
        self._handles = []
        if "csv" in formats:
            for name, variables in (("households", layout.household), ("persons", layout.person)):
                handle = (work / f"{name}.csv").open("w", encoding="utf-8", newline="")
                self._handles.append(handle)
                writer = csv.writer(handle)
                writer.writerow([v.name for v in variables])
                self._csv[name] = writer
        self._parquet = {
            name: pq.ParquetWriter(parquet[name], schemas[name], compression="zstd")
            for name in FILES
        }
        self._schemas = schemas

    def __enter__(self) -> _Sinks:
        return self

    def __exit__(self, *exc: object) -> None:
        for writer in self._parquet.values():
            writer.close()
        for handle in self._handles:
            handle.close()

    def write(self, name: str, columns: microdata.Columns) -> None:
        """One batch, as a list per variable (in the schema's order)."""
        if not columns["hh_key"]:
            return
        if name in self._csv:
            self._csv[name].writerows(zip(*columns.values(), strict=True))
        import pyarrow as pa

        schema = self._schemas[name]
        arrays = [pa.array(columns[f.name], type=f.type) for f in schema]
        self._parquet[name].write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))


def _schema(variables: Sequence[Variable]) -> pa.Schema:
    import pyarrow as pa

    fields = [
        pa.field(
            v.name,
            pa.int64() if v.kind == "int" else pa.string(),
            metadata={
                "label": v.label,
                "values": json.dumps({str(k): t for k, t in v.values.items()}, ensure_ascii=False),
            },
        )
        for v in variables
    ]
    return pa.schema(fields)


def _labelled_files(
    parquet: Path, stem: Path, formats: list[str], variables: Sequence[Variable]
) -> None:
    """Stata and SPSS files from the Parquet file, with variable and value labels."""
    if "stata" not in formats and "spss" not in formats:
        return
    import pyarrow.parquet as pq
    import pyreadstat

    frame = pq.read_table(parquet).to_pandas()
    for v in variables:
        if v.kind == "str":
            frame[v.name] = frame[v.name].astype(object).where(frame[v.name].notna(), "")
        else:
            frame[v.name] = frame[v.name].astype("float64")
    labels: dict[str, str | None] = {v.name: v.label for v in variables}
    values = {v.name: {float(k): t for k, t in v.values.items()} for v in variables if v.values}
    if "stata" in formats:
        pyreadstat.write_dta(
            frame,
            str(stem) + ".dta",
            column_labels=labels,
            variable_value_labels=values,
            version=15,
        )
    if "spss" in formats:
        pyreadstat.write_sav(
            frame, str(stem) + ".sav", column_labels=labels, variable_value_labels=values
        )


def _codebook(
    work: Path,
    questionnaire: Questionnaire,
    layout: Layout,
    request: ExportRequest,
    version: str,
    report: ExportReport,
) -> None:
    book = {
        "questionnaire": questionnaire.id,
        "questionnaire_version": version,
        "language": request.lang,
        "identifiers": request.identifiers,
        "all_records": request.all_records,
        "files": {
            name: {
                "rows": report.households if name == "households" else report.persons,
                "variables": [
                    {
                        "name": v.name,
                        "label": v.label,
                        "type": "integer" if v.kind == "int" else "string",
                        "values": {str(k): t for k, t in v.values.items()},
                    }
                    for v in variables
                ],
            }
            for name, variables in (("households", layout.household), ("persons", layout.person))
        },
    }
    (work / "codebook.json").write_text(
        json.dumps(book, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (work / "codebook.html").write_text(_codebook_html(book), encoding="utf-8")


def _codebook_html(book: dict[str, Any]) -> str:
    e = html.escape
    parts = [
        f'<!doctype html><html lang="{e(book["language"])}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Codebook {e(book['questionnaire'])} {e(book['questionnaire_version'])}</title>"
        "</head><body>",
        f"<h1>Codebook: {e(book['questionnaire'])} {e(book['questionnaire_version'])}</h1>",
    ]
    for name, part in book["files"].items():
        parts.append(f"<h2>{e(name)} ({part['rows']:,})</h2><table><thead><tr>")
        parts.append("<th>name</th><th>label</th><th>type</th><th>values</th></tr></thead><tbody>")
        for v in part["variables"]:
            values = "<br>".join(f"{e(k)} = {e(t)}" for k, t in v["values"].items())
            parts.append(
                f"<tr><td><code>{e(v['name'])}</code></td><td>{e(v['label'])}</td>"
                f"<td>{e(v['type'])}</td><td>{values}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)


def _workspace(out: Path) -> Path:
    """A temporary folder inside ``out`` (made if missing); refused if it cannot be written."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".export-", dir=out))
    except OSError:
        raise errors.SensusError(errors.EXPORT_NOT_WRITABLE) from None


def _format_error() -> errors.FieldError:
    listing = ", ".join(FORMATS)
    return errors.FieldError(
        "format", "invalid_choice", f"Format yang sah: {listing}.", f"One of: {listing}."
    )


def iter_formats(value: str) -> Iterator[str]:
    """Formats from a comma-separated list (``csv,parquet``)."""
    return (part.strip().lower() for part in value.split(",") if part.strip())
