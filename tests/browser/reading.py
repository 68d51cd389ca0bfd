"""What a person reads on a screen, checked as they would see it: no "undefined", "null",
"NaN", "[object Object]" or unfilled "{placeholder}" in the visible text, no sideways scroll
at 360 px, no script error in the console, one h1, and (for a Reader made with
``accessible=True``) no axe-core violation (tests/browser/accessibility.py). Each screen
checked is kept as a screenshot in test-results/ for a reviewer to look at.
"""

from __future__ import annotations

import re

from playwright.sync_api import ConsoleMessage, Page

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import SCREENSHOTS

# Words a program leaks when a value is missing; "{when}" is a string left unfilled.
LEAKS = re.compile(r"\bundefined\b|\bnull\b|\bNaN\b|\[object|\{[a-z_]+\}")


class Reader:
    """Follows one phone: its console errors, and each screen's text when asked."""

    def __init__(self, page: Page, *, accessible: bool = False) -> None:
        self.page = page
        self.accessible = accessible
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        # A page that answers a refused form with 401, 404 or 422 is meant to: Chromium logs
        # the document's own status as "Failed to load resource"; a failed script, style or
        # request of the page still counts.
        document = message.text.startswith("Failed to load resource") and (
            message.location.get("url") == self.page.url
        )
        if not document:
            self.errors.append(message.text)

    def screen(self, name: str) -> str:
        """Check the screen as it is now; its visible text."""
        page = self.page
        text = page.locator("body").inner_text()
        leaks = [m.group() for m in LEAKS.finditer(text)]
        assert leaks == [], f"{name}: {leaks} in {text!r}"
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        viewport = page.viewport_size
        assert viewport is not None
        assert width <= viewport["width"], f"{name}: scrolls sideways ({width} px)"
        assert self.errors == [], f"{name}: {self.errors}"
        # One title per screen, as a screen reader's "next heading" expects (issue 11).
        assert page.locator("h1:visible").count() == 1, f"{name}: not one h1"
        if self.accessible:
            assert_accessible(page, name)
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"read-{name}.png"), full_page=True)
        return text
