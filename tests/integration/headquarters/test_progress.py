"""Progress per region level: the figures are the records' own counts, a parent's totals are
its children's sum, supervisors see their own areas only, and bad input is refused."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from sensus.services.demo_responses import ResponsesReport
from sensus.storage.database import Database
from sensus.storage.tables import households, submissions
from tests.integration.headquarters.counts import assert_counts_agree
from tests.integration.interviews.helpers import API, TestClient, error_code, rows
from tests.registry_files import VILLAGE

PROGRESS = f"{API}/headquarters/progress"


def progress(client: TestClient, **params: str) -> dict[str, Any]:
    response = client.get(PROGRESS, params=params)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def raw_counts(database: Database, width: int, prefix: str = "") -> dict[str, dict[str, int]]:
    """Households, online and interviewed per region code of ``width`` digits, counted from
    the submissions themselves (the final record of each household), not from the index."""
    code = func.substr(households.c.village_code, 1, width)
    final = (
        select(submissions.c.household_id, submissions.c.mode)
        .where(submissions.c.is_final.is_(True))
        .subquery()
    )
    query = (
        select(code.label("code"), final.c.mode, func.count().label("n"))
        .select_from(households.outerjoin(final, final.c.household_id == households.c.id))
        .where(households.c.village_code.startswith(prefix))
        .group_by(code, final.c.mode)
    )
    counts: dict[str, dict[str, int]] = {}
    for row in rows(database, query):
        entry = counts.setdefault(row["code"], {"households": 0, "online": 0, "interviewed": 0})
        entry["households"] += row["n"]
        if row["mode"] == "self_response":
            entry["online"] += row["n"]
        elif row["mode"] == "interview":
            entry["interviewed"] += row["n"]
    return counts


def figures(report: dict[str, Any]) -> dict[str, dict[str, int]]:
    return {
        row["code"]: {k: row[k] for k in ("households", "online", "interviewed")}
        for row in report["rows"]
    }


def test_every_level_counts_what_the_records_say(
    admin: TestClient, database: Database, census: ResponsesReport
) -> None:
    assert census.online > 0 and census.interviewed > 0
    for region, width in (("", 2), ("63", 4), ("6371", 6), ("637101", 10)):
        report = progress(admin, region=region)
        assert figures(report) == raw_counts(database, width, region), region
    mantuil = progress(admin, region=VILLAGE)
    assert mantuil["level"] == "area"
    assert (
        mantuil["total"]["households"] == raw_counts(database, 10, VILLAGE)[VILLAGE]["households"]
    )


def test_the_counts_tables_agree_with_the_records_after_the_demo(
    database: Database, census: ResponsesReport
) -> None:
    # The demo writes households and their responses in bulk (executemany): the triggers
    # that keep the counts tables must have followed every row.
    assert_counts_agree(database)


def test_a_parent_is_the_sum_of_its_children_down_to_the_areas(
    admin: TestClient, census: ResponsesReport
) -> None:
    def walk(region: str) -> None:
        report = progress(admin, region=region)
        for column in ("households", "online", "interviewed", "outstanding"):
            assert report["total"][column] == sum(r[column] for r in report["rows"]), region
        total = report["total"]
        assert total["outstanding"] == total["households"] - total["online"] - total["interviewed"]
        if report["level"] != "area":
            walk(max(report["rows"], key=lambda r: r["households"])["code"])

    walk("")
    everything = progress(admin)["total"]
    assert everything["online"] == census.online
    assert everything["interviewed"] == census.interviewed


def test_rows_sort_by_any_column_either_way(admin: TestClient, census: ResponsesReport) -> None:
    by_rate = progress(admin, region="63", sort="rate", order="desc")["rows"]
    rates = [r["rate"] for r in by_rate]
    assert rates == sorted(rates, reverse=True) and len(rates) > 5
    by_name = [r["name"] for r in progress(admin, region="63", sort="name")["rows"]]
    assert by_name == sorted(by_name)


def test_a_supervisor_counts_only_the_households_of_their_officers_areas(
    supervisor: TestClient, admin: TestClient, database: Database, census: ResponsesReport
) -> None:
    # spv01 oversees ppl01, whose area A holds two households of the cast.
    mine = progress(supervisor)
    assert [r["code"] for r in mine["rows"]] == ["63"]
    assert mine["total"]["households"] == 2
    village = progress(supervisor, region=VILLAGE)
    assert [r["code"] for r in village["rows"]] == ["63710110010001"]
    assert progress(admin)["total"]["households"] > 200
    # A region without any of their households is one they cannot see.
    elsewhere = supervisor.get(PROGRESS, params={"region": "6301"})
    assert elsewhere.status_code == 404
    assert error_code(elsewhere) == "region_not_found"


def test_an_officer_sees_no_headquarters(officer: TestClient) -> None:
    response = officer.get(PROGRESS)
    assert response.status_code == 403
    assert error_code(response) == "role_not_allowed"


@pytest.mark.parametrize("region", ["99", "6399", "1234567890", "637"])
def test_an_unknown_region_code_is_not_found(admin: TestClient, region: str) -> None:
    response = admin.get(PROGRESS, params={"region": region})
    assert response.status_code == 404
    assert error_code(response) == "region_not_found"


def test_responses_per_day_add_up_to_the_responses(
    admin: TestClient, census: ResponsesReport
) -> None:
    response = admin.get(f"{API}/headquarters/responses-per-day", params={"region": "63"})
    assert response.status_code == 200, response.text
    daily = response.json()
    assert daily["online_cumulative"][-1] == sum(daily["online"]) == census.online
    assert daily["interviewed_cumulative"][-1] == census.interviewed
    assert len(daily["days"]) == len(daily["online"]) > 1


@pytest.mark.parametrize(
    "params",
    [
        {"since": "2026-09-10", "until": "2026-09-01"},  # reversed: no day in it
        {"since": "2026-13-01"},  # not a date
        {"since": "2025-01-01", "until": "2026-09-01"},  # more days than a chart can hold
    ],
)
def test_a_reversed_or_unreadable_date_range_is_refused(
    admin: TestClient, params: dict[str, str]
) -> None:
    response = admin.get(f"{API}/headquarters/responses-per-day", params=params)
    assert response.status_code == 422
    assert error_code(response) == "bad_date_range"
