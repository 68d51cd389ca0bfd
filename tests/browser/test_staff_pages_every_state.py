"""Every state of every staff page, read as a person reads it and checked with axe-core
(issue 11): signed out, administrator, supervisor and a supervisor with no work yet; forms
refused, imports with a bad row, pages that do not exist, empty lists; headquarters from
Indonesia down to an enumeration area, its charts and the export form. Each state in both
languages, on a 360×740 phone and a 1280×800 desk screen: no leaked value, no sideways
scroll, no console error, one h1, no axe violation (WCAG 2.0–2.2 A/AA and best practice).

One server for the module (the field day of test_staff_pages plus a demo census of
Kalimantan Selatan, 60 % answered); every state is kept as a screenshot,
test-results/read-staff-<screen>-<lang>-<state>.png, for a reviewer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from sensus.domain.questionnaire import load_questionnaire
from sensus.domain.staff import SUPERVISOR, StaffRow
from sensus.services.container import build_services
from sensus.services.demo import generate_demo
from sensus.services.demo_responses import answer_demo
from sensus.services.staff import COMMAND_LINE
from tests.browser.accessibility import violations
from tests.browser.conftest import PHONE, LiveServer, running_server
from tests.browser.reading import Reader
from tests.browser.test_staff_pages import PASSWORD, STAFF_CSV, field_day
from tests.registry_files import VILLAGE

pytestmark = pytest.mark.browser

SCREENS: dict[str, dict[str, Any]] = {
    "phone": PHONE,
    "desk": {"viewport": {"width": 1280, "height": 800}},
}
LANGS = ("id", "en")
AREA = f"{VILLAGE}0001"
DISTRICT, REGENCY, PROVINCE = VILLAGE[:6], VILLAGE[:4], VILLAGE[:2]


@pytest.fixture(scope="module")
def census(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with running_server(tmp_path_factory.mktemp("staff-states")) as server:
        field_day(server)
        services = build_services(server.settings, server.database)
        # A supervisor with no officer yet: every list of theirs is empty.
        idle = StaffRow("spv09", "Rina Pengawas Baru", SUPERVISOR, None, PASSWORD)
        services.field.staff.create(COMMAND_LINE, idle)
        generate_demo(server.database, 120, 7)
        questionnaire = load_questionnaire(server.settings.questionnaire_path)
        answer_demo(server.database, questionnaire, server.settings, 0.6, 7)
        yield server


@dataclass(frozen=True)
class State:
    name: str
    go: Callable[[Page, str], None]  # (page, base url): brings the page to the state


def visit(path: str) -> Callable[[Page, str], None]:
    return lambda page, url: _goto(page, url + path)


def _goto(page: Page, url: str) -> None:
    page.goto(url)


def _first_link(page: Page, url: str, list_path: str, prefix: str) -> None:
    page.goto(url + list_path)
    href = page.locator(f"main a[href^='{prefix}']").first.get_attribute("href")
    assert href, f"no link to {prefix} on {list_path}"
    page.goto(url + href)


def _signin_refused(page: Page, url: str) -> None:
    page.goto(url + "/petugas/masuk")
    page.locator("#username").fill("spv01")
    page.locator("input[type=password]").fill("not the password")
    page.locator("main button[type=submit]").click()
    expect(page.locator(".error, .form-error").first).to_be_visible()


def _submit_empty(path: str, button: str) -> Callable[[Page, str], None]:
    """Send a form with its required fields empty (the browser's own check bypassed)."""

    def go(page: Page, url: str) -> None:
        page.goto(url + path)
        page.locator("main form").first.evaluate("(f) => { f.noValidate = true; }")
        page.locator(f"main {button}").first.click()
        expect(page.locator("main .error").first).to_be_visible()

    return go


def _import(path: str, csv: str, label_selector: str) -> Callable[[Page, str], None]:
    def go(page: Page, url: str) -> None:
        page.goto(url + path)
        page.locator(label_selector).set_input_files(
            files=[{"name": "berkas.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
        )
        page.locator(label_selector).locator("xpath=ancestor::form").locator(
            "button[type=submit]"
        ).click()
        expect(page.locator("h1")).to_be_visible()

    return go


def _export_refused(page: Page, url: str) -> None:
    page.goto(url + "/petugas/admin/ekspor")
    page.locator("#format").evaluate("(s) => { s.add(new Option('xyz', 'xyz')); s.value = 'xyz'; }")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main [role=alert]")).to_contain_text("csv, parquet")  # what to pick


HQ = "/petugas/kantor"
STAFF, AREAS = "/petugas/admin/staf", "/petugas/admin/wilayah"
ANONYMOUS = [
    State("signin", visit("/petugas/masuk")),
    State("signin-refused", _signin_refused),
]
ADMIN = [
    State("admin", visit("/petugas/admin")),
    State("menu-open", lambda p, u: _open_menu(p, u)),
    State("staff", visit("/petugas/admin/staf")),
    State("staff-refused", _submit_empty("/petugas/admin/staf", "button.primary")),
    State("staff-import", _import("/petugas/admin/staf", STAFF_CSV, "#staff-file")),
    State("staff-import-bad-header", _import("/petugas/admin/staf", "nama\nx\n", "#staff-file")),
    State("account", lambda p, u: _first_link(p, u, STAFF, f"{STAFF}/")),
    State("areas", visit("/petugas/admin/wilayah")),
    State(
        "areas-import",
        _import(
            "/petugas/admin/wilayah",
            "code;name;village_code;rt;rw;officer_username\n"
            f"{VILLAGE}0005;Gang Mawar;{VILLAGE};11;3;\n99;X;1;1;1;\n",
            "#areas-file",
        ),
    ),
    State("area", lambda p, u: _first_link(p, u, AREAS, f"{AREAS}/")),
    State("reopen", visit("/petugas/admin/buka-kembali")),
    State("reopen-refused", _submit_empty("/petugas/admin/buka-kembali", "button.primary")),
    State("recovery", visit("/petugas/pemulihan")),
    State("recovery-refused", _submit_empty("/petugas/pemulihan", "button.primary")),
    State("claims", visit("/petugas/admin/klaim-kk")),
    State("not-found", visit("/petugas/admin/staf/999999")),
    State("hq-indonesia", visit(HQ)),
    State("hq-province", visit(f"{HQ}?wilayah={PROVINCE}")),
    State("hq-regency", visit(f"{HQ}?wilayah={REGENCY}&urut=rate&arah=turun")),
    State("hq-district", visit(f"{HQ}?wilayah={DISTRICT}")),
    State("hq-village", visit(f"{HQ}?wilayah={VILLAGE}")),
    State("hq-area", visit(f"{HQ}?wilayah={AREA}")),
    State("hq-unknown-region", visit(f"{HQ}?wilayah=99")),
    State("hq-population", visit(f"{HQ}/penduduk")),
    State("hq-population-village", visit(f"{HQ}/penduduk?wilayah={VILLAGE}")),
    State("export", visit("/petugas/admin/ekspor")),
    State("export-refused", _export_refused),
    State("supervision", visit("/petugas/pengawas")),
]
SUPERVISOR_STATES = [
    State("progress", visit("/petugas/pengawas")),
    State("interviews", visit("/petugas/pengawas/wawancara")),
    State(
        "interview",
        lambda p, u: _first_link(
            p, u, "/petugas/pengawas/wawancara", "/petugas/pengawas/wawancara/"
        ),
    ),
    State("interview-refused", lambda p, u: _return_without_comment(p, u)),
    State("sync", visit("/petugas/pengawas/sinkronisasi")),
    State("hq", visit(HQ)),
    State("hq-village", visit(f"{HQ}?wilayah={VILLAGE}")),
    State("hq-outside", visit(f"{HQ}?wilayah={REGENCY[:2]}01")),
    State("hq-population", visit(f"{HQ}/penduduk")),
]
IDLE = [
    State("progress", visit("/petugas/pengawas")),
    State("interviews", visit("/petugas/pengawas/wawancara")),
    State("sync", visit("/petugas/pengawas/sinkronisasi")),
    State("hq", visit(HQ)),
    State("hq-population", visit(f"{HQ}/penduduk")),
]


def _open_menu(page: Page, url: str) -> None:
    """The menu unfolded where it is folded (a phone); as it stands on a desk screen."""
    page.goto(url + "/petugas/admin/wilayah")
    summary = page.locator(".staff-nav summary")
    if summary.is_visible():
        summary.click()
        expect(page.locator(".staff-nav .nav-menu a").first).to_be_visible()


def _return_without_comment(page: Page, url: str) -> None:
    _first_link(page, url, "/petugas/pengawas/wawancara", "/petugas/pengawas/wawancara/")
    form = page.locator("main form:has(#comment)")
    form.evaluate("(f) => { f.noValidate = true; }")
    form.locator("button[type=submit]").click()
    expect(page.locator("main .error").first).to_be_visible()


ROLES: dict[str, tuple[str | None, list[State]]] = {
    "anonymous": (None, ANONYMOUS),
    "admin": ("admin01", ADMIN),
    "supervisor": ("spv01", SUPERVISOR_STATES),
    "idle": ("spv09", IDLE),
}


def _signed_in(browser: Browser, screen: str, server: LiveServer, username: str | None) -> Page:
    context = browser.new_context(**SCREENS[screen])
    context.set_default_timeout(15_000)
    page = context.new_page()
    if username:
        page.goto(server.page_url("/petugas/masuk"))
        page.locator("#username").fill(username)
        page.locator("input[type=password]").fill(PASSWORD)
        page.locator("main button[type=submit]").click()
        expect(page.locator("a[href='/petugas/kantor']").first).to_be_attached()
    return page


def read_every_state(page: Page, server: LiveServer, role: str, screen: str) -> list[str]:
    """Each state of ``role``'s pages in both languages; what was wrong, one line each."""
    reader = Reader(page)
    problems: list[str] = []
    for lang in LANGS:
        page.context.add_cookies([{"name": "lang", "value": lang, "url": server.url}])
        for state in ROLES[role][1]:
            name = f"staff-{screen}-{lang}-{role}-{state.name}"
            try:
                state.go(page, server.url)
                reader.screen(name)
            except AssertionError as error:
                problems.append(str(error).splitlines()[0][:400])
                reader.errors.clear()
            found = violations(page)
            if found:
                problems.append(f"{name}: axe {found}")
    return problems


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("role", list(ROLES))
def test_every_staff_page_state_reads_right_and_passes_axe(
    census: LiveServer, browser: Browser, role: str, screen: str
) -> None:
    page = _signed_in(browser, screen, census, ROLES[role][0])
    try:
        problems = read_every_state(page, census, role, screen)
    finally:
        page.context.close()
    assert problems == [], "\n".join(problems)


def _rates(page: Page) -> list[float]:
    cells = page.locator("table.sortable tbody td[data-label]:last-child").all_inner_texts()
    return [float(text.strip().rstrip("%")) for text in cells]


def test_headquarters_drills_down_sorts_and_downloads_what_it_shows(
    census: LiveServer, browser: Browser
) -> None:
    """An administrator on a phone goes from Indonesia to one enumeration area by the
    table's links, sorts a level by response rate both ways, downloads the table shown as
    CSV, and reads the page's time in the region's own zone; then the same in English."""
    page = _signed_in(browser, "phone", census, "admin01")
    try:
        reader = Reader(page)
        page.goto(census.page_url(HQ))
        expect(page.locator("h1")).to_have_text("Kemajuan sensus: Indonesia")
        expect(page.locator("main .hint").first).to_contain_text(" WIB")  # the census clock
        table = page.locator("table.sortable")
        for name, level in (
            ("Kalimantan Selatan", "Per kabupaten/kota"),
            ("Kota Banjarmasin", "Per kecamatan"),
            ("Banjarmasin Selatan", "Per desa/kelurahan"),
            ("Mantuil", "Per wilayah tugas (SLS)"),
        ):
            table.get_by_role("link", name=name, exact=True).click()
            expect(page.locator("h1")).to_have_text(f"Kemajuan sensus: {name}")
            expect(page.locator("#table-heading")).to_have_text(level)
            # Kalimantan Selatan keeps WITA (UTC+8), not the census clock's WIB.
            expect(page.locator("main .hint").first).to_contain_text(" WITA")
            reader.screen(f"hq-drill-{name.replace(' ', '-').lower()}")
        assert f"wilayah={VILLAGE}" in page.url
        expect(table.locator("tbody th").first).to_contain_text(AREA)
        expect(page.locator("nav.trail")).to_contain_text(
            "Indonesia › Kalimantan Selatan › Kota Banjarmasin › Banjarmasin Selatan › Mantuil"
        )

        page.locator("nav.trail").get_by_role("link", name="Kota Banjarmasin").click()
        rate = table.locator("thead th").filter(has_text="Tingkat respons")
        rate.get_by_role("link").click()
        expect(rate).to_have_attribute("aria-sort", "ascending")
        ascending = _rates(page)
        assert len(ascending) > 1 and ascending == sorted(ascending)
        rate.get_by_role("link").click()
        expect(rate).to_have_attribute("aria-sort", "descending")
        descending = _rates(page)
        assert descending == sorted(ascending, reverse=True)
        shown = [t.split("\n")[0].strip() for t in table.locator("tbody th").all_inner_texts()]

        with page.expect_download() as download:
            page.get_by_role("link", name="Unduh tabel ini (CSV)").click()
        path = download.value.path()
        assert download.value.suggested_filename == f"kemajuan-{REGENCY}.csv"
        lines = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
        assert lines[0][:2] == ["code", "name"]
        *rows, total = lines[1:]
        assert [row[1] for row in rows] == shown  # the order shown, sorted as shown
        assert int(total[2]) == sum(int(row[2]) for row in rows)

        page.context.add_cookies([{"name": "lang", "value": "en", "url": census.url}])
        page.reload()
        expect(page.locator("h1")).to_have_text("Census progress: Kota Banjarmasin")
        expect(page.locator("#table-heading")).to_have_text("By district")
        expect(page.locator("main .hint").first).to_contain_text(" WITA")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download this table (CSV)").click()
        assert download.value.suggested_filename == f"kemajuan-{REGENCY}.csv"
        text = reader.screen("hq-drill-en")
        assert "Response rate" in text and "Households" in text
    finally:
        page.context.close()
