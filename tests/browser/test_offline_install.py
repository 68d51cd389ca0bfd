"""The app is installed whole or not at all, and an install cut off is tried again.

Given a phone that opens the census site for the first time over a link that cuts off one
kind of file of the release half-way (the page shells),
when the service worker tries to install the release,
then nothing of the release is kept (no half app can run offline); and when the link is
good again, the page, left open, installs the release whole by itself: every file of
``/release.json`` is in the release's cache, and the page is then served without signal.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from sensus.trial.faultproxy import Faults
from tests.browser.conftest import Network, new_phone
from tests.browser.respondent import INSTALL_MS, cache_names, eventually

pytestmark = pytest.mark.browser

_INSTALL_SETTLED = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  return !registration || (!registration.installing && !registration.waiting);
}"""

_CACHED_URLS = """async (name) => {
  const cache = await caches.open(name);
  const urls = (await cache.keys()).map((request) => new URL(request.url));
  return urls.map((url) => url.pathname + url.search);
}"""


def release_of(page: Page) -> str:
    release = page.evaluate("document.documentElement.dataset.release")
    assert isinstance(release, str) and release
    return release


def test_a_release_cut_off_half_way_is_not_kept_and_is_installed_whole_later(
    network: Network, browser: Browser
) -> None:
    phone = new_phone(browser)
    network.proxy.set_faults(Faults(reset_mid_response=1.0, path_prefix="/shell/"))
    phone.goto(network.url)
    expect(phone.get_by_label("Nomor Kartu Keluarga (Nomor KK)")).to_be_visible()

    # The install fetched the shells, got half of them, and gave up: nothing kept.
    eventually(lambda: network.proxy.stats.reset_mid_response > 0)
    phone.wait_for_function(_INSTALL_SETTLED, timeout=INSTALL_MS)
    assert phone.evaluate("navigator.serviceWorker.controller") is None
    assert [name for name in cache_names(phone) if name != "sensus-regions"] == []

    # The link is good again: the open page tries again by itself, and installs it whole.
    network.proxy.set_faults(Faults())
    phone.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=INSTALL_MS)
    release = release_of(phone)
    assert [name for name in cache_names(phone) if name != "sensus-regions"] == [
        f"sensus-{release}"
    ]
    listed = phone.evaluate("fetch('/release.json').then((r) => r.json())")
    assert listed["release"] == release
    cached = phone.evaluate(_CACHED_URLS, f"sensus-{release}")
    assert sorted(cached) == sorted(entry["url"] for entry in listed["entries"])

    # And it opens with no signal at all.
    network.offline(phone.context)
    phone.reload()
    expect(phone.get_by_label("Nomor Kartu Keluarga (Nomor KK)")).to_be_visible()
    phone.context.close()
