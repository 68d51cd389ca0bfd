"""The apps under the strict Content-Security-Policy, in Chromium: the household app, the
officer's app and the staff pages all work, and the browser reports no violation (issue 8).

Every violation is caught twice: the page's ``securitypolicyviolation`` events (listened to
before any script of ours runs) and Chromium's console messages ("Refused to ...").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from sensus.storage import households as store
from tests.browser.conftest import LiveServer, new_phone
from tests.browser.officer import Field
from tests.browser.officer import download_work as officer_downloads_work
from tests.browser.officer import sign_in as officer_signs_in
from tests.browser.respondent import answer, next_step, ready_offline, save_state, sign_in
from tests.registry_files import FAMILY

pytestmark = pytest.mark.browser

_LISTEN = """
window.__violations = [];
addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__violations.push(`${e.effectiveDirective} ${e.blockedURI} ${where}`);
}, true);
"""


class Watched:
    """A phone whose every CSP violation is kept, from the first page it opens."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        page.context.add_init_script(_LISTEN)
        page.context.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.console.append(text)

    def violations(self) -> list[str]:
        events: list[str] = self.page.evaluate("() => window.__violations ?? []")
        return events + self.console


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    page = new_phone(browser)
    yield Watched(page)
    page.context.close()


def test_the_household_app_works_under_the_policy(
    watched: Watched, live_server: LiveServer
) -> None:
    phone = watched.page
    response = phone.goto(live_server.page_url("/"))
    assert response is not None
    assert "script-src 'self' 'sha256-" in response.headers["content-security-policy"]
    sign_in(phone, live_server.page_url("/"), FAMILY.kk, FAMILY.members[0].nik)
    ready_offline(phone)  # the service worker installed the release and controls the page
    next_step(phone)
    answer(phone, "members/0/lama_tinggal", 11)
    # Sent as a PATCH from this site's page: its Origin is let through.
    expect(save_state(phone)).to_contain_text("Tersinkron")
    household = store.household_by_kk(live_server.database, FAMILY.kk)
    assert household is not None and household.draft is not None
    assert '"lama_tinggal":11' in household.draft
    phone.reload()  # now from the worker's copy of the shell
    expect(phone.locator("#f-members-0-lama_tinggal")).to_have_value("11")
    assert watched.violations() == []


def test_the_officer_app_and_the_staff_pages_work_under_the_policy(
    watched: Watched, tmp_path: Path
) -> None:
    phone = watched.page
    with ExitStack() as stack:
        field = Field(tmp_path, stack)
        response = phone.goto(f"{field.url}/petugas/masuk")
        assert response is not None
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        officer_signs_in(phone, field.url)  # a form post: this site's Origin is let through
        officer_downloads_work(phone)
        expect(phone.get_by_role("heading", name="Wilayah tugas Anda")).to_be_visible()
        phone.goto(f"{field.url}/petugas/masuk")  # the staff pages' own, server-rendered
        assert watched.violations() == []
