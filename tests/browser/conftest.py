"""Browser fixtures: a live server on a fresh database, and a phone-sized Chromium.

The server is the real application (``create_app``) served by uvicorn in a thread on a
free port of 127.0.0.1, over a migrated SQLite database in ``tmp_path`` whose registry was
loaded through the real import (``import_registry``). The browser is Debian's Chromium,
driven by Playwright as a 360×740 touch phone.
"""

from __future__ import annotations

import csv
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from sensus.app import create_app
from sensus.config import Settings
from sensus.domain.identity import FEMALE, MALE, make_kk, make_nik
from sensus.domain.registry import COLUMNS
from sensus.services.registry import import_registry
from sensus.storage.database import Database

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

DISTRICT = "637101"  # Banjarmasin Selatan, Kota Banjarmasin
VILLAGE = "6371011001"  # Mantuil


@dataclass(frozen=True)
class Person:
    nik: str
    name: str
    sex: int
    birth_place: str
    birth_date: date
    relationship: int
    religion: int
    marital_status: int


@dataclass(frozen=True)
class RegistryHousehold:
    kk: str
    address: str
    rt: str
    rw: str
    village_code: str
    members: tuple[Person, ...]


def _person(
    serial: int, name: str, sex: int, born: date, relationship: int, marital: int
) -> Person:
    nik = make_nik(DISTRICT, born, sex, serial)
    return Person(nik, name, sex, "Banjarmasin", born, relationship, 1, marital)


# Head, spouse and two children, with NIKs that agree with their sex and birth dates.
FAMILY = RegistryHousehold(
    kk=make_kk(DISTRICT, date(2015, 3, 2), 17),
    address="Jl. Mantuil Raya No. 12",
    rt="004",
    rw="002",
    village_code=VILLAGE,
    members=(
        _person(1, "Budi Santoso", MALE, date(1980, 5, 12), 1, 2),
        _person(2, "Siti Aminah", FEMALE, date(1983, 8, 20), 3, 2),
        _person(3, "Rizky Pratama", MALE, date(2008, 1, 15), 4, 1),
        _person(4, "Dewi Lestari", FEMALE, date(2014, 11, 3), 4, 1),
    ),
)


def write_registry_csv(path: Path, households: tuple[RegistryHousehold, ...]) -> Path:
    """The registry extract as Dukcapil delivers it (see docs/registry-import.md)."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for household in households:
            for p in household.members:
                row: dict[str, Any] = {
                    "kk": household.kk,
                    "nik": p.nik,
                    "name": p.name,
                    "sex": p.sex,
                    "birth_place": p.birth_place,
                    "birth_date": p.birth_date.isoformat(),
                    "relationship": p.relationship,
                    "religion": p.religion,
                    "marital_status": p.marital_status,
                    "address": household.address,
                    "rt": household.rt,
                    "rw": household.rw,
                    "village_code": household.village_code,
                }
                writer.writerow([row[column] for column in COLUMNS])
    return path


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
