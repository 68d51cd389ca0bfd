"""The officer's bundle: everything the device needs to work offline for days.

For each of the officer's areas, the SLS population list (registry households with their
online status, and for those that answered online a salted hash of the receipt code, so the
device can confirm a code shown at the door without signal); the officer's assignments with
the registry pre-fill of each household; the interviews a supervisor returned, with the
comment; the questionnaire's identity (the device fetches the questionnaire itself from
``GET /api/v1/questionnaire``). Format: docs/CONTRACTS.md, "Interview round API".

Downloading a bundle first makes the assignments the officer's areas are due (idempotent).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC

from sensus.domain.identity import mask
from sensus.domain.receipt_hashes import new_salt, receipt_hash
from sensus.domain.staff import OFFICER, StaffMember, require_role
from sensus.services import answers
from sensus.services.clock import Clock, iso
from sensus.services.interviews import InterviewRound
from sensus.services.prefill import prefill_member
from sensus.storage import areas as area_store
from sensus.storage import audit as audit_store
from sensus.storage import bundle as store
from sensus.storage.database import Database
from sensus.storage.households import RegistryPerson

HEAD = 1


class BundleService:
    """Builds an officer's bundle."""

    def __init__(self, database: Database, interviews: InterviewRound, clock: Clock) -> None:
        self._db = database
        self._round = interviews
        self._clock = clock

    def bundle(self, officer: StaffMember) -> answers.Bundle:
        require_role(officer, OFFICER)
        now = self._clock().astimezone(UTC)
        self._round.schedule.require_interviews_open(now)
        areas = area_store.areas_of(self._db, [officer.id])
        self._round.assign(areas)
        listed = store.listed_households(self._db, [a.id for a in areas])
        ids = [h.id for h in listed]
        people = store.persons_by_household(self._db, ids)
        assignments = store.officer_assignments(self._db, officer.id)
        salt = new_salt()
        q = self._round.questionnaire
        # The bundle carries the names and NIKs of whole areas: its download is audited.
        detail = {"areas": [a.code for a in areas], "households": len(ids)}
        audit_store.record(self._db, now, officer.audit_name, "bundle_downloaded", None, detail)
        return {
            "bundle_version": now.isoformat(),
            "officer": {"username": officer.username, "full_name": officer.full_name},
            "questionnaire": {"id": q.id, "version": q.version, "digest": q.digest},
            "census_date": self._round.schedule.census_date,
            "interview_window": self._round.schedule.interview.as_dict(now),
            "receipt_salt": salt,
            "areas": self._areas(areas, listed, people, assignments, salt),
            "assignments": [_assignment(a, people.get(a.household_id, [])) for a in assignments],
            "returned": [returned(r) for r in store.returned_interviews(self._db, officer.id)],
        }

    def _areas(
        self,
        areas: Sequence[area_store.AreaRecord],
        listed: Sequence[store.ListedHousehold],
        people: dict[int, list[RegistryPerson]],
        assignments: Sequence[store.AssignmentView],
        salt: str,
    ) -> list[answers.BundleArea]:
        ids = [h.id for h in listed]
        receipts = store.self_response_receipts(self._db, ids)
        checks = store.last_listing_results(self._db, ids)
        assigned = {a.household_id: a.id for a in assignments}
        by_area: dict[int, list[answers.ListedHousehold]] = {a.id: [] for a in areas}
        for h in listed:
            members = people.get(h.id, [])
            code = receipts.get(h.id)
            by_area[h.area_id].append(
                {
                    "household_id": h.id,
                    "kk_masked": mask(h.kk) if h.kk else None,
                    "head": next((p.name for p in members if p.relationship == HEAD), None),
                    "address": h.address,
                    "members": len(members),
                    "source": h.source,
                    "needs_verification": h.needs_verification,
                    "provisional_id": h.provisional_id,
                    "online_status": h.status,
                    "receipt_hash": receipt_hash(salt, h.id, code) if code else None,
                    "assignment_id": assigned.get(h.id),
                    "listing": checks.get(h.id),
                }
            )
        return [
            {
                "id": a.id,
                "code": a.code,
                "name": a.name,
                "village_code": a.village_code,
                "rt": a.rt,
                "rw": a.rw,
                "households": by_area[a.id],
            }
            for a in areas
        ]


def _assignment(a: store.AssignmentView, members: list[RegistryPerson]) -> answers.BundleAssignment:
    return {
        "assignment_id": a.id,
        "household_id": a.household_id,
        "area_id": a.area_id,
        "status": a.status,
        "last_outcome": a.last_outcome,
        "last_visit_at": iso(a.last_visit_at),
        "revisit_at": iso(a.revisit_at),
        "registry_members": [prefill_member(p) for p in members],
    }


def returned(r: store.ReturnedInterview) -> answers.Returned:
    """An interview the supervisor sent back, as the device gets it (bundle and sync)."""
    return {
        "record_id": r.submission_id,
        "assignment_id": r.assignment_id,
        "household_id": r.household_id,
        "comment": r.review_comment or "",
        "returned_at": iso(r.reviewed_at),
        "document": json.loads(r.payload),
    }
