"""Sessions and door counters do not pile up: ``forget_old`` (``sensus db purge``) deletes
sessions ended or expired a day ago and counters idle for a day, and nothing still in use."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from sensus.services.container import Services
from sensus.storage.database import Database
from sensus.storage.tables import door_counters, household_sessions
from tests.integration.api.helpers import SELF, FakeClock, TestClient, credentials, sign_in
from tests.integration.api.test_identification import UNKNOWN_KK, UNKNOWN_NIK
from tests.registry_files import FAMILY, NEIGHBOUR


def rows(database: Database) -> tuple[int, int]:
    with database.engine.connect() as conn:
        count = [
            conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (household_sessions, door_counters)
        ]
    return count[0], count[1]


def test_only_what_ended_or_idled_a_day_ago_is_forgotten(
    make_client: Callable[..., TestClient], database: Database, clock: FakeClock
) -> None:
    client = make_client(session_hours=12)
    services: Services = client.app.state.services  # type: ignore[attr-defined]
    sign_in(client)  # a session that will expire
    ended = make_client()
    sign_in(ended)
    ended.delete(f"{SELF}/session")  # a session ended by its device
    client.post(f"{SELF}/identify", json={"kk": UNKNOWN_KK, "nik": UNKNOWN_NIK})  # counters
    assert services.access.forget_old().sessions == 0  # nothing is a day old yet

    clock.advance(hours=12 + 24 + 1)  # the first session expired more than a day ago
    today = make_client()
    sign_in(today, NEIGHBOUR)  # a current session
    today.post(f"{SELF}/identify", json=credentials(FAMILY) | {"nik": UNKNOWN_NIK})
    before = rows(database)
    forgotten = services.access.forget_old()

    assert (forgotten.sessions, forgotten.counters) == (2, 2)  # the KK's and the address's
    assert rows(database) == (before[0] - 2, before[1] - 2)
    assert today.get(f"{SELF}/household").status_code == 200
    assert services.access.failures(FAMILY.kk) == 1
