"""The interview round's part of the demo: staff, enumeration areas and families to visit.

The demo registry spreads its families over all of Kalimantan Selatan, about one per SLS, so
it adds families of its own in four SLS of Banjarmasin Selatan (numbered apart from the
registry's, so no NIK or KK meets another), makes those SLS and the SLS of the printed
self-response logins enumeration areas, and creates a supervisor with two officers (and an
administrator), all with one printed demo password. Everything is synthetic; running the
demo again changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC

from sensus.domain.areas import sls_name
from sensus.domain.registry import FamilyCard
from sensus.domain.staff import ADMIN, OFFICER, SUPERVISOR, StaffRow
from sensus.services.clock import Clock, system_clock
from sensus.services.demo import DEFAULT_SEED, DemoLogin, demo_cards_in
from sensus.services.staff import COMMAND_LINE, StaffService
from sensus.storage import areas as area_store
from sensus.storage import staff as staff_store
from sensus.storage.database import Database
from sensus.storage.households import household_by_kk
from sensus.storage.registry import write_family_cards

# A demo database's accounts: printed, synthetic, for trying the system out.
DEMO_PASSWORD = "sensus-demo-2026"  # noqa: S105
DEMO_STAFF = (
    StaffRow("admin01", "Admin Demo", ADMIN, None, DEMO_PASSWORD),
    StaffRow("spv01", "Pengawas Demo", SUPERVISOR, None, DEMO_PASSWORD),
    StaffRow("ppl01", "Petugas Demo Satu", OFFICER, "spv01", DEMO_PASSWORD),
    StaffRow("ppl02", "Petugas Demo Dua", OFFICER, "spv01", DEMO_PASSWORD),
)
# (village, RT, RW, officer): Mantuil and Kelayan Selatan, Banjarmasin Selatan.
FIELD_SLS = (
    ("6371011001", "004", "002", "ppl01"),
    ("6371011001", "005", "002", "ppl01"),
    ("6371011002", "001", "001", "ppl02"),
    ("6371011002", "002", "001", "ppl02"),
)
FAMILIES_PER_SLS = 20
# NIK and KK serials of the field families start here; the registry's stay far below.
SERIAL_OFFSET = 9000


@dataclass(frozen=True)
class StaffLogin:
    username: str
    role: str
    password: str
    created: bool


@dataclass(frozen=True)
class FieldDemoReport:
    staff: list[StaffLogin]
    areas: int
    families: int


def generate_field_demo(
    database: Database,
    staff: StaffService,
    logins: Sequence[DemoLogin] = (),
    seed: int = DEFAULT_SEED,
    clock: Clock = system_clock,
) -> FieldDemoReport:
    """Create the demo's staff, field families and areas (idempotent)."""
    accounts = [_account(database, staff, row) for row in DEMO_STAFF]
    cards = field_cards(seed)
    now = clock().astimezone(UTC)
    write_family_cards(database, cards, now)
    officers = {a.username: staff_store.staff_by_username(database, a.username) for a in accounts}
    sls = [(v, rt, rw, officer) for v, rt, rw, officer in FIELD_SLS]
    for login in logins:
        household = household_by_kk(database, login.kk)
        if household is not None and household.rt and household.rw:
            sls.append((household.village_code, household.rt, household.rw, "ppl01"))
    rows = _area_rows(sls, officers)
    area_store.write_areas(database, rows, actor=COMMAND_LINE.audit_name, now=now)
    return FieldDemoReport(accounts, len(rows), len(cards))


def field_cards(seed: int = DEFAULT_SEED) -> list[FamilyCard]:
    """The families of the field SLS, always the same for the same seed."""
    places = [(village, rt, rw) for village, rt, rw, _ in FIELD_SLS]
    return demo_cards_in(places, FAMILIES_PER_SLS, seed + 1, SERIAL_OFFSET)


def _account(database: Database, staff: StaffService, row: StaffRow) -> StaffLogin:
    if staff_store.staff_by_username(database, row.username) is None:
        staff.create(COMMAND_LINE, row)
        return StaffLogin(row.username, row.role, DEMO_PASSWORD, created=True)
    return StaffLogin(row.username, row.role, DEMO_PASSWORD, created=False)


def _area_rows(
    sls: list[tuple[str, str, str, str]], officers: dict[str, staff_store.StaffRecord | None]
) -> list[area_store.AreaWrite]:
    """One area per distinct SLS; its code is the village code, RT (2 digits) and RW (2)."""
    rows: dict[str, area_store.AreaWrite] = {}
    for line, (village, rt, rw, username) in enumerate(sls, start=1):
        code = f"{village}{int(rt) % 100:02d}{int(rw) % 100:02d}"
        officer = officers.get(username)
        rows.setdefault(
            code,
            area_store.AreaWrite(
                line, code, sls_name(rt, rw), village, rt, rw, officer.id if officer else None
            ),
        )
    return list(rows.values())
