"""An officer's day in the trial: the bundle, interviews recorded offline, one sync.

Like the respondents (``sensus.trial.journeys``), plain code over a ``Transport``; every
request goes through the real clients' retry rules (``Caller``).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sensus.trial import documents
from sensus.trial.journeys import API, Caller


@dataclass
class OfficerEntry:
    """An officer's ledger entry: each record sent and the server's answer to it."""

    username: str
    profile: str
    outcome: str = "started"  # synced | unfinished | refused
    cut_off: bool = False  # the first sync's answer never came
    records: dict[str, str] = field(default_factory=dict)  # record_id -> kind
    answered: dict[str, str] = field(default_factory=dict)  # record_id -> status
    detail: str = ""


class Officer:
    """An officer's day: the bundle, interviews recorded offline, one sync in a burst."""

    def __init__(
        self,
        caller: Caller,
        username: str,
        password: str,
        entry: OfficerEntry,
        census_date: str,
        rng: random.Random,
        sleep: Callable[[float], None],
        *,
        interviews: int,
        day_s: float,
        cut_off: bool,
    ) -> None:
        self.caller, self.username, self.password, self.entry = caller, username, password, entry
        self.census_date, self.rng, self.sleep = census_date, rng, sleep
        self.interviews, self.day_s, self.cut_off = interviews, day_s, cut_off

    def run(self) -> OfficerEntry:
        signed = self.caller.call(
            "POST", f"{API}/staff/session", kind="staff_sign_in",
            body={"username": self.username, "password": self.password,
                  "device_label": "uji coba"},
        )  # fmt: skip
        if signed.status != 200:
            return self._refused(f"staff_sign_in {signed.status} {signed.code}")
        bundle = self.caller.call("GET", f"{API}/officer/bundle", kind="bundle")
        if bundle.status != 200:
            return self._refused(f"bundle {bundle.status} {bundle.code}")
        records = self.record_day(bundle.body)
        self.sleep(self.day_s)  # the day in the field, offline
        return self.sync(bundle.body["bundle_version"], records)

    def record_day(self, bundle: dict[str, Any]) -> list[dict[str, Any]]:
        lists = {
            h["household_id"]: (area, h) for area in bundle["areas"] for h in area["households"]
        }
        open_work = [a for a in bundle["assignments"] if a["status"] == "open"]
        self.rng.shuffle(open_work)
        records = []
        now = datetime.now(UTC)
        for number, assignment in enumerate(open_work[: self.interviews]):
            area, listed = lists[assignment["household_id"]]
            recorded = (now + timedelta(minutes=20 * number)).isoformat()
            record_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
            if number % 4 == 3:  # nobody home: come back tomorrow
                revisit = (now + timedelta(days=1)).isoformat()
                record = {"record_id": record_id, "kind": "visit", "recorded_at": recorded,
                          "assignment_id": assignment["assignment_id"],
                          "outcome": "nobody_home", "revisit_at": revisit}  # fmt: skip
            else:
                household = {"village_code": area["village_code"], "address": listed["address"]}
                document = documents.complete_document(
                    assignment["registry_members"], household, self.census_date, self.rng
                )
                record = {
                    "record_id": record_id,
                    "kind": "interview",
                    "recorded_at": recorded,
                    "assignment_id": assignment["assignment_id"],
                    "document": document,
                }
            records.append(record)
            self.entry.records[record_id] = record["kind"]
        return records

    def sync(self, since: str, records: list[dict[str, Any]]) -> OfficerEntry:
        """One burst; a batch cut off is sent again as it was (the server answers duplicate)."""
        body = {"since": since, "records": records}
        first_timeout = None
        if self.cut_off:
            self.entry.cut_off = True
            first_timeout = 0.05  # the answer never comes: the signal went as it was sent
        answer = self.caller.call(
            "POST", f"{API}/officer/sync", kind="sync", body=body, first_timeout=first_timeout
        )
        if answer.status != 200:
            return self._refused(f"sync {answer.status} {answer.code}")
        for result in answer.body["results"]:
            self.entry.answered[result["record_id"]] = result["status"]
        self.entry.outcome = "synced"
        return self.entry

    def _refused(self, detail: str) -> OfficerEntry:
        self.entry.outcome, self.entry.detail = "refused", detail
        return self.entry
