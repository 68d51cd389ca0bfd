"""Sync: a batch of records from an officer's device, each stored once, each answered.

Every record is read and checked on its own; a bad one is answered with its field errors and
what the device should do next (``fix`` it, ``retry`` later, or ``ask_supervisor``) and never
blocks the good ones. A record whose ``record_id`` was stored before is answered
``duplicate`` and stores nothing, so a device may resend a whole batch after a broken
connection. Interviews go through the same questionnaire engine as self-responses. An
interview of a household that answered online is stored but not final (``superseded``).

The answer also says what changed for the device since the ``since`` it sends (the
``bundle_version`` of its bundle, or the ``synced_at`` of its last sync): assignments
removed (the household answered online, was struck off, or its area was reassigned),
interviews a supervisor returned, and the households of its areas that answered online,
each with the salted hash of its receipt code (as the bundle carries them), so that the
device confirms the code a family shows at the door right after the sync that told it.
Format: docs/CONTRACTS.md, "Interview round API".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sensus.domain import errors
from sensus.domain.field_records import (
    NEW_HOUSEHOLD,
    Interview,
    ListingCheck,
    Unreadable,
    Visit,
)
from sensus.domain.receipt_hashes import new_salt, receipt_hash
from sensus.domain.staff import OFFICER, StaffMember, require_role
from sensus.services import answers
from sensus.services.bundle import returned
from sensus.services.clock import Clock, iso
from sensus.services.interviews import InterviewRound
from sensus.services.sync_records import (
    RETRY,
    Item,
    Outcome,
    Planner,
    Refs,
    field_error,
    read_item,
)
from sensus.storage import areas as area_store
from sensus.storage import bundle as bundle_store
from sensus.storage import field_lookups as lookups
from sensus.storage import field_sync as store
from sensus.storage import field_writes as writes
from sensus.storage.database import Database

MAX_RECORDS = 500
RECORDS_PER_COMMIT = 50
# Changes are looked up a little before ``since``: a change committed just as the last sync
# read would otherwise be missed. The device applies a change it already knows harmlessly.
CHANGES_OVERLAP = timedelta(minutes=5)
_CLASHES = {
    "provisional_id": (errors.PROVISIONAL_ID_TAKEN, "provisional_id"),
    "assignment_id": (errors.PROVISIONAL_ID_TAKEN, "assignment_id"),
    "kk": (errors.KK_ALREADY_REGISTERED, "kk"),
}


class SyncService:
    """Takes an officer's records in; says, record by record, what became of them."""

    def __init__(
        self,
        database: Database,
        interviews: InterviewRound,
        clock: Clock,
        records_per_commit: int = RECORDS_PER_COMMIT,
    ) -> None:
        self._db = database
        self._round = interviews
        self._clock = clock
        self._per_commit = records_per_commit

    def sync(
        self, officer: StaffMember, records: Sequence[Any], since: datetime | None
    ) -> dict[str, Any]:
        require_role(officer, OFFICER)
        self._round.require_sync_open()
        now = self._clock().astimezone(UTC)
        items = [read_item(index, raw) for index, raw in enumerate(records)]
        self._answer_known(officer, items)
        areas = {a.id: a for a in area_store.areas_of(self._db, [officer.id])}
        # Households found in the field first: this batch's visits and interviews of them
        # name the assignments they bring.
        found = [i for i in items if i.outcome is None and i.kind == NEW_HOUSEHOLD]
        self._store(officer, found, areas, now)
        self._store(officer, [i for i in items if i.outcome is None], areas, now)
        self._keep_rejections(officer, items, now)
        store.mark_synced(self._db, officer.id, now)
        outcomes = [i.outcome for i in items if i.outcome is not None]
        return {
            "synced_at": now.isoformat(),
            "results": [o.as_dict() for o in outcomes],
            "summary": _summary(outcomes),
            "changes": self._changes(officer, list(areas), since),
        }

    def _answer_known(self, officer: StaffMember, items: list[Item]) -> None:
        """Answer the records stored before (or twice in this batch) and the unreadable."""
        ids = [i.record_id for i in items if i.record_id]
        known = lookups.known_records(self._db, ids)
        first_in_batch: dict[str, Item] = {}
        for item in items:
            if isinstance(item.record, Unreadable):
                item.reject(errors.VALIDATION_FAILED, item.record.problems)
                continue
            before = known.get(item.record_id or "")
            earlier = first_in_batch.setdefault(item.record_id or "", item)
            if before is not None and before.status != "rejected":
                mine = before.staff_id == officer.id and before.payload_hash == item.payload_hash
                if mine:
                    item.answer("duplicate", detail={"stored_as": before.status})
                else:
                    item.reject(errors.RECORD_ID_REUSED, [field_error("record_id", "reused")])
            elif earlier is not item:
                if earlier.payload_hash == item.payload_hash:
                    item.answer("duplicate", detail={"same_as_index": earlier.index})
                else:
                    item.reject(errors.RECORD_ID_REUSED, [field_error("record_id", "reused")])

    def _store(
        self,
        officer: StaffMember,
        items: list[Item],
        areas: dict[int, area_store.AreaRecord],
        now: datetime,
    ) -> None:
        if not items:
            return
        refs = self._refs(items, areas)
        for item in items:
            Planner(self._round, officer, refs).plan(item)
        planned = [i for i in items if i.write is not None]
        results = store.store_writes(
            self._db,
            officer.id,
            officer.audit_name,
            [i.write for i in planned if i.write is not None],
            now,
            self._per_commit,
        )
        for item, result in zip(planned, results, strict=True):
            _take(item, result)

    def _keep_rejections(self, officer: StaffMember, items: list[Item], now: datetime) -> None:
        """Note every refused record that can be named, for the sync diagnostics."""
        refused = [_rejection(i) for i in items]
        kept: list[writes.Write] = [r for r in refused if r is not None]
        if kept:
            store.store_writes(self._db, officer.id, "", kept, now, self._per_commit)

    def _refs(self, items: list[Item], areas: dict[int, area_store.AreaRecord]) -> Refs:
        records = [i.record for i in items]
        assignment_ids = {r.assignment_id for r in records if isinstance(r, Visit | Interview)}
        assigned = lookups.assignments_by_id(self._db, assignment_ids)
        household_ids = {r.household_id for r in records if isinstance(r, ListingCheck)}
        household_ids |= {
            r.merged_into for r in records if isinstance(r, ListingCheck) and r.merged_into
        }
        interviewed = {
            assigned[r.assignment_id].household_id
            for r in records
            if isinstance(r, Interview) and r.assignment_id in assigned
        }
        return Refs(
            areas=areas,
            assignments=assigned,
            households=lookups.households_by_id(self._db, household_ids | interviewed),
            members=lookups.registry_member_ids(self._db, interviewed),
        )

    def _changes(
        self, officer: StaffMember, area_ids: list[int], since: datetime | None
    ) -> answers.SyncChanges:
        salt = new_salt()
        if since is None:
            return {
                "removed_assignments": [],
                "returned_interviews": [],
                "answered_online": [],
                "receipt_salt": salt,
            }
        after = since.astimezone(UTC) - CHANGES_OVERLAP
        removed = bundle_store.removed_since(self._db, officer.id, after)
        returns = bundle_store.returned_interviews(self._db, officer.id, after)
        answered = bundle_store.answered_online_since(self._db, area_ids, after)
        return {
            "removed_assignments": [
                {
                    "assignment_id": r.id,
                    "household_id": r.household_id,
                    "reason": r.removed_reason,
                    "removed_at": iso(r.updated_at),
                }
                for r in removed
            ],
            "returned_interviews": [returned(r) for r in returns],
            "answered_online": [
                {
                    "household_id": a.household_id,
                    "receipt_hash": receipt_hash(salt, a.household_id, a.receipt_code),
                    "answered_at": iso(a.submitted_at),
                }
                for a in answered
            ],
            "receipt_salt": salt,
        }


def _take(item: Item, result: writes.WriteResult) -> None:
    """Turn what storage did with an item's write into the item's answer."""
    if result.status == "clash" and result.clash is not None:
        problem, path = _CLASHES[result.clash]
        item.reject(problem, [field_error(path, "taken")])
    elif result.status == "superseded":
        item.answer(
            "superseded",
            problem=errors.INTERVIEW_SUPERSEDED,
            detail={"final": "self_response", **result.detail},
        )
    else:
        item.answer(result.status, detail=result.detail)


def _rejection(item: Item) -> writes.RejectionWrite | None:
    """The rejection to keep for the diagnostics, when the record can be named."""
    outcome = item.outcome
    if outcome is None or outcome.status != "rejected" or outcome.problem is None:
        return None
    if not item.record_id:
        return None
    if outcome.problem is errors.RECORD_ID_REUSED:
        return None  # the id belongs to another record: its row is not this one's to change
    return writes.RejectionWrite(
        item.record_id,
        item.kind or "unknown",
        outcome.problem.code,
        [{"path": f.path, "code": f.code} for f in outcome.fields],
        outcome.next_step or RETRY,
    )


def _summary(outcomes: list[Outcome]) -> answers.SyncSummary:
    counts = dict.fromkeys(("stored", "duplicate", "superseded", "rejected"), 0)
    for outcome in outcomes:
        counts[outcome.status] += 1
    return {
        "stored": counts["stored"],
        "duplicate": counts["duplicate"],
        "superseded": counts["superseded"],
        "rejected": counts["rejected"],
    }
