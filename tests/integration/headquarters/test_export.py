"""The data out: what is exported reads back (pandas, pyarrow, pyreadstat) with the same
values and labels, the codebook matches the files, identifiers only when asked for, every
export audited, and a bad request leaves no file behind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pyreadstat
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from sensus.domain import errors
from sensus.domain.questionnaire import Questionnaire
from sensus.services.demo_responses import ResponsesReport
from sensus.services.exports import Exporter, ExportRequest
from sensus.storage.audit import audit_actions
from sensus.storage.database import Database
from sensus.storage.tables import submissions
from tests.integration.interviews.helpers import (
    FAMILY,
    TestClient,
    assignment_of,
    document_for,
    interview,
    statuses,
    sync,
)
from tests.integration.interviews.test_precedence import self_respond

ALL = ("csv", "parquet", "stata", "spss")


def exporter(app: FastAPI) -> Exporter:
    found: Exporter = app.state.services.exporter
    return found


def questionnaire(app: FastAPI) -> Questionnaire:
    found: Questionnaire = app.state.services.questionnaire
    return found


def final_payloads(database: Database) -> list[dict[str, Any]]:
    with database.engine.connect() as conn:
        rows = conn.execute(
            select(submissions.c.payload).where(submissions.c.is_final.is_(True))
        ).scalars()
        return [json.loads(p) for p in rows]


def test_every_format_reads_back_with_the_records_counts_values_and_labels(
    app: FastAPI, database: Database, census: ResponsesReport, tmp_path: Path
) -> None:
    report = exporter(app).export("admin01", ExportRequest(ALL, tmp_path / "out"))
    out = tmp_path / "out"
    payloads = final_payloads(database)
    members = sum(len(p["members"]) for p in payloads)
    assert (report.households, report.persons) == (len(payloads), members)
    assert report.households == census.online + census.interviewed
    frames = {
        "csv": pd.read_csv(out / "persons.csv"),
        "parquet": pd.read_parquet(out / "persons.parquet"),
        "stata": pyreadstat.read_dta(str(out / "persons.dta"))[0],
        "spss": pyreadstat.read_sav(str(out / "persons.sav"))[0],
    }
    for name, frame in frames.items():
        assert len(frame) == members, name
        women = sum(
            1 for p in payloads for m in p["members"] if m["answers"].get("jenis_kelamin") == 2
        )
        assert int((frame["jenis_kelamin"] == 2).sum()) == women, name
        assert "nik" not in frame.columns and "nama" not in frame.columns, name
    # Value and variable labels, from the questionnaire, in Indonesian by default.
    _, dta = pyreadstat.read_dta(str(out / "persons.dta"))
    _, sav = pyreadstat.read_sav(str(out / "households.sav"))
    assert dta.variable_value_labels["jenis_kelamin"] == {1: "Laki-laki", 2: "Perempuan"}
    assert dta.column_names_to_labels["status_kawin"] == "Status perkawinan"
    assert sav.variable_value_labels["mode"] == {1.0: "Online", 2.0: "Wawancara"}
    lantai = {c.code: c.label.id for c in questionnaire(app).choice_lists["jenis_lantai"]}
    assert sav.variable_value_labels["jenis_lantai"] == {float(k): v for k, v in lantai.items()}
    households = pd.read_parquet(out / "households.parquet")
    assert int((households["mode"] == 1).sum()) == census.online


def test_the_codebook_names_every_column_of_the_files(
    app: FastAPI, census: ResponsesReport, tmp_path: Path
) -> None:
    exporter(app).export("admin01", ExportRequest(["parquet"], tmp_path, lang="en"))
    book = json.loads((tmp_path / "codebook.json").read_text())
    for name in ("households", "persons"):
        schema = pq.read_schema(tmp_path / f"{name}.parquet")
        variables = book["files"][name]["variables"]
        assert [v["name"] for v in variables] == schema.names
        for v in variables:
            field = schema.field(v["name"])
            assert field.metadata[b"label"].decode() == v["label"]
            assert json.loads(field.metadata[b"values"]) == v["values"]
    sex = next(v for v in book["files"]["persons"]["variables"] if v["name"] == "jenis_kelamin")
    assert sex["values"] == {"1": "Male", "2": "Female"} and sex["label"] == "Sex"
    html = (tmp_path / "codebook.html").read_text()
    assert "jenis_kelamin" in html and "Female" in html
    assert not (tmp_path / "persons.csv").exists()  # only the formats asked for


def test_identifiers_only_when_asked_and_every_export_audited(
    app: FastAPI, database: Database, census: ResponsesReport, tmp_path: Path
) -> None:
    first = exporter(app)
    first.export("admin01", ExportRequest(["csv"], tmp_path / "a"))
    first.export("admin01", ExportRequest(["csv"], tmp_path / "b", identifiers=True))
    plain = pd.read_csv(tmp_path / "a" / "persons.csv", dtype=str)
    named = pd.read_csv(tmp_path / "b" / "persons.csv", dtype=str)
    niks = {m["answers"]["nik"] for p in final_payloads(database) for m in p["members"]
            if m["answers"].get("nik")}  # fmt: skip
    assert set(named["nik"].dropna()) == niks
    assert not any(nik in (tmp_path / "a" / "persons.csv").read_text() for nik in niks)
    # The pseudonymous keys are the same in both: exports made apart still join.
    assert list(plain["person_key"]) == list(named["person_key"])
    audited = audit_actions(database, "exported")
    assert [(a["actor"], a["detail"]["identifiers"]) for a in audited] == [
        ("admin01", False),
        ("admin01", True),
    ]
    assert audited[0]["detail"]["persons"] == len(plain)


def test_all_records_come_flagged_with_the_final_one(
    app: FastAPI,
    database: Database,
    officer: TestClient,
    bundle: dict[str, Any],
    tmp_path: Path,
) -> None:
    record = interview(assignment_of(bundle, FAMILY)["assignment_id"], document_for(bundle, FAMILY))
    assert statuses(sync(officer, record)) == ["stored"]
    self_respond(app)  # final now; the interview is kept, not final
    exporter(app).export("admin01", ExportRequest(["csv"], tmp_path / "final"))
    exporter(app).export("admin01", ExportRequest(["csv"], tmp_path / "all", all_records=True))
    final = pd.read_csv(tmp_path / "final" / "households.csv")
    every = pd.read_csv(tmp_path / "all" / "households.csv")
    assert list(final["mode"]) == [1]
    assert sorted(zip(every["mode"], every["is_final"], strict=True)) == [(1, 1), (2, 0)]


def test_a_version_without_responses_is_refused_and_leaves_nothing(
    app: FastAPI, census: ResponsesReport, tmp_path: Path
) -> None:
    with pytest.raises(errors.SensusError) as refused:
        exporter(app).export("admin01", ExportRequest(ALL, tmp_path / "out", version="1999.1"))
    assert refused.value.problem is errors.NO_RESPONSES
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_a_path_that_cannot_be_written_is_refused_and_leaves_nothing(
    app: FastAPI, census: ResponsesReport, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(errors.SensusError) as refused:
        exporter(app).export("admin01", ExportRequest(ALL, blocker / "out"))
    assert refused.value.problem is errors.EXPORT_NOT_WRITABLE
    assert blocker.read_text() == "not a folder"
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".export-")]
