"""Who was counted: the pyramid and the registry against the count are the documents' own
figures, add up over the regions, come as CSV, and stay in one's scope."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlalchemy import select

from sensus.domain.questionnaire import age
from sensus.services.demo_responses import ResponsesReport
from sensus.storage.database import Database
from sensus.storage.tables import enumeration_areas, households, submissions
from tests.documents import CENSUS_DATE
from tests.integration.interviews.helpers import API, TestClient, rows
from tests.integration.staff_pages.helpers import text_of


def documents(database: Database, prefix: str) -> list[dict[str, Any]]:
    query = (
        select(submissions.c.payload)
        .join(households, households.c.id == submissions.c.household_id)
        .where(submissions.c.is_final.is_(True), households.c.village_code.startswith(prefix))
    )
    return [json.loads(r["payload"]) for r in rows(database, query)]


def test_the_pyramid_and_the_coverage_are_the_documents_own_counts(
    admin: TestClient, database: Database, census: ResponsesReport
) -> None:
    response = admin.get(f"{API}/headquarters/population", params={"region": "63"})
    assert response.status_code == 200, response.text
    found = response.json()
    members = [m for d in documents(database, "63") for m in d["members"]]
    living = [m for m in members if m["presence"] in ("lives_here", "new")]
    women = [m for m in living if m["answers"].get("jenis_kelamin") == 2]
    assert sum(found["male"]) + sum(found["female"]) == len(living)
    assert sum(found["female"]) == len(women)
    old = [m for m in women if age(m["answers"]["tanggal_lahir"], CENSUS_DATE) >= 75]
    assert found["female"][-1] == len(old)
    total = found["total"]
    assert total["counted"] == len(living)
    assert total["moved_away"] == sum(m["presence"] == "moved_away" for m in members)
    assert total["died"] == sum(m["presence"] == "died" for m in members)
    born = [m for m in members if m["presence"] == "new" and m["answers"]["alasan_baru"] == 1]
    assert total["born"] == len(born)
    for key in ("counted", "moved_away", "died", "born", "new_members"):
        assert total[key] == sum(r[key] for r in found["rows"])


def test_the_page_draws_the_pyramid_and_offers_both_tables_as_csv(
    admin: TestClient, census: ResponsesReport
) -> None:
    page = admin.get("/petugas/kantor/penduduk", params={"wilayah": "63"})
    assert page.status_code == 200, page.text
    text = text_of(page)
    assert "Siapa yang terhitung" in text and "Lahir baru" in text
    assert page.text.count("<svg") == 1
    pyramid = admin.get("/petugas/kantor/penduduk/piramida.csv", params={"wilayah": "63"})
    groups = list(csv.DictReader(io.StringIO(pyramid.text)))
    assert [g["age_group"] for g in groups][:2] == ["0-4", "5-9"] and len(groups) == 16
    coverage = admin.get("/petugas/kantor/penduduk/cakupan.csv", params={"wilayah": "63"})
    *regions, total = list(csv.DictReader(io.StringIO(coverage.text)))
    assert int(total["counted"]) == sum(int(r["counted"]) for r in regions)
    assert int(total["counted"]) == sum(int(g["male"]) + int(g["female"]) for g in groups)


def test_a_supervisor_counts_only_their_areas(
    supervisor: TestClient, database: Database, census: ResponsesReport
) -> None:
    area_a = select(enumeration_areas.c.id).where(enumeration_areas.c.code == "63710110010001")
    query = (
        select(submissions.c.payload)
        .join(households, households.c.id == submissions.c.household_id)
        .where(
            submissions.c.is_final.is_(True),
            households.c.enumeration_area_id == area_a.scalar_subquery(),
        )
    )
    mine = [json.loads(r["payload"]) for r in rows(database, query)]
    living = [m for d in mine for m in d["members"] if m["presence"] in ("lives_here", "new")]
    everything = supervisor.get(f"{API}/headquarters/population").json()
    assert everything["total"]["counted"] == len(living)
    unknown = supervisor.get(f"{API}/headquarters/population", params={"region": "9999"})
    assert unknown.status_code == 404
