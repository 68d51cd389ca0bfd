"""Supervision: progress, sync diagnostics, review of interviews, and precedence decisions.

A supervisor sees the officers they oversee (an administrator everybody): progress per
officer and per area (assigned, visited, completed, outstanding, revisits due), each
officer's last sync and the records refused with their reasons, and the interviews to
review. An interview is approved, or returned with a comment that reaches the officer's
device at its next sync. A supervisor may also make an interview the final record of a
household that answered online as well (the rule says otherwise by default; ADR 0008).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sensus.domain import errors
from sensus.domain.errors import FieldError
from sensus.domain.staff import ADMIN, OFFICER, SUPERVISOR, StaffMember, require_role
from sensus.domain.states import REVIEW_STATUSES, ReviewStatus, review_move
from sensus.services import answers, scope
from sensus.services.clock import Clock, iso
from sensus.storage import areas as area_store
from sensus.storage import audit as audit_store
from sensus.storage import staff as staff_store
from sensus.storage import supervision as store
from sensus.storage.database import Database

MAX_COMMENT = 1000
MAX_REASON = 500


@dataclass(frozen=True)
class Decision:
    final: str
    previous_final: str | None


class SupervisionService:
    """What supervisors (and administrators) see and decide."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    def now(self) -> datetime:
        return self._clock().astimezone(UTC)

    def progress(self, actor: StaffMember) -> answers.Progress:
        require_role(actor, SUPERVISOR, ADMIN)
        officers = self._officers(actor)
        areas = area_store.areas_of(self._db, [o.id for o in officers])
        now = self.now()
        per_officer = store.progress_by_officer(self._db, [o.id for o in officers], now)
        per_area = store.progress_by_area(self._db, [a.id for a in areas], now)
        total = store.Counts(
            *(
                sum(getattr(c, f) for c in per_officer.values())
                for f in store.Counts.__dataclass_fields__
            )
        )
        return {
            "generated_at": now.isoformat(),
            "total": _counts(total),
            "officers": [
                {
                    "username": o.username,
                    "full_name": o.full_name,
                    "last_sync_at": iso(o.last_sync_at),
                    **_counts(per_officer.get(o.id, store.Counts())),
                }
                for o in officers
            ],
            "areas": [
                {
                    "code": a.code,
                    "name": a.name,
                    "officer": a.officer_username,
                    **_counts(per_area.get(a.id, store.Counts())),
                }
                for a in areas
            ],
        }

    def sync_status(self, actor: StaffMember) -> answers.SyncStatus:
        """Per officer: the last sync that went through, and every record still refused."""
        require_role(actor, SUPERVISOR, ADMIN)
        officers = self._officers(actor)
        counts = store.sync_counts(self._db, [o.id for o in officers])
        return {
            "generated_at": self.now().isoformat(),
            "officers": [
                {
                    "username": o.username,
                    "full_name": o.full_name,
                    "last_sync_at": iso(o.last_sync_at),
                    "records": _record_counts(counts.get(o.id, {})),
                    "rejected": self._rejected(o.id),
                }
                for o in officers
            ],
        }

    def own_sync_status(self, officer: StaffMember) -> answers.OwnSyncStatus:
        """The same view, of one's own records (for the officer's device)."""
        require_role(officer, OFFICER)
        record = staff_store.staff_by_id(self._db, officer.id)
        return {
            "last_sync_at": iso(record.last_sync_at) if record else None,
            "rejected": self._rejected(officer.id),
        }

    def interviews(self, actor: StaffMember, status: str | None) -> list[answers.InterviewSummary]:
        require_role(actor, SUPERVISOR, ADMIN)
        if status is not None and status not in REVIEW_STATUSES:
            raise errors.invalid([_choice_error("status", REVIEW_STATUSES)])
        rows = store.interviews_of(self._db, scope.officer_ids(self._db, actor), status)
        return [_summary(row) for row in rows]

    def interview(self, actor: StaffMember, record_id: str) -> answers.InterviewAnswer:
        """One interview with its answers; the reading is audited (names and NIKs, UU 27/2022)."""
        row, payload = self._interview(actor, record_id)
        audit_store.record(
            self._db,
            self.now(),
            actor.audit_name,
            "interview_viewed",
            row.household_id,
            {"record_id": record_id},
        )
        records = store.household_records(self._db, row.household_id)
        return {
            **_summary(row),
            "document": json.loads(payload),
            "household_records": [
                {"record_id": r.submission_id, "mode": r.mode, "is_final": r.is_final}
                for r in records
            ],
        }

    def approve(self, actor: StaffMember, record_id: str) -> answers.InterviewSummary:
        return self._review(actor, record_id, ReviewStatus.APPROVED, "")

    def return_interview(
        self, actor: StaffMember, record_id: str, comment: str
    ) -> answers.InterviewSummary:
        """Send an interview back to its officer, with what to correct."""
        comment = comment.strip()
        if not comment or len(comment) > MAX_COMMENT:
            raise errors.invalid([_text_error("comment", MAX_COMMENT)])
        return self._review(actor, record_id, ReviewStatus.RETURNED, comment)

    def decide_final(
        self, actor: StaffMember, household_id: int, record_id: str, reason: str
    ) -> Decision:
        """Make one of a household's records its final one, for a stated reason (audited)."""
        require_role(actor, SUPERVISOR, ADMIN)
        reason = reason.strip()
        if not reason or len(reason) > MAX_REASON:
            raise errors.invalid([_text_error("reason", MAX_REASON)])
        placed = store.area_of_household(self._db, household_id)
        if placed is None or not scope.may_see(self._db, actor, placed[1]):
            raise errors.SensusError(errors.NOT_FOUND)
        records = {r.submission_id: r for r in store.household_records(self._db, household_id)}
        if record_id not in records:
            raise errors.SensusError(errors.INTERVIEW_NOT_FOUND)
        if records[record_id].review_status == ReviewStatus.RETURNED:
            # Sent back to be corrected: its correction, not it, is the household's interview.
            raise errors.invalid([_returned_error()])
        before = store.make_final(
            self._db, household_id, record_id, actor=actor.audit_name, reason=reason, now=self.now()
        )
        return Decision(record_id, before)

    def _review(
        self, actor: StaffMember, record_id: str, decision: ReviewStatus, comment: str
    ) -> answers.InterviewSummary:
        self._interview(actor, record_id)
        done = store.review(
            self._db,
            record_id,
            decision=decision,
            assignment_move=review_move(decision),
            comment=comment,
            reviewer_id=actor.id,
            actor=actor.audit_name,
            now=self.now(),
        )
        if not done:
            raise errors.SensusError(errors.ALREADY_REVIEWED)
        row, _ = self._interview(actor, record_id)
        return _summary(row)

    def _interview(self, actor: StaffMember, record_id: str) -> tuple[store.InterviewRow, str]:
        """The interview, if ``actor`` may see it; unknown and foreign ones alike are 404."""
        require_role(actor, SUPERVISOR, ADMIN)
        found = store.interview(self._db, record_id)
        if found is None or not scope.may_see(self._db, actor, found[0].officer_id):
            raise errors.SensusError(errors.INTERVIEW_NOT_FOUND)
        return found

    def home_place(self, actor: StaffMember) -> str | None:
        """The code of the first area of this member's work (their own, or their officers'
        for a supervisor): the province whose clock their pages keep. None for an
        administrator, whose pages are national (WIB, the census clock)."""
        if actor.role == ADMIN:
            return None
        ids = [actor.id] if actor.role == OFFICER else [o.id for o in self._officers(actor)]
        areas = area_store.areas_of(self._db, ids) if ids else []
        return areas[0].code if areas else None

    def _officers(self, actor: StaffMember) -> list[staff_store.StaffRecord]:
        if actor.role == ADMIN:
            return [s for s in staff_store.all_staff(self._db) if s.role == OFFICER]
        return [s for s in staff_store.staff_under(self._db, actor.id) if s.role == OFFICER]

    def _rejected(self, staff_id: int) -> list[answers.RejectedRecord]:
        rejected = store.rejected_records(self._db, staff_id)
        return [_rejected_record(r) for r in rejected]


def _counts(counts: store.Counts) -> answers.Counts:
    return {
        "assigned": counts.assigned,
        "visited": counts.visited,
        "completed": counts.completed,
        "outstanding": counts.assigned - counts.completed,
        "revisits_due": counts.revisits_due,
    }


def _record_counts(counts: dict[str, int]) -> answers.RecordCounts:
    return {
        "stored": counts.get("stored", 0),
        "superseded": counts.get("superseded", 0),
        "rejected": counts.get("rejected", 0),
    }


def _rejected_record(r: store.RejectedRecord) -> answers.RejectedRecord:
    return {
        "record_id": r.record_id,
        "kind": r.kind,
        "code": r.error_code,
        "fields": json.loads(r.error_fields or "[]"),
        "next": r.next_step,
        "attempts": r.attempts,
        "last_attempt_at": iso(r.received_at),
    }


def _summary(row: store.InterviewRow) -> answers.InterviewSummary:
    return {
        "record_id": row.submission_id,
        "household_id": row.household_id,
        "assignment_id": row.assignment_id,
        "officer": row.officer_username,
        "area_code": row.area_code,
        "received_at": iso(row.submitted_at),
        "recorded_at": iso(row.recorded_at),
        "review_status": row.review_status,
        "review_comment": row.review_comment,
        "reviewed_at": iso(row.reviewed_at),
        "is_final": row.is_final,
    }


def _text_error(path: str, limit: int) -> FieldError:
    return FieldError(
        path,
        "invalid_text",
        f"Wajib diisi, paling banyak {limit} karakter.",
        f"Required, at most {limit} characters.",
    )


def _returned_error() -> FieldError:
    return FieldError(
        "record_id",
        "returned_interview",
        "Wawancara ini dikembalikan untuk diperbaiki: tidak dapat dijadikan data final.",
        "This interview was returned to be corrected: it cannot be made final.",
    )


def _choice_error(path: str, allowed: tuple[str, ...]) -> FieldError:
    listing = ", ".join(allowed)
    return FieldError(
        path, "invalid_choice", f"Pilihan yang sah: {listing}.", f"One of: {listing}."
    )
