"""Enumeration areas: importing them from CSV (bad rows by line), and reassigning one."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from sqlalchemy import select

from sensus.domain.identity import FEMALE
from sensus.services.container import Services
from sensus.services.staff import COMMAND_LINE
from sensus.storage.audit import audit_actions
from sensus.storage.database import Database
from sensus.storage.tables import assignments, enumeration_areas, households
from tests.documents import QUESTIONNAIRE, household_answers, member, person_answers
from tests.integration.interviews.helpers import (
    API,
    AREA_A,
    FAMILY,
    NEIGHBOUR,
    TestClient,
    assignment_of,
    document_for,
    error_code,
    interview,
    listed,
    listing_check,
    rows,
    statuses,
    sync,
    visit,
)
from tests.registry_files import VILLAGE, Person, RegistryHousehold

HEADER = "code,name,village_code,rt,rw,officer_username\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_an_areas_file_is_imported_but_for_its_bad_rows_reported_by_line(
    app: FastAPI, database: Database, tmp_path: Path
) -> None:
    field: Services = app.state.services
    text = HEADER + (
        f"{VILLAGE}0003,,{VILLAGE},9,1,ppl01\n"  # 2: good, named from RT and RW
        f"{VILLAGE}0004,Gang Mawar,{VILLAGE},010,001,\n"  # 3: good, no officer yet
        "99999999990005,X,9999999999,1,1,\n"  # 4: no such village
        f"{VILLAGE}0006,X,{VILLAGE},1,1,spv01\n"  # 5: a supervisor is no officer
        f"{VILLAGE}0007,X,{VILLAGE},9,1,ppl01\n"  # 6: the SLS of line 2 again
        f"{VILLAGE}0008,X,{VILLAGE},004,002,ppl02\n"  # 7: area A's SLS, under another code
        "63710110029999,X,6371011001,1,2\n"  # 8: a field short
        f"123,X,{VILLAGE},1,1,\n"  # 9: not a 14-digit code of the village
    )
    report = field.field.areas.import_csv(COMMAND_LINE, write(tmp_path / "areas.csv", text))

    assert (report.rows, report.created, report.updated, report.unchanged) == (8, 2, 0, 0)
    assert [(p.line, p.error.path, p.error.code) for p in report.problems] == [
        (4, "village_code", "unknown_village"),
        (5, "officer_username", "unknown_officer"),
        (6, "rt", "duplicate_area"),
        (7, "rt", "sls_taken"),
        (8, "row", "field_count"),
        (9, "code", "invalid_area_code"),
    ]
    names = rows(database, select(enumeration_areas.c.code, enumeration_areas.c.name))
    assert {"code": f"{VILLAGE}0003", "name": "RT 009 / RW 001"} in names
    again = field.field.areas.import_csv(COMMAND_LINE, write(tmp_path / "areas.csv", text))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_semicolon_separated_areas_file_imports_like_a_comma_separated_one(
    app: FastAPI, database: Database, tmp_path: Path
) -> None:
    # A spreadsheet set to Indonesian saves CSV with semicolons; a comma stays in a name.
    field: Services = app.state.services
    text = HEADER.replace(",", ";") + (
        f"{VILLAGE}0003;Gang Mawar, ujung;{VILLAGE};9;1;ppl01\n"
        f"{VILLAGE}0004;X;{VILLAGE};1;1\n"  # 3: a field short
    )
    report = field.field.areas.import_csv(COMMAND_LINE, write(tmp_path / "areas.csv", text))
    assert (report.rows, report.created) == (2, 1)
    assert [(p.line, p.error.code) for p in report.problems] == [(3, "field_count")]
    names = rows(database, select(enumeration_areas.c.code, enumeration_areas.c.name))
    assert {"code": f"{VILLAGE}0003", "name": "Gang Mawar, ujung"} in names


def test_households_registered_after_their_area_are_linked_when_work_is_handed_out(
    app: FastAPI, database: Database, tmp_path: Path, officer: TestClient
) -> None:
    field: Services = app.state.services
    write(tmp_path / "areas.csv", HEADER + f"{VILLAGE}0009,,{VILLAGE},12,4,ppl01\n")
    field.field.areas.import_csv(COMMAND_LINE, tmp_path / "areas.csv")
    phone = TestClient(app)
    registration = {
        "kk": "6371011506230009",
        "nik": "6371014107900009",
        "password": "rahasia-keluarga",
        "village_code": VILLAGE,
        "address": "Jl. Baru No. 1",
        "rt": "12",
        "rw": "4",
    }
    assert phone.post(f"{API}/self-response/registrations", json=registration).status_code == 201

    bundle = officer.get(f"{API}/officer/bundle").json()

    area = next(a for a in bundle["areas"] if a["code"] == f"{VILLAGE}0009")
    [entry] = area["households"]
    assert entry["source"] == "self_registered"
    assert entry["needs_verification"] is True
    assert entry["assignment_id"] is not None  # not submitted yet: the officer will call
    sync(officer, listing_check(entry["household_id"], "confirmed"))
    linked = rows(
        database,
        select(households.c.needs_verification).where(households.c.id == entry["household_id"]),
    )
    assert linked == [{"needs_verification": False}]

    # Its members are new to the registry, not to the household: the interview does not ask
    # them why they joined it (alasan_baru, ADR 0025), and is stored without it.
    born = date(1990, 7, 1)
    registrant = Person(registration["nik"], "Siti", FEMALE, "Banjarmasin", born, 1, 1, 1)
    answers = person_answers(registrant) | {"punya_nik": True}
    document = {
        **QUESTIONNAIRE,
        "household": household_answers(
            RegistryHousehold(registration["kk"], "Jl. Baru No. 1", "012", "004", VILLAGE, ())
        ),
        "members": [member(f"n-{uuid.uuid4()}", answers, "new")],
    }
    answer = sync(officer, interview(entry["assignment_id"], document))
    assert statuses(answer) == ["stored"], answer


def test_reassigning_an_area_moves_its_unfinished_assignments_and_keeps_late_work(
    officer: TestClient,
    other_officer: TestClient,
    admin: TestClient,
    bundle: dict[str, Any],
    database: Database,
) -> None:
    family = assignment_of(bundle, FAMILY)
    neighbour = assignment_of(bundle, NEIGHBOUR)
    synced = sync(officer, visit(neighbour["assignment_id"], "nobody_home"))
    url = f"{API}/admin/areas/{AREA_A}/officer"

    unknown = admin.post(url, json={"username": "spv01"})
    moved = admin.post(url, json={"username": "ppl02"})

    assert unknown.status_code == 404
    assert error_code(unknown) == "unknown_officer"
    assert moved.json() == {"moved": 2}
    old = rows(
        database,
        select(assignments.c.status, assignments.c.removed_reason).where(
            assignments.c.id.in_([family["assignment_id"], neighbour["assignment_id"]])
        ),
    )
    assert old == [{"status": "removed", "removed_reason": "reassigned"}] * 2
    theirs = other_officer.get(f"{API}/officer/bundle").json()
    taken_over = assignment_of(theirs, NEIGHBOUR)
    assert taken_over["assignment_id"] != neighbour["assignment_id"]
    assert (taken_over["status"], taken_over["last_outcome"]) == ("visited", "nobody_home")
    answer = sync(officer, since=synced["synced_at"])
    removed = {r["assignment_id"]: r["reason"] for r in answer["changes"]["removed_assignments"]}
    assert removed == {
        family["assignment_id"]: "reassigned",
        neighbour["assignment_id"]: "reassigned",
    }
    assert officer.get(f"{API}/officer/bundle").json()["areas"] == []
    [decision] = audit_actions(database, "area_reassigned")
    assert decision["actor"] == "admin:admin01"
    assert decision["detail"]["assignments_moved"] == 2

    # An interview the first officer made before the move still counts, once.
    late = interview(family["assignment_id"], document_for(bundle, FAMILY))
    assert statuses(sync(officer, late)) == ["stored"]
    now_theirs = assignment_of(other_officer.get(f"{API}/officer/bundle").json(), FAMILY)
    assert now_theirs["status"] == "completed"
    assert listed(bundle, FAMILY)["household_id"] == now_theirs["household_id"]
