"""The trial's HTML report opens in Chromium by itself: no errors, nothing fetched, charts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from sensus.trial import report as reports


def figures(lost: list[dict[str, Any]]) -> dict[str, Any]:
    samples = [
        [second / 4, profile, kind, 100.0 + second * 7, 200]
        for second in range(80)
        for profile, kind in (("flaky", "submit"), ("3g", "autosave"))
    ]
    households = [
        {"index": i, "profile": "flaky" if i % 2 else "3g", "path": "registry", "ref": f"h{i}",
         "outcome": "receipted", "devices": 1 + (i % 5 == 0)}
        for i in range(12)
    ]  # fmt: skip
    run = {"samples": samples, "households": households, "officers": [], "elapsed_s": 20.0,
           "not_started": 0, "retries": {"submit ConnectionError": 4, "autosave 503": 2},
           "errors": {"autosave 409 stale_draft": 1}}  # fmt: skip
    verification = {"method": "database", "checked_households": 12, "checked_records": 0,
                    "lost": len(lost), "duplicated": 0,
                    "offenders": {"lost": lost, "duplicated": []}}  # fmt: skip
    setup = {"target": "demo server (embedded SQLite)", "network": "the fault proxy",
             "profiles": ["flaky", "3g"]}  # fmt: skip
    return reports.summarise(run, verification, setup)


def open_report(phone: Page, folder: Path, summary: dict[str, Any]) -> list[str]:
    _, page = reports.write(summary, folder)
    problems: list[str] = []
    phone.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    phone.on("pageerror", lambda e: problems.append(str(e)))
    phone.on(
        "request",
        lambda r: None if r.url.startswith("file://") else problems.append(f"fetched {r.url}"),
    )
    phone.goto(page.as_uri())
    return problems


def test_the_report_shows_its_headline_and_charts_without_errors(
    phone: Page, tmp_path: Path
) -> None:
    problems = open_report(phone, tmp_path, figures(lost=[]))
    expect(phone.locator("#lost")).to_contain_text("0")
    expect(phone.locator("#verdict")).to_contain_text("GO")
    charts = phone.locator("svg.chart")
    expect(charts).to_have_count(3)  # throughput, latency, retries and errors
    for chart in charts.all():
        box = chart.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 30
    expect(phone.get_by_text("No offender")).to_be_visible()
    assert problems == []


def test_a_lost_record_turns_the_report_to_no_go_and_names_it(phone: Page, tmp_path: Path) -> None:
    offender = {"household": "h7", "index": 7, "profile": "flaky", "reason": "not stored"}
    problems = open_report(phone, tmp_path, figures(lost=[offender]))
    expect(phone.locator("#lost")).to_contain_text("1")
    expect(phone.locator("#verdict")).to_contain_text("NO-GO")
    expect(phone.locator("#offenders")).to_contain_text("not stored")
    assert problems == []
