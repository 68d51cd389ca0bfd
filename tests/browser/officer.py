"""What a field officer does in the officer app, as small steps the browser tests are written
in, and the field they work in.

The cast: area A (RT 004 / RW 002 of Mantuil) is officer ``ppl01``'s and holds FAMILY,
NEIGHBOUR and three people living alone (SOLOS); area B (RT 007 / RW 003) is ``ppl02``'s and
holds FARAWAY. Staff and areas are made through the services, as the command line makes them.
Fields are found by their visible labels or by the ids the app names them with
(``docs/CONTRACTS.md``: the error path ``members/0/nama`` is the input ``#f-members-0-nama``).
"""

from __future__ import annotations

import json
import uuid
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Any

import httpx2 as httpx
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import func, select

from sensus.domain.identity import FEMALE, MALE, make_kk
from sensus.domain.questionnaire import load_questionnaire
from sensus.domain.staff import ADMIN, OFFICER, SUPERVISOR, StaffRow
from sensus.services.container import build_services
from sensus.services.staff import COMMAND_LINE
from sensus.storage import households as household_store
from sensus.storage import staff as staff_store
from sensus.storage.database import Database
from sensus.storage.tables import metadata, submissions, visits
from tests.browser.conftest import SCREENSHOTS, Network
from tests.browser.respondent import INSTALL_MS, answer, stored
from tests.documents import household_answers, person_answers, registry_document
from tests.integration.interviews.helpers import FARAWAY
from tests.registry_files import (
    DISTRICT,
    FAMILY,
    NEIGHBOUR,
    VILLAGE,
    Person,
    RegistryHousehold,
)
from tests.registry_files import _person as registry_person

PASSWORD = "kata-sandi-petugas"
APP = "/petugas/lapangan"
SP2020 = load_questionnaire(Path(__file__).resolve().parents[2] / "questionnaires" / "sp2020.yaml")
PREFILLED = {"nama", "nik", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "hubungan", "agama"}
PREFILLED_HOUSEHOLD = {"wilayah_domisili", "alamat_domisili"}


def _solo(
    serial: int, name: str, sex: int, born: date, marital: int, number: int
) -> RegistryHousehold:
    return RegistryHousehold(
        kk=make_kk(DISTRICT, date(2016, 1, number), 40 + serial),
        address=f"Jl. Mantuil Raya No. {number}",
        rt="004",
        rw="002",
        village_code=VILLAGE,
        members=(registry_person(serial, name, sex, born, 1, marital),),
    )


SOLOS = (
    _solo(41, "Ahmad Fauzi", MALE, date(1990, 4, 2), 1, 20),
    _solo(42, "Rina Marlina", FEMALE, date(1995, 7, 9), 1, 22),
    _solo(43, "Hasan Basri", MALE, date(1960, 12, 1), 4, 24),
)
HOUSEHOLDS = (FAMILY, NEIGHBOUR, *SOLOS, FARAWAY)


def head(household: RegistryHousehold) -> Person:
    return household.members[0]


class Field(Network):
    """The live server with the interview round's cast, behind the fault proxy."""

    def __init__(self, tmp_path: Path, stack: ExitStack, **overrides: Any) -> None:
        super().__init__(tmp_path, stack, households=HOUSEHOLDS, **overrides)
        self.services = build_services(self.server.settings, self.server.database)
        for row in (
            StaffRow("admin01", "Ani Administrator", ADMIN, None, PASSWORD),
            StaffRow("spv01", "Siti Pengawas", SUPERVISOR, None, PASSWORD),
            StaffRow("ppl01", "Budi Petugas", OFFICER, "spv01", PASSWORD),
            StaffRow("ppl02", "Dedi Petugas", OFFICER, "spv01", PASSWORD),
        ):
            self.services.field.staff.create(COMMAND_LINE, row)
        areas = (
            "code,name,village_code,rt,rw,officer_username\n"
            f"{VILLAGE}0001,,{VILLAGE},4,2,ppl01\n{VILLAGE}0002,,{VILLAGE},7,3,ppl02\n"
        )
        assert self.services.field.areas.import_csv(COMMAND_LINE, areas.encode()).problems == []

    def end_sessions(self, username: str = "ppl01") -> None:
        """An administrator ends every session of the account (a phone reported lost)."""
        account = staff_store.staff_by_username(self.database, username)
        assert account is not None
        assert self.services.field.staff.revoke(COMMAND_LINE, account.id) >= 1

    def household_id(self, household: RegistryHousehold) -> int:
        found = household_store.household_by_kk(self.database, household.kk)
        assert found is not None
        return found.id


# -- the device -----------------------------------------------------------------------------


def sign_in(phone: Page, url: str, username: str = "ppl01") -> None:
    """Sign in on the staff sign-in page; an officer lands in the app."""
    phone.goto(f"{url}/petugas/masuk")
    phone.get_by_label("Nama pengguna").fill(username)
    phone.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    phone.get_by_role("button", name="Masuk", exact=True).click()
    phone.wait_for_url(f"**{APP}")


def download_work(phone: Page) -> None:
    """Download the assignments and wait until the app would work with no signal."""
    phone.get_by_role("button", name="Unduh tugas saya").click()
    expect(phone.get_by_role("heading", name="Wilayah tugas Anda")).to_be_visible()
    phone.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=INSTALL_MS)
    assert device(phone, "officer", "questionnaire") is not None


def download_again(phone: Page) -> None:
    """From the areas: download the work again, and wait until the app shows the new bundle."""
    shown = phone.locator("#downloaded-at")
    before = shown.get_attribute("data-version")
    phone.get_by_role("button", name="Unduh ulang tugas saya").click()
    expect(shown).not_to_have_attribute("data-version", before or "")
    expect(phone.get_by_role("heading", name="Wilayah tugas Anda")).to_be_visible()


def open_area(phone: Page, name: str = "RT 004 / RW 002") -> None:
    phone.get_by_role("button", name=f"Buka {name}").click()
    expect(phone.get_by_role("heading", name=name)).to_be_visible()


def open_household(phone: Page, household: RegistryHousehold, within: str = "#assigned") -> None:
    """From an area, open a household by its head's name."""
    phone.locator(within).get_by_role("button").filter(has_text=head(household).name).click()
    expect(phone.get_by_role("heading", name=head(household).name)).to_be_visible()


def back_to_area(phone: Page) -> None:
    phone.get_by_role("button", name="Kembali ke RT 004 / RW 002").click()


def in_questionnaire_order(answers: dict[str, Any], questions: list[Any]) -> dict[str, Any]:
    order = [q.id for q in questions]
    return {k: answers[k] for k in sorted(answers, key=order.index)}


def typed_answers(person: Person) -> dict[str, Any]:
    """What the officer types for a registry person: every answer not pre-filled."""
    answers = {k: v for k, v in person_answers(person).items() if k not in PREFILLED}
    return in_questionnaire_order(answers, list(SP2020.person_questions))


def typed_household(household: RegistryHousehold) -> dict[str, Any]:
    answers = {
        k: v for k, v in household_answers(household).items() if k not in PREFILLED_HOUSEHOLD
    }
    return in_questionnaire_order(answers, list(SP2020.household_questions))


def next_step(phone: Page) -> None:
    phone.get_by_role("button", name="Lanjut").click()


def interview_alone(phone: Page, household: RegistryHousehold) -> None:
    """From the household's screen: the whole interview of a one-person household, saved."""
    phone.get_by_role("button", name="Mulai wawancara").click()
    expect(phone.get_by_role("heading", name="Anggota rumah tangga")).to_be_visible()
    expect(phone.locator("#officer-app")).to_contain_text(head(household).name)
    next_step(phone)
    for question, value in typed_answers(head(household)).items():
        answer(phone, f"members/0/{question}", value)
    next_step(phone)
    for question, value in typed_household(household).items():
        answer(phone, f"household/{question}", value)
    next_step(phone)
    expect(phone.get_by_role("heading", name="Periksa jawaban Anda")).to_be_visible()
    phone.get_by_role("button", name="Simpan wawancara").click()
    expect(
        phone.get_by_role("status").filter(has_text="Wawancara tersimpan di HP ini")
    ).to_be_visible()


def record_visit(phone: Page, outcome: str, revisit_day: str | None = None, note: str = "") -> None:
    """From the household's screen: a visit's outcome (ids as the app names them)."""
    phone.locator(f'label[for="visit-outcome-{outcome}"]').tap()
    if revisit_day:
        phone.get_by_label("Tanggal kunjungan ulang").fill(revisit_day)
        phone.get_by_label("Jam kunjungan ulang").fill("16:00")
    if note:
        phone.get_by_label("Catatan (tidak wajib)").first.fill(note)
    phone.get_by_role("button", name="Simpan kunjungan").click()
    expect(
        phone.get_by_role("status").filter(has_text="Kunjungan tersimpan di HP ini")
    ).to_be_visible()


def notice(phone: Page) -> Locator:
    """What the app just said (a saved record, a refusal), above the screen."""
    return phone.locator("#officer-app > .notice[role=status]")


def sync_state(phone: Page) -> Locator:
    return phone.locator("#sync-state")


def open_sync(phone: Page) -> None:
    phone.locator("#open-sync").click()
    expect(phone.get_by_role("heading", name="Sinkronisasi", exact=True)).to_be_visible()


def sync_now(phone: Page) -> None:
    """On the sync screen: sync, and wait until nothing waits any more."""
    phone.get_by_role("button", name="Sinkronkan sekarang").click()
    expect(phone.locator("#count-waiting")).to_have_text("0")
    expect(sync_state(phone)).not_to_contain_text("Mengirim")


def snapshot(phone: Page, name: str) -> None:
    """The phone's whole screen as ``test-results/<name>.png``, for people to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# -- the device's IndexedDB -----------------------------------------------------------------


def device(phone: Page, store: str, key: str | None = None) -> Any:
    """A record of the officer app's IndexedDB (``key`` None: all of ``store``)."""
    return stored(phone, store, key)


def device_records(phone: Page) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = device(phone, "officer_records")
    return records


# -- the server's side ----------------------------------------------------------------------


def self_respond(url: str, household: RegistryHousehold) -> str:
    """The household answers online from a phone of its own (the API, as its app does); the
    receipt code as its receipt page shows it."""
    api = f"{url}/api/v1/self-response"
    with httpx.Client() as phone:
        person = head(household)
        signed_in = phone.post(
            f"{api}/session", json={"kk": household.kk, "nik": person.nik, "password": "rahasia-1"}
        )
        assert signed_in.status_code == 200, signed_in.text
        members = phone.get(f"{api}/household").json()["registry_members"]
        document = registry_document(household, [m["member_id"] for m in members])
        body = {"submission_id": str(uuid.uuid4()), "document": document}
        sent = phone.post(f"{api}/submissions", json=body)
        assert sent.status_code == 201, sent.text
        code: str = sent.json()["display_code"]
        return code


def interviews_of(database: Database, household_id: int) -> list[dict[str, Any]]:
    query = select(submissions).where(submissions.c.household_id == household_id)
    with database.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query.order_by(submissions.c.id))]


def visits_of(database: Database, household_id: int) -> list[dict[str, Any]]:
    query = select(visits).where(visits.c.household_id == household_id)
    with database.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query.order_by(visits.c.id))]


def row_counts(database: Database) -> dict[str, int]:
    with database.engine.connect() as conn:
        return {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in metadata.sorted_tables
        }


def stored_answers(row: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(row["payload"])
    return payload
