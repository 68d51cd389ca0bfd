"""Charts drawn on the server as SVG: no script, no outside service, readable on a phone.

Each chart is a small ``<svg>`` with a ``viewBox`` 360 units wide that scales to the page's
width, a ``<title>`` and ``<desc>`` for screen readers, and text large enough at 360 px. The
figures themselves are always in a table beside the chart (and its CSV), which is what a
screen reader or a spreadsheet should read.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

WIDTH = 360
ONLINE_COLOUR, INTERVIEW_COLOUR = "#1f5fa8", "#c2571a"
MALE_COLOUR, FEMALE_COLOUR = "#1f5fa8", "#b03a70"
# 13 units: about 12 px on a 360 px phone, where the chart spans the page (site.css).
FONT = 'font-family="system-ui, sans-serif" font-size="13"'


def _svg(title: str, height: int, body: list[str], description: str = "") -> Markup:
    return Markup(  # noqa: S704  (every text inside is escaped here)
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img"'
        f' xmlns="http://www.w3.org/2000/svg" {FONT}>'
        f"<title>{escape(title)}</title><desc>{escape(description or title)}</desc>"
        + "".join(body)
        + "</svg>"
    )


def lines(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[int]]],
    description: str = "",
) -> Markup:
    """A line per ``(name, colour, values)`` over ``labels`` (days), with a legend."""
    height, left, right, top, bottom = 210, 48, 8, 28, 30
    inner_w, inner_h = WIDTH - left - right, height - top - bottom
    peak = max([1, *(v for _, _, values in series for v in values)])
    count = max(1, len(labels) - 1)
    body = [_legend([(name, colour) for name, colour, _ in series])]
    for fraction in (0, 0.5, 1) if peak > 1 else (0, 1):  # never "0, 0, 1"
        y = top + inner_h * (1 - fraction)
        body.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d5d8dc"/>'
        )
        body.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">'
            f"{round(peak * fraction):,}</text>"
        )
    for name, colour, values in series:
        points = " ".join(
            f"{left + inner_w * i / count:.1f},{top + inner_h * (1 - v / peak):.1f}"
            for i, v in enumerate(values)
        )
        body.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}">'
            f"<title>{escape(name)}</title></polyline>"
        )
        if len(values) == 1:  # one day: a line of one point draws nothing, so a dot
            dot_x, dot_y = points.split(",")
            body.append(f'<circle cx="{dot_x}" cy="{dot_y}" r="4" fill="{colour}"/>')
    if labels:
        body.append(f'<text x="{left}" y="{height - 10}">{escape(labels[0])}</text>')
        body.append(
            f'<text x="{WIDTH - right}" y="{height - 10}" text-anchor="end">'
            f"{escape(labels[-1])}</text>"
        )
    return _svg(title, height, body, description)


def ranked_bars(
    title: str, rows: Sequence[tuple[str, float]], description: str = "", limit: int = 40
) -> Markup:
    """Horizontal bars of shares (0 to 1), highest first, each with its name and percent."""
    ranked = sorted(rows, key=lambda r: (-r[1], r[0]))[:limit]
    bar_h, gap, label_w = 18, 6, 172
    height = max(1, len(ranked)) * (bar_h + gap) + 8
    body: list[str] = []
    for i, (name, share) in enumerate(ranked):
        y = 4 + i * (bar_h + gap)
        width = (WIDTH - label_w - 48) * max(0.0, min(1.0, share))
        short = name if len(name) <= 20 else name[:19] + "…"
        body.append(
            f'<text x="{label_w - 4}" y="{y + 14}" text-anchor="end">{escape(short)}</text>'
        )
        body.append(
            f'<rect x="{label_w}" y="{y}" width="{width:.1f}" height="{bar_h}"'
            f' fill="{ONLINE_COLOUR}">'
            f"<title>{escape(name)}: {share:.1%}</title></rect>"
        )
        body.append(f'<text x="{label_w + width + 4:.1f}" y="{y + 14}">{share:.0%}</text>')
    return _svg(title, height, body, description)


def pyramid(
    title: str,
    groups: Sequence[str],
    male: Sequence[int],
    female: Sequence[int],
    names: tuple[str, str],
    description: str = "",
) -> Markup:
    """Age groups from the youngest (bottom) up, men to the left, women to the right."""
    bar_h, gap, middle, label_w = 15, 2, WIDTH / 2, 40
    half = middle - label_w / 2 - 4
    peak = max([1, *male, *female])
    height = 28 + len(groups) * (bar_h + gap) + 4
    body = [_legend([(names[0], MALE_COLOUR), (names[1], FEMALE_COLOUR)])]
    for i, group in enumerate(groups):
        y = 28 + (len(groups) - 1 - i) * (bar_h + gap)
        m_w, f_w = half * male[i] / peak, half * female[i] / peak
        body.append(
            f'<rect x="{middle - label_w / 2 - m_w:.1f}" y="{y}" width="{m_w:.1f}" height="{bar_h}"'
            f' fill="{MALE_COLOUR}"><title>{escape(names[0])} {escape(group)}: {male[i]:,}'
            "</title></rect>"
        )
        body.append(
            f'<rect x="{middle + label_w / 2:.1f}" y="{y}" width="{f_w:.1f}" height="{bar_h}"'
            f' fill="{FEMALE_COLOUR}"><title>{escape(names[1])} {escape(group)}: {female[i]:,}'
            "</title></rect>"
        )
        body.append(f'<text x="{middle}" y="{y + 12}" text-anchor="middle">{escape(group)}</text>')
    return _svg(title, height, body, description)


def _legend(items: Sequence[tuple[str, str]]) -> str:
    parts, x = [], 40
    for name, colour in items:
        parts.append(f'<rect x="{x}" y="5" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="16">{escape(name)}</text>')
        x += 28 + 8 * len(name)
    return "".join(parts)
