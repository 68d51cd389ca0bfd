"""axe-core, vendored and pinned (tests/browser/vendor/axe-core-4.14.1, MPL-2.0), run in the
page as it stands: WCAG 2.0–2.2 A and AA and the best-practice rules (issue 11).

The source is evaluated through the DevTools protocol, which the page's Content Security
Policy does not govern, so the page under test keeps its own policy.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def violations(page: Page) -> list[dict[str, Any]]:
    """axe's violations on the page now: each rule's id, impact and the nodes' selectors."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source())
    found: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const result = await window.axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
            }));
        }""",
        TAGS,
    )
    return found


def assert_accessible(page: Page, name: str) -> None:
    found = violations(page)
    assert found == [], f"{name}: axe violations {found}"
