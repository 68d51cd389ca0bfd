"""The server-drawn charts are well-formed SVG that scales, names itself for screen readers,
and escapes every text it is given."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sensus.web.staff import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def test_a_line_chart_scales_and_has_a_title() -> None:
    svg = parse(
        charts.lines("Per hari", ["2026-09-01", "2026-09-02"], [("Online", "#000", [1, 3])])
    )
    assert svg.get("viewBox") == "0 0 360 210" and svg.get("width") == "100%"
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Per hari"  # type: ignore[union-attr]
    assert len(svg.findall(f"{SVG}polyline")) == 1


def test_a_line_chart_of_one_day_draws_a_dot_per_series() -> None:
    svg = parse(charts.lines("Per hari", ["2026-09-01"], [("A", "#000", [2]), ("B", "#111", [0])]))
    assert len(svg.findall(f"{SVG}circle")) == 2


def test_ranked_bars_come_highest_first_and_escape_names() -> None:
    svg = parse(charts.ranked_bars("Rate", [("A & <b>", 0.2), ("Kota Banjarmasin", 0.9)]))
    titles = [t.text for t in svg.iter(f"{SVG}title")][1:]
    assert titles == ["Kota Banjarmasin: 90.0%", "A & <b>: 20.0%"]


def test_a_pyramid_has_a_bar_per_age_group_and_sex() -> None:
    groups = ["0-4", "5-9", "75+"]
    svg = parse(charts.pyramid("P", groups, [1, 2, 0], [2, 1, 1], ("L", "P")))
    assert len(svg.findall(f"{SVG}rect")) == 2 + 2 * len(groups)  # legend + bars
