"""The trial's report: figures from the run and the verification, as JSON, HTML and text.

The HTML page is self-contained (inline CSS and SVG charts, no script, nothing fetched) so it
can be mailed around and opened anywhere.
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

PERCENTILES = (50, 95, 99)


def percentile(values: list[float], share: int) -> float:
    """The nearest-rank percentile of ``values`` (sorted or not); 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-share * len(ordered) // 100))  # ceil(share/100 * n)
    return ordered[min(rank, len(ordered)) - 1]


def summarise(
    run: dict[str, Any], verification: dict[str, Any], setup: dict[str, Any]
) -> dict[str, Any]:
    """Everything the report shows, with ``lost`` and ``duplicated`` at the top."""
    samples = run["samples"]
    by_kind: dict[tuple[str, str], list[float]] = defaultdict(list)
    statuses: Counter[str] = Counter()
    for _, profile, kind, ms, status in samples:
        by_kind[(profile, kind)].append(ms)
        statuses[f"{profile} {kind} {status}"] += 1
    latency = [
        {"profile": profile, "request": kind, "count": len(values),
         **{f"p{share}_ms": percentile(values, share) for share in PERCENTILES}}
        for (profile, kind), values in sorted(by_kind.items())
    ]  # fmt: skip
    households = run["households"]
    outcomes: Counter[str] = Counter(f"{h['profile']} {h['outcome']}" for h in households)
    per_profile: dict[str, dict[str, Any]] = {}
    for name in setup["profiles"]:
        mine = [h for h in households if h["profile"] == name]
        per_profile[name] = {
            "households": len(mine),
            "receipted": sum(h["outcome"] == "receipted" for h in mine),
            "gave_up": sum(h["outcome"] == "gave_up" for h in mine),
            "registered": sum(h["path"] == "registered" for h in mine),
            "second_device": sum(h["devices"] > 1 for h in mine),
            "officers": sum(o["profile"] == name for o in run["officers"]),
        }
    elapsed = max(run["elapsed_s"], 0.001)
    submitted = sum(h["outcome"] == "receipted" for h in households)
    ok = verification["lost"] == 0 and verification["duplicated"] == 0
    return {
        "lost": verification["lost"],
        "duplicated": verification["duplicated"],
        "go": ok and setup.get("thresholds_hold", True),
        "setup": setup,
        "elapsed_s": run["elapsed_s"],
        "households": len(households),
        "households_not_started": run["not_started"],
        "submissions_receipted": submitted,
        "submissions_per_second": round(submitted / elapsed, 2),
        "requests": len(samples),
        "officers": len(run["officers"]),
        "officer_records_acknowledged": verification["checked_records"],
        "per_profile": per_profile,
        "outcomes": dict(sorted(outcomes.items())),
        # Households the server refused (no receipt, so never lost): what it said, by field.
        "refused": [
            {"household": h["ref"], "profile": h["profile"], "detail": h["detail"]}
            for h in households
            if h["outcome"] == "refused"
        ],
        "latency": latency,
        "retries": dict(sorted(run["retries"].items())),
        "errors": dict(sorted(run["errors"].items())),
        "throughput": _throughput(samples),
        "verification": verification,
    }


def _throughput(samples: list[list[Any]]) -> dict[str, list[int]]:
    """Requests answered (any status) per second, per profile."""
    series: dict[str, list[int]] = {}
    for moment, profile, _, _, _ in samples:
        bucket = int(moment)
        counts = series.setdefault(profile, [])
        counts.extend([0] * (bucket + 1 - len(counts)))
        counts[bucket] += 1
    return series


def write(report: dict[str, Any], folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    as_json = folder / "report.json"
    as_json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    as_html = folder / "report.html"
    as_html.write_text(render_html(report))
    return as_json, as_html


def text_summary(report: dict[str, Any]) -> str:
    lines = [
        f"lost: {report['lost']}   duplicated: {report['duplicated']}   "
        f"{'GO' if report['go'] else 'NO-GO'}",
        f"{report['households']} households ({report['submissions_receipted']} receipted, "
        f"{report['submissions_per_second']}/s), {report['officers']} officers "
        f"({report['officer_records_acknowledged']} records acknowledged), "
        f"{report['requests']} requests in {report['elapsed_s']} s; "
        f"checked through the {report['verification']['method']}",
    ]
    network = report["setup"].get("network")
    if isinstance(network, dict):
        lines += [f"  network {key}: {network[key]}" for key in ("shaping", "netem", "faults")]
    for row in report["latency"]:
        if row["request"] in ("submit", "autosave", "sign_in", "sync"):
            lines.append(
                f"  {row['profile']:>8} {row['request']:<9} n={row['count']:<5} "
                f"p50 {row['p50_ms']:.0f} ms  p95 {row['p95_ms']:.0f} ms  "
                f"p99 {row['p99_ms']:.0f} ms"
            )
    offenders = report["verification"]["offenders"]
    for kind in ("lost", "duplicated"):
        for offender in offenders[kind][:20]:
            lines.append(f"  {kind}: {offender}")
    return "\n".join(lines)


_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem;color:#1b1b1b;max-width:70rem}
h1{font-size:1.4rem} h2{font-size:1.1rem;margin-top:2rem}
.headline{display:flex;gap:1rem;flex-wrap:wrap}
.figure{border:2px solid #1b1b1b;border-radius:.4rem;padding:.6rem 1rem;min-width:9rem}
.figure b{display:block;font-size:2rem}
.go{background:#e5f5e8}.nogo{background:#fbe3e3}
table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #999;padding:.2rem .5rem;text-align:right}
th{background:#eee} td:first-child,th:first-child{text-align:left}
svg{background:#fafafa;border:1px solid #ccc;max-width:100%}
"""
_COLOURS = ("#1f5fa8", "#c0392b", "#27864a", "#8e44ad", "#b9770e", "#555")


def render_html(report: dict[str, Any]) -> str:
    esc = html.escape
    go = report["go"]
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>Census trial: lost {report['lost']}, duplicated {report['duplicated']}</title>",
        f"<style>{_STYLE}</style></head><body><main>",
        "<h1>Census trial (uji coba)</h1>",
        "<div class='headline'>",
        f"<div class='figure {'go' if report['lost'] == 0 else 'nogo'}' id='lost'>"
        f"Lost<b>{report['lost']}</b></div>",
        f"<div class='figure {'go' if report['duplicated'] == 0 else 'nogo'}' id='duplicated'>"
        f"Duplicated<b>{report['duplicated']}</b></div>",
        f"<div class='figure {'go' if go else 'nogo'}' id='verdict'>Verdict"
        f"<b>{'GO' if go else 'NO-GO'}</b></div>",
        f"<div class='figure'>Receipted<b>{report['submissions_receipted']}</b>"
        f"{report['submissions_per_second']}/s</div></div>",
        f"<p>{report['households']} simulated households and {report['officers']} officers, "
        f"{report['requests']} requests in {report['elapsed_s']} s against "
        f"{esc(report['setup']['target'])}; "
        f"verified through the {esc(report['verification']['method'])}.</p>",
        "<h2>Network</h2>",
        _network_table(report["setup"]["network"]),
        "<h2>Profiles</h2>",
        _table(
            (
                "profile",
                "households",
                "receipted",
                "gave up",
                "registered",
                "second device",
                "officers",
            ),
            [
                (
                    name,
                    p["households"],
                    p["receipted"],
                    p["gave_up"],
                    p["registered"],
                    p["second_device"],
                    p["officers"],
                )
                for name, p in report["per_profile"].items()
            ],
        ),
        "<h2>Throughput (requests answered per second)</h2>",
        _line_chart(report["throughput"]),
        "<h2>Latency by request (ms)</h2>",
        _latency_chart(report["latency"]),
        _table(
            ("profile", "request", "count", "p50", "p95", "p99"),
            [
                (
                    r["profile"],
                    r["request"],
                    r["count"],
                    f"{r['p50_ms']:.0f}",
                    f"{r['p95_ms']:.0f}",
                    f"{r['p99_ms']:.0f}",
                )
                for r in report["latency"]
            ],
        ),
        "<h2>Retries and errors by kind</h2>",
        _bar_chart(
            {
                **{f"retry {k}": v for k, v in report["retries"].items()},
                **{f"error {k}": v for k, v in report["errors"].items()},
            }
        ),
        "<h2>Verification</h2>",
        _table(
            ("checked", "households", "officer records", "lost", "duplicated"),
            [
                (
                    report["verification"]["method"],
                    report["verification"]["checked_households"],
                    report["verification"]["checked_records"],
                    report["lost"],
                    report["duplicated"],
                )
            ],
        ),
        _offenders(report["verification"]["offenders"]),
        "</main></body></html>",
    ]
    return "\n".join(parts)


def _table(head: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    cells = "".join(f"<th>{html.escape(str(h))}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _offenders(offenders: dict[str, list[dict[str, Any]]]) -> str:
    rows = [
        (kind, json.dumps(o, ensure_ascii=False)) for kind in offenders for o in offenders[kind]
    ]
    if not rows:
        return (
            "<p id='offenders'>No offender: every acknowledged record is stored exactly once.</p>"
        )
    return "<div id='offenders'>" + _table(("", "record"), rows) + "</div>"


def _line_chart(series: dict[str, list[int]]) -> str:
    width, height, pad = 720, 220, 30
    longest = max((len(v) for v in series.values()), default=1) or 1
    top = max((max(v) for v in series.values() if v), default=1) or 1
    lines, legend = [], []
    for number, (name, values) in enumerate(sorted(series.items())):
        colour = _COLOURS[number % len(_COLOURS)]
        points = " ".join(
            f"{pad + i * (width - 2 * pad) / max(longest - 1, 1):.1f},"
            f"{height - pad - v * (height - 2 * pad) / top:.1f}"
            for i, v in enumerate(values)
        )
        lines.append(
            f"<polyline fill='none' stroke='{colour}' stroke-width='2' points='{points}'/>"
        )
        legend.append(
            f"<text x='{pad + 110 * number}' y='16' fill='{colour}'>{html.escape(name)}</text>"
        )
    axis = (
        f"<text x='{pad}' y='{height - 8}'>0 s</text>"
        f"<text x='{width - pad - 30}' y='{height - 8}'>{longest} s</text>"
        f"<text x='2' y='{pad}'>{top}/s</text>"
    )
    return (
        f"<svg class='chart' role='img' aria-label='throughput' viewBox='0 0 {width} {height}' "
        f"width='{width}' height='{height}'>{''.join(lines)}{''.join(legend)}{axis}</svg>"
    )


def _latency_chart(rows: list[dict[str, Any]]) -> str:
    bars = {f"{r['profile']} {r['request']} p{s}": r[f"p{s}_ms"] for r in rows for s in PERCENTILES}
    return _bar_chart(bars, unit="ms")


def _bar_chart(values: dict[str, float], unit: str = "") -> str:
    if not values:
        return "<p>None.</p>"
    row, width, label = 18, 720, 300
    top = max(values.values()) or 1
    height = row * len(values) + 10
    bars = []
    for number, (name, value) in enumerate(values.items()):
        y = 5 + number * row
        length = (width - label - 80) * value / top
        bars.append(
            f"<text x='4' y='{y + 12}' font-size='12'>{html.escape(name)}</text>"
            f"<rect x='{label}' y='{y + 2}' width='{length:.1f}' height='{row - 5}' "
            "fill='#1f5fa8'/>"
            f"<text x='{label + length + 4:.1f}' y='{y + 12}' font-size='12'>"
            f"{value:g} {unit}</text>"
        )
    return (
        f"<svg class='chart' role='img' viewBox='0 0 {width} {height}' width='{width}' "
        f"height='{height}'>{''.join(bars)}</svg>"
    )


def _network_table(network: dict[str, str] | str) -> str:
    """What shaped the traffic, and why (``setup.network``; a plain string in old reports)."""
    if isinstance(network, str):
        return f"<p id='network'>{html.escape(network)}</p>"
    rows = [(key, network[key]) for key in ("shaping", "netem", "faults") if key in network]
    return "<div id='network'>" + _table(("", "how"), rows) + "</div>"
