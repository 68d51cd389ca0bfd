"""Browser fixtures: a live server on a fresh database, and a phone-sized Chromium.

The server is the real application (``create_app``) served by uvicorn in a thread on a
free port of 127.0.0.1, over a migrated SQLite database in ``tmp_path`` whose registry was
loaded through the real import (``import_registry``). The browser is Debian's Chromium,
driven by Playwright as a 360×740 touch phone.

``network`` puts the fault proxy (``sensus.trial.faultproxy``) between the phone and the
server: the phone's link, which tests can cut (``offline``), slow down or make fail.
Playwright's ``set_offline`` alone does not cut a service worker's own requests in Chromium
(microsoft/playwright#2311), so an outage is both: the proxy's blackout and ``set_offline``
(which fires the page's offline and online events).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, Playwright, sync_playwright

from sensus.app import create_app
from sensus.config import Settings
from sensus.services.registry import import_registry
from sensus.storage.database import Database
from sensus.trial.faultproxy import FaultProxy, Faults, running_proxy
from tests.registry_files import FAMILY, NEIGHBOUR, RegistryHousehold, write_registry_csv

__all__ = ["FAMILY", "NEIGHBOUR"]  # tests import them from here

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class LiveServer:
    url: str
    settings: Settings
    database: Database

    def page_url(self, path: str) -> str:
        return f"{self.url}{path}"


@contextmanager
def running_server(
    tmp_path: Path,
    port: int | None = None,
    households: tuple[RegistryHousehold, ...] = (FAMILY,),
    **overrides: Any,
) -> Iterator[LiveServer]:
    """The application on a fresh database with ``households`` in its registry (the database
    in ``tmp_path`` is kept if there is one: a server started again finds what it had)."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'sensus.db'}", **overrides)
    database = Database.connect(settings.database_url)
    database.upgrade()
    extract = write_registry_csv(tmp_path / "registry.csv", households)
    report = import_registry(database, extract)
    assert report.rejected == [], report.rejected
    port = port or _free_port()
    config = uvicorn.Config(
        create_app(settings, database),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ws="none",
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", settings, database)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        database.dispose()


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    with running_server(tmp_path) as server:
        yield server


@pytest.fixture
def server_with(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """Start a server with other settings: ``server_with(self_response_opens=...)``."""
    with ExitStack() as stack:
        yield lambda **overrides: stack.enter_context(running_server(tmp_path, **overrides))


# The page's outbox retries within a second or two in tests, not minutes (see Settings).
QUICK_CLIENT = {
    "client_retry_base_ms": 200,
    "client_retry_cap_ms": 1500,
    "client_sync_delay_ms": 200,
}


class Network:
    """The phone's link: the fault proxy in front of the live server (restartable)."""

    def __init__(
        self,
        tmp_path: Path,
        stack: ExitStack,
        households: Sequence[RegistryHousehold] = (FAMILY, NEIGHBOUR),
        **overrides: Any,
    ) -> None:
        self.tmp_path = tmp_path
        self.households = tuple(households)
        self.overrides = {**QUICK_CLIENT, **overrides}
        self.server_stack = ExitStack()
        self.server = self.server_stack.enter_context(
            running_server(tmp_path, households=self.households, **self.overrides)
        )
        self.port = int(self.server.url.rsplit(":", 1)[1])
        stack.callback(self.server_stack.close)
        self.proxy: FaultProxy = stack.enter_context(running_proxy("127.0.0.1", self.port))

    @property
    def url(self) -> str:
        return self.proxy.url

    @property
    def database(self) -> Database:
        return self.server.database

    def page_url(self, path: str) -> str:
        return f"{self.url}{path}"

    def offline(self, context: BrowserContext) -> None:
        """No signal at all: nothing reaches the server, the page hears ``offline``."""
        self.proxy.set_faults(Faults(blackout=True))
        context.set_offline(True)

    def online(self, context: BrowserContext, faults: Faults | None = None) -> None:
        self.proxy.set_faults(faults or Faults())
        context.set_offline(False)

    def restart(self, **overrides: Any) -> LiveServer:
        """Stop the server and start it again on the same port (a new release, say)."""
        self.server_stack.close()
        self.overrides |= overrides
        self.server_stack = ExitStack()
        self.server = self.server_stack.enter_context(
            running_server(
                self.tmp_path, port=self.port, households=self.households, **self.overrides
            )
        )
        return self.server


@pytest.fixture
def network(tmp_path: Path) -> Iterator[Network]:
    """The live server (FAMILY and NEIGHBOUR in its registry) behind the fault proxy, with
    quick client retries."""
    with ExitStack() as stack:
        yield Network(tmp_path, stack)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


def new_phone(browser: Browser) -> Page:
    """A fresh 360×740 touch phone: no cookies, no storage, its own service worker."""
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("dialog", _leave_anyway)
    return page


def _leave_anyway(dialog: Dialog) -> None:
    # "Leave the page while answers wait to be sent?" A test that reloads means it: answers
    # are on the device either way. Any other dialog is dismissed, as Playwright would.
    if dialog.type == "beforeunload":
        dialog.accept()
    else:
        dialog.dismiss()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh 360×740 touch phone: no cookies, no storage."""
    page = new_phone(browser)
    yield page
    page.context.close()


@pytest.fixture
def screenshot(phone: Page) -> Callable[[str], Path]:
    """Save the phone's screen (the whole page) as ``test-results/<name>.png``."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        phone.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def field(tmp_path: Path) -> Iterator[Any]:
    """The interview round's cast (tests/browser/officer.py) on a live server behind the
    fault proxy, with quick client retries."""
    from tests.browser.officer import Field  # it builds on this module

    with ExitStack() as stack:
        yield Field(tmp_path, stack)


@pytest.fixture
def officer(field: Any, browser: Browser) -> Iterator[Page]:
    """Officer ppl01's phone: signed in once, the work of area A downloaded."""
    from tests.browser.officer import download_work, sign_in

    phone = new_phone(browser)
    sign_in(phone, field.url)
    download_work(phone)
    yield phone
    phone.context.close()
