"""The headquarters page as people see it: the figures, the charts drawn on the server, the
drill-down and the sort, each table as CSV, in Indonesian and English, within one's scope."""

from __future__ import annotations

import csv
import io

from sensus.services.demo_responses import ResponsesReport
from tests.integration.headquarters.test_progress import progress
from tests.integration.interviews.helpers import TestClient
from tests.integration.staff_pages.helpers import text_of
from tests.registry_files import VILLAGE

PAGE = "/petugas/kantor"


def read_csv(client: TestClient, path: str, **params: str) -> list[dict[str, str]]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(response.text)))


def test_an_administrator_sees_the_provinces_with_charts_in_indonesian(
    admin: TestClient, census: ResponsesReport
) -> None:
    page = admin.get(PAGE)
    assert page.status_code == 200, page.text
    text = text_of(page)
    assert "Kemajuan sensus" in text and "Per provinsi" in text
    assert "KALIMANTAN SELATAN" in text.upper()
    assert page.text.count("<svg") == 3  # per day, cumulative, rate by region
    assert "Tingkat respons" in text
    assert 'href="/petugas/kantor?wilayah=63"' in page.text


def test_the_page_reads_in_english_on_request(admin: TestClient, census: ResponsesReport) -> None:
    admin.cookies.set("lang", "en")
    text = text_of(admin.get(PAGE, params={"wilayah": "63"}))
    assert "Census progress" in text and "By regency or city" in text
    assert "Response rate by region" in text


def test_drilling_down_to_a_village_shows_its_enumeration_areas(
    admin: TestClient, census: ResponsesReport
) -> None:
    page = admin.get(PAGE, params={"wilayah": VILLAGE})
    assert page.status_code == 200, page.text
    text = text_of(page)
    assert "Per wilayah tugas (SLS)" in text
    assert "63710110010001" in text and "63710110010002" in text
    assert "Mantuil" in text and "Banjarmasin Selatan" in text  # the trail


def test_the_csv_holds_the_table_shown_and_its_total(
    admin: TestClient, census: ResponsesReport
) -> None:
    rows = read_csv(admin, f"{PAGE}/kemajuan.csv", wilayah="63", urut="rate", arah="turun")
    shown = progress(admin, region="63", sort="rate", order="desc")
    *children, total = rows
    assert [r["code"] for r in children] == [r["code"] for r in shown["rows"]]
    for column in ("households", "online", "interviewed", "outstanding"):
        assert int(total[column]) == sum(int(r[column]) for r in children) == shown["total"][column]
    daily = read_csv(admin, f"{PAGE}/harian.csv", wilayah="63")
    assert int(daily[-1]["online_cumulative"]) == census.online
    assert int(daily[-1]["interviewed_cumulative"]) == census.interviewed


def test_a_supervisor_sees_only_their_own_areas_on_the_page(
    supervisor: TestClient, census: ResponsesReport
) -> None:
    text = text_of(supervisor.get(PAGE, params={"wilayah": VILLAGE}))
    assert "63710110010001" in text and "63710110010002" not in text
    rows = read_csv(supervisor, f"{PAGE}/kemajuan.csv")
    assert rows[-1]["households"] == "2"
    assert supervisor.get(PAGE, params={"wilayah": "6301"}).status_code == 404
    assert supervisor.get(f"{PAGE}/kemajuan.csv", params={"wilayah": "6301"}).status_code == 404


def test_an_unknown_region_or_a_reversed_range_gets_a_clear_page(admin: TestClient) -> None:
    unknown = admin.get(PAGE, params={"wilayah": "9999"})
    assert unknown.status_code == 404
    assert "Wilayah ini tidak dikenal" in text_of(unknown)
    reversed_ = admin.get(PAGE, params={"dari": "2026-09-10", "sampai": "2026-09-01"})
    assert reversed_.status_code == 422
    assert "Rentang tanggal kosong atau terbalik" in text_of(reversed_)


def test_an_officer_may_not_open_headquarters(officer: TestClient) -> None:
    assert officer.get(PAGE).status_code == 403
    assert officer.get(f"{PAGE}/kemajuan.csv").status_code == 403
