"""Open conflicts travel with the draft, and every version of it is kept (ADR 0010, issue 13).

Two phones typed different answers into one field: the draft holds one, the conflict the
other, until a person chooses. Every device learns both (a stale save's 409, the household
view, GET /draft), and the answer a save replaced stays in the draft's history.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sensus.storage.database import Database
from sensus.storage.households import draft_history
from tests.integration.api.helpers import (
    SELF,
    TestClient,
    field_codes,
    household_row,
    sign_in,
)

SUKU = "household/jamban"


def patch(client: TestClient, base: int, changes: list[Any], **extra: Any) -> Any:
    return client.patch(f"{SELF}/draft", json={"base_version": base, "changes": changes} | extra)


def set_jamban(value: int) -> list[dict[str, Any]]:
    return [{"path": SUKU, "value": value}]


def two_phones(make_client: Callable[..., TestClient]) -> tuple[TestClient, TestClient]:
    phone, tablet = make_client(), make_client()
    sign_in(phone)
    sign_in(tablet)
    return phone, tablet


def test_a_conflict_sent_with_changes_is_kept_and_every_device_is_told(
    make_client: Callable[..., TestClient],
) -> None:
    phone, tablet = two_phones(make_client)
    assert patch(phone, 0, set_jamban(1)).json() == {"version": 1}
    # The tablet merged (its 2 against the phone's 1) and keeps its own, the other in sight.
    conflict = {"path": SUKU, "other": 1}
    assert patch(tablet, 1, set_jamban(2), conflicts=[conflict]).json() == {"version": 2}
    view = phone.get(f"{SELF}/household").json()
    assert (view["draft"]["household"]["jamban"], view["draft_conflicts"]) == (2, [conflict])
    stale = patch(phone, 1, set_jamban(3))
    assert stale.status_code == 409
    assert stale.json()["error"]["detail"]["conflicts"] == [conflict]


def test_changes_without_conflicts_leave_them_open_and_an_empty_list_settles_them(
    signed_in: TestClient,
) -> None:
    conflict = {"path": SUKU, "other": 1}
    patch(signed_in, 0, set_jamban(2), conflicts=[conflict])
    patch(signed_in, 1, [{"path": "household/alamat_domisili", "value": "Jl. Mantuil"}])
    assert signed_in.get(f"{SELF}/draft").json()["conflicts"] == [conflict]
    # "Keep this one" changes no answer: the choice alone is a save.
    assert patch(signed_in, 2, [], conflicts=[]).json() == {"version": 3}
    assert signed_in.get(f"{SELF}/draft").json()["conflicts"] == []


def test_the_answer_another_device_replaced_stays_in_the_draft_history(
    make_client: Callable[..., TestClient], database: Database
) -> None:
    phone, tablet = two_phones(make_client)
    patch(phone, 0, set_jamban(1))
    patch(tablet, 1, set_jamban(2), conflicts=[{"path": SUKU, "other": 1}])
    patch(phone, 2, set_jamban(2), conflicts=[])
    household_id = household_row(database)["id"]
    history = [
        (v, json.loads(c), k and json.loads(k)) for v, c, k in draft_history(database, household_id)
    ]
    assert [version for version, _, _ in history] == [1, 2, 3]
    assert history[0][1] == {"changes": [{"path": SUKU, "value": 1}]}
    assert history[1][2] == [{"path": SUKU, "other": 1}]
    assert history[2][2] == []


def test_get_draft_answers_304_while_the_version_is_unchanged(signed_in: TestClient) -> None:
    first = signed_in.get(f"{SELF}/draft")
    assert first.json() == {"version": 0, "document": None, "conflicts": []}
    etag = first.headers["etag"]
    assert signed_in.get(f"{SELF}/draft", headers={"If-None-Match": etag}).status_code == 304
    patch(signed_in, 0, set_jamban(1))
    changed = signed_in.get(f"{SELF}/draft", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert (changed.json()["version"], changed.headers["etag"] != etag) == (1, True)


def test_a_conflict_that_names_no_field_is_refused_and_nothing_is_stored(
    signed_in: TestClient, database: Database
) -> None:
    before = household_row(database)
    bad = patch(signed_in, 0, set_jamban(1), conflicts=[{"path": "members/x/nama", "other": 1}])
    assert field_codes(bad) == [("conflicts/0", "invalid_conflict")]
    twice = [{"path": SUKU, "other": 1}, {"path": SUKU, "other": 3}]
    assert field_codes(patch(signed_in, 0, set_jamban(1), conflicts=twice)) == [
        ("conflicts/1", "invalid_conflict")
    ]
    assert field_codes(patch(signed_in, 0, [])) == [("changes", "too_short")]
    assert household_row(database) == before


def test_a_draft_asked_for_another_household_is_refused(signed_in: TestClient) -> None:
    # A shared phone holding another household's work must not take this one's draft.
    response = signed_in.get(f"{SELF}/draft", headers={"X-Sensus-Household": "h999"})
    assert (response.status_code, response.json()["error"]["code"]) == (409, "other_household")
    own = signed_in.get(f"{SELF}/household").json()["household"]["ref"]
    assert signed_in.get(f"{SELF}/draft", headers={"X-Sensus-Household": own}).status_code == 200


def test_the_draft_needs_a_session(client: TestClient) -> None:
    assert client.get(f"{SELF}/draft").status_code == 401
