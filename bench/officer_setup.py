"""An officer with 250 households to visit, on a fresh database, for the field benchmarks.

Ten SLS of Banjarmasin Selatan with 25 synthetic families each (``demo_cards_in``), one
officer holding all ten areas, and a server (the real application under uvicorn, in a
thread, on 127.0.0.1) to download the bundle from and sync to. ``interview_document``
answers every question that applies to a household's registry members, as an officer
would with the family at the door.
"""

from __future__ import annotations

import secrets
import socket
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import uvicorn
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sensus.app import create_app
from sensus.config import WIB, Settings
from sensus.domain.questionnaire import age
from sensus.services.demo import demo_cards_in
from sensus.services.staff import STAFF_COOKIE, token_hash
from sensus.storage import areas as area_store
from sensus.storage import staff as staff_store
from sensus.storage.database import Database
from sensus.storage.registry import write_family_cards

VILLAGES = ("6371011001", "6371011002")  # Mantuil, Kelayan Selatan
SLS = tuple((village, f"{rt:03d}", "001") for village in VILLAGES for rt in range(1, 6))
FAMILIES_PER_SLS = 25
CENSUS_DATE = "2026-09-01"
WINDOW = {
    "self_response_opens": datetime(2020, 1, 1, tzinfo=WIB),
    "self_response_closes": datetime(2100, 1, 1, tzinfo=WIB),
    "interview_opens": datetime(2020, 1, 1, tzinfo=WIB),
    "interview_closes": datetime(2100, 1, 1, tzinfo=WIB),
}


@dataclass(frozen=True)
class Field:
    url: str  # the server
    cookie: dict[str, str]  # the officer's session
    database: Database
    settings: Settings


@contextmanager
def fresh_database(kind: str, postgres_url: str | None) -> Iterator[str]:
    """A new SQLite file, or a new schema of ``postgres_url`` dropped afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="sensus-field-") as folder:
            yield f"sqlite:///{Path(folder) / 'sensus.db'}"
        return
    assert postgres_url
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = Database.connect(postgres_url)
    with admin.engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in postgres_url else "?"
    try:
        yield f"{postgres_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@contextmanager
def officer_with_250_households(url: str, seed: int = 2020) -> Iterator[Field]:
    """The database at ``url`` migrated and filled, and the application serving it."""
    settings = Settings(database_url=url, secret_key="bench-secret-not-for-production", **WINDOW)
    database = Database.connect(url)
    database.upgrade()
    now = datetime.now(UTC)
    cards = demo_cards_in(SLS, FAMILIES_PER_SLS, seed, serial_offset=5000)
    write_family_cards(database, cards, now)
    new = staff_store.NewStaff("ppl01", "Petugas Bench", "officer", "not-a-real-hash", None)
    officer_id = staff_store.create_staff(database, new, actor="bench", now=now)
    areas = [
        area_store.AreaWrite(
            i, f"{village}{i:04d}", f"RT {rt} / RW {rw}", village, rt, rw, officer_id
        )
        for i, (village, rt, rw) in enumerate(SLS, start=1)
    ]
    area_store.write_areas(database, areas, actor="bench", now=now)
    token = secrets.token_urlsafe(32)
    staff_store.create_session(
        database, officer_id, token_hash(token), "bench", now=now,
        expires_at=now + timedelta(days=1),
    )  # fmt: skip
    with serving(create_app(settings, database)) as base:
        yield Field(base, {STAFF_COOKIE: token}, database, settings)
    database.dispose()


@contextmanager
def serving(app: Any) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def interview_document(household: dict[str, Any], members: list[dict[str, Any]]) -> dict[str, Any]:
    """A complete interview of a household of the bundle (its list entry and pre-fill)."""
    return {
        "questionnaire_id": "sp2020",
        "questionnaire_version": "2020.1",
        "household": {
            "wilayah_domisili": household["village_code"],
            "alamat_domisili": household["address"],
            "status_rumah": 1,
            "sumber_penerangan": 1,
            "sumber_air_minum": 3,
            "jamban": 1,
            "jenis_lantai": 2,
        },
        "members": [
            {"member_id": m["member_id"], "presence": "lives_here", "answers": _answers(m)}
            for m in members
        ],
    }


def _answers(prefill: dict[str, Any]) -> dict[str, Any]:
    years = age(prefill["tanggal_lahir"], CENSUS_DATE)
    assert years is not None
    answers = {key: value for key, value in prefill.items() if key != "member_id"}
    answers |= {"lama_tinggal": min(years, 5), "kewarganegaraan": 1, "suku_bangsa": "Banjar"}
    answers["agama"] = answers["agama"] or 1
    if years < 10:
        answers.pop("status_kawin", None)
    if years >= 5:
        answers |= {"bahasa_rumah": 2, "ijazah": 4 if years >= 18 else 2}
    if years >= 10 and answers.get("status_kawin") == 2:
        answers["akta_kawin"] = True
    if years >= 10 and answers.get("status_kawin") == 3:
        answers["akta_cerai"] = False
    if years >= 15 and answers["hubungan"] == 1:
        answers |= {"aktivitas": 1, "pekerjaan": 6, "status_pekerjaan": 1}
    elif years >= 15:
        answers |= {"aktivitas": 3, "pensiunan": False}
    return answers


def median_of(runs: int, measure: Callable[[], float]) -> tuple[float, list[float]]:
    values = sorted(measure() for _ in range(runs))
    return values[len(values) // 2], values
