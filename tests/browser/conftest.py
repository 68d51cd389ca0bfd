"""Browser fixtures: a live server on a fresh database, and a phone-sized Chromium.

The server is the real application (``create_app``) served by uvicorn in a thread on a
free port of 127.0.0.1, over a migrated SQLite database in ``tmp_path`` whose registry was
loaded through the real import (``import_registry``). The browser is Debian's Chromium,
driven by Playwright as a 360×740 touch phone.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from sensus.app import create_app
from sensus.config import Settings
from sensus.services.registry import import_registry
from sensus.storage.database import Database
from tests.registry_files import FAMILY, write_registry_csv

__all__ = ["FAMILY"]  # tests import it from here

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
def running_server(tmp_path: Path, **overrides: Any) -> Iterator[LiveServer]:
    """The application on a fresh database with ``FAMILY`` in its registry."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'sensus.db'}", **overrides)
    database = Database.connect(settings.database_url)
    database.upgrade()
    report = import_registry(database, write_registry_csv(tmp_path / "registry.csv", (FAMILY,)))
    assert report.rejected == [], report.rejected
    port = _free_port()
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


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh 360×740 touch phone: no cookies, no storage."""
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(phone: Page) -> Callable[[str], Path]:
    """Save the phone's screen (the whole page) as ``test-results/<name>.png``."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        phone.screenshot(path=str(path), full_page=True)
        return path

    return take
