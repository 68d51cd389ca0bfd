"""Self-response: the household's record from registry pre-fill to a receipt.

A submission is stored exactly once: the client makes its ``submission_id``; a replay of the
same id and body answers with the original receipt, the same id with another body is refused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sensus.config import Settings
from sensus.domain import errors, receipts
from sensus.domain.draft_changes import apply_changes, check_conflicts, empty_document
from sensus.domain.identity import mask
from sensus.domain.questionnaire import Questionnaire, validate_draft
from sensus.domain.questionnaire.validate import validate_and_clean
from sensus.domain.roster import check_against_registry, registry_member_id, unknown_members
from sensus.services.answers import (
    Conflict,
    DraftAnswer,
    HouseholdAnswer,
    HouseholdDocument,
    HouseholdSummary,
    ReceiptAnswer,
    RegistryMember,
)
from sensus.services.clock import Clock
from sensus.services.prefill import prefill_member
from sensus.services.schedule import Schedule
from sensus.storage import households as store
from sensus.storage.database import Database

_RECEIPT_DRAWS = 5


@dataclass(frozen=True)
class Receipt:
    code: str
    display_code: str
    submitted_at: datetime
    kk_masked: str
    members_present: int

    def as_dict(self) -> ReceiptAnswer:
        return {
            "receipt_code": self.code,
            "display_code": self.display_code,
            "submitted_at": self.submitted_at.isoformat(),
            "kk_masked": self.kk_masked,
            "members_present": self.members_present,
        }


def household_ref(household_id: int) -> str:
    """Which household a device's stored work belongs to (docs/offline.md): not personal
    data, and stable for the household's life."""
    return f"h{household_id}"


@dataclass(frozen=True)
class HouseholdView:
    """What a signed-in household sees: registry pre-fill, its draft, its receipt."""

    id: int
    kk_masked: str
    address: str
    rt: str
    rw: str
    village_code: str
    source: str
    needs_verification: bool
    status: str
    registry_members: list[RegistryMember]
    draft: HouseholdDocument | None
    draft_version: int
    draft_conflicts: list[Conflict]
    receipt: Receipt | None

    def summary(self) -> HouseholdSummary:
        """The household without its members: what a sign-in answers."""
        return {
            "ref": household_ref(self.id),
            "kk_masked": self.kk_masked,
            "address": self.address,
            "rt": self.rt,
            "rw": self.rw,
            "village_code": self.village_code,
            "source": self.source,
            "needs_verification": self.needs_verification,
            "status": self.status,
        }

    def as_dict(self) -> HouseholdAnswer:
        return {
            "household": self.summary(),
            "registry_members": self.registry_members,
            "draft": self.draft,
            "draft_version": self.draft_version,
            "draft_conflicts": self.draft_conflicts,
            "receipt": self.receipt.as_dict() if self.receipt else None,
        }


@dataclass(frozen=True)
class SubmitOutcome:
    receipt: Receipt
    created: bool


class SelfResponseService:
    """The household's side of the census, after it has signed in."""

    def __init__(
        self,
        settings: Settings,
        database: Database,
        questionnaire: Questionnaire,
        clock: Clock,
    ) -> None:
        self._db = database
        self._questionnaire = questionnaire
        self._clock = clock
        self.schedule = Schedule.from_settings(settings)

    def view(self, household_id: int) -> HouseholdView:
        household = self._household(household_id)
        return HouseholdView(
            id=household.id,
            kk_masked=mask(household.kk),
            address=household.address,
            rt=household.rt,
            rw=household.rw,
            village_code=household.village_code,
            source=household.source,
            needs_verification=household.needs_verification,
            status=household.status,
            registry_members=[
                prefill_member(p) for p in store.registry_persons(self._db, household.id)
            ],
            draft=json.loads(household.draft) if household.draft else None,
            draft_version=household.draft_version,
            draft_conflicts=_conflicts_of(household),
            receipt=self.receipt(household.id),
        )

    def save_draft(self, household_id: int, version: int, document: dict[str, Any]) -> int:
        """Store a partial record; a stale ``version`` is refused with the current draft."""
        self.schedule.require_open(self._clock())
        problems = self._draft_problems(household_id, document)
        if problems:
            raise errors.invalid(problems)
        stored = store.save_draft(
            self._db,
            household_id,
            version,
            _canonical(document),
            self._clock(),
            change=_canonical({"document": document}),
        )
        if stored is None:
            raise self._draft_conflict(household_id)
        return stored

    def draft(self, household_id: int) -> DraftState:
        """The household's draft as the server holds it now: version, document, open conflicts."""
        household = self._household(household_id)
        if household.status == "submitted":
            raise self._already_submitted(household_id)
        return _draft_state(household)

    def patch_draft(
        self,
        household_id: int,
        base_version: int,
        changes: list[dict[str, Any]],
        questionnaire_version: str | None = None,
        conflicts: list[dict[str, Any]] | None = None,
    ) -> int:
        """Apply a device's changes to the draft it last saw (``base_version``), ADR 0010.

        A stale ``base_version`` is refused with the current draft, for the device to merge;
        a page made for another questionnaire version is told so before anything is applied.
        ``conflicts``, when given, replaces the draft's open conflicts (the device has merged
        the ones of ``base_version``); None leaves them as they are.
        """
        self.schedule.require_open(self._clock())
        if not changes and conflicts is None:
            raise errors.invalid([errors.field_error("changes", "too_short", *_NOTHING_TO_SAVE)])
        q = self._questionnaire
        if questionnaire_version is not None and questionnaire_version != q.version:
            raise errors.SensusError(
                errors.QUESTIONNAIRE_CHANGED, detail={"questionnaire_version": q.version}
            )
        household = self._household(household_id)
        if household.status == "submitted" or household.draft_version != base_version:
            raise self._draft_conflict(household_id)
        current = json.loads(household.draft) if household.draft else None
        base = current if isinstance(current, dict) else empty_document(q.id, q.version)
        document, problems = apply_changes(base, changes)
        # The draft now speaks the questionnaire it was checked against.
        document |= {"questionnaire_id": q.id, "questionnaire_version": q.version}
        problems = (
            problems
            or check_conflicts(conflicts or [])
            or self._draft_problems(household_id, document)
        )
        if problems:
            raise errors.invalid(problems)
        stored = store.save_draft(
            self._db,
            household_id,
            base_version,
            _canonical(document),
            self._clock(),
            change=_canonical({"changes": changes}),
            conflicts=None if conflicts is None else _canonical(conflicts),
        )
        if stored is None:  # another device saved in between
            raise self._draft_conflict(household_id)
        return stored

    def submit(
        self, household_id: int, submission_id: str, document: dict[str, Any]
    ) -> SubmitOutcome:
        """Store the household's record once and hand back its receipt.

        The replay check, the household and its registry members are read on one connection,
        the document is validated and cleaned in one pass, and the record is stored in one
        transaction; the receipt is made from what is in hand (ADR 0018).
        """
        payload_hash = hashlib.sha256(_canonical(document).encode()).hexdigest()
        context = store.submit_context(self._db, household_id, submission_id)
        if context.earlier is not None:
            return SubmitOutcome(self._replayed(context, household_id, payload_hash), False)
        self.schedule.require_open(self._clock())
        household = context.household
        if household is None:
            raise errors.SensusError(errors.NOT_FOUND)
        if household.status == "submitted":
            return self._replay_or_refuse(household_id, submission_id, payload_hash)
        registry_ids = {registry_member_id(person_id) for person_id in context.registry_ids}
        cleaned = self._validated(document, registry_ids, household.source)
        return self._store(household, submission_id, cleaned, payload_hash)

    def receipt(self, household_id: int) -> Receipt | None:
        # The household's own record: an interview may be the final one (interview round).
        record = store.receipt_submission(self._db, household_id)
        if record is None:
            return None
        return self._receipt(record)

    def reopen(self, kk: str, *, actor: str, reason: str) -> None:
        """Let a submitted household edit again (an administrator's decision, audited)."""
        household = store.household_by_kk(self._db, kk)
        if household is None:
            raise errors.SensusError(errors.NOT_FOUND)
        if not store.reopen(self._db, household.id, actor=actor, reason=reason, now=self._clock()):
            raise errors.SensusError(errors.NOT_SUBMITTED)

    def _validated(
        self, document: dict[str, Any], registry_ids: set[str], source: str
    ) -> dict[str, Any]:
        """The document cleaned of answers that do not apply, or the problems found in it."""
        q = self._questionnaire
        stated = (document.get("questionnaire_id"), document.get("questionnaire_version"))
        # Another questionnaire (the page is older than the server) is a conflict to reload
        # from; a missing or non-text identity is a wrong document, reported field by field.
        if all(isinstance(part, str) for part in stated) and stated != (q.id, q.version):
            raise errors.SensusError(
                errors.QUESTIONNAIRE_CHANGED, detail={"questionnaire_version": q.version}
            )
        problems, cleaned = validate_and_clean(q, document, self.schedule.census_date, source)
        problems += check_against_registry(document, registry_ids)
        if problems:
            raise errors.invalid(problems)
        return cleaned

    def _draft_problems(
        self, household_id: int, document: dict[str, Any]
    ) -> list[errors.FieldError]:
        """A draft's shape errors, and any member id of another family card (which the
        submission would refuse): a draft cannot hold another household's member either."""
        problems = validate_draft(self._questionnaire, document)
        return problems + unknown_members(document, self._registry_ids(household_id))

    def _registry_ids(self, household_id: int) -> set[str]:
        return {registry_member_id(p.id) for p in store.registry_persons(self._db, household_id)}

    def _store(
        self,
        household: store.HouseholdRecord,
        submission_id: str,
        cleaned: dict[str, Any],
        payload_hash: str,
    ) -> SubmitOutcome:
        payload = _canonical(cleaned)
        for _ in range(_RECEIPT_DRAWS):
            new = store.NewSubmission(
                household_id=household.id,
                submission_id=submission_id,
                receipt_code=receipts.new_receipt_code(),
                mode="self_response",
                questionnaire_id=self._questionnaire.id,
                questionnaire_version=self._questionnaire.version,
                payload=payload,
                payload_hash=payload_hash,
                submitted_at=self._clock(),
                actor="respondent",
            )
            try:
                outcome = store.store_submission(self._db, new)
            except store.ReceiptCodeTaken:
                continue
            if isinstance(outcome, store.HouseholdAlreadySubmitted):
                return self._replay_or_refuse(household.id, submission_id, payload_hash)
            if (
                outcome.submission.household_id != household.id
                or outcome.submission.payload_hash != payload_hash
            ):
                raise errors.SensusError(errors.SUBMISSION_ID_REUSED)
            receipt = self._receipt(outcome.submission, household.kk)
            return SubmitOutcome(receipt, isinstance(outcome, store.Stored))
        raise RuntimeError("could not draw an unused receipt code")  # 50 bits: not in practice

    def _replayed(
        self, context: store.SubmitContext, household_id: int, payload_hash: str
    ) -> Receipt:
        earlier = context.earlier
        assert earlier is not None
        if earlier.household_id != household_id or earlier.payload_hash != payload_hash:
            raise errors.SensusError(errors.SUBMISSION_ID_REUSED)
        return self._receipt(earlier, context.household.kk if context.household else None)

    def _replay(self, household_id: int, submission_id: str, payload_hash: str) -> Receipt | None:
        existing = store.submission_by_id(self._db, submission_id)
        if existing is None:
            return None
        if existing.household_id != household_id or existing.payload_hash != payload_hash:
            raise errors.SensusError(errors.SUBMISSION_ID_REUSED)
        return self._receipt(existing)

    def _receipt(self, record: store.SubmissionRecord, kk: str | None = None) -> Receipt:
        if kk is None:
            kk = self._household(record.household_id).kk
        payload = json.loads(record.payload)
        present = sum(
            1 for m in payload.get("members", []) if m.get("presence") in ("lives_here", "new")
        )
        submitted_at = record.submitted_at
        return Receipt(
            code=record.receipt_code,
            display_code=receipts.display(record.receipt_code),
            submitted_at=submitted_at,
            kk_masked=mask(kk),
            members_present=present,
        )

    def _household(self, household_id: int) -> store.HouseholdRecord:
        household = store.household_by_id(self._db, household_id)
        if household is None:
            raise errors.SensusError(errors.NOT_FOUND)
        return household

    def _draft_conflict(self, household_id: int) -> errors.SensusError:
        household = self._household(household_id)
        if household.status == "submitted":
            return self._already_submitted(household_id)
        state = _draft_state(household)
        return errors.SensusError(errors.STALE_DRAFT, detail=dict(state.as_dict()))

    def _replay_or_refuse(
        self, household_id: int, submission_id: str, payload_hash: str
    ) -> SubmitOutcome:
        """The household is submitted: by a copy of this very submission that got there
        first (a browser re-sending a POST, an outbox retrying), or by another one."""
        replay = self._replay(household_id, submission_id, payload_hash)
        if replay is not None:
            return SubmitOutcome(replay, created=False)
        raise self._already_submitted(household_id)

    def _already_submitted(self, household_id: int) -> errors.SensusError:
        receipt = self.receipt(household_id)
        return errors.SensusError(
            errors.ALREADY_SUBMITTED, detail={"receipt": receipt.as_dict() if receipt else None}
        )


_NOTHING_TO_SAVE = (
    "Tidak ada perubahan untuk disimpan.",
    "There is no change to save.",
)


@dataclass(frozen=True)
class DraftState:
    """A household's draft on the server: its version, document and open conflicts."""

    version: int
    document: HouseholdDocument | None
    conflicts: list[Conflict]

    def as_dict(self) -> DraftAnswer:
        return {"version": self.version, "document": self.document, "conflicts": self.conflicts}


def _draft_state(household: store.HouseholdRecord) -> DraftState:
    current = json.loads(household.draft) if household.draft else None
    return DraftState(household.draft_version, current, _conflicts_of(household))


def _conflicts_of(household: store.HouseholdRecord) -> list[Conflict]:
    return json.loads(household.draft_conflicts) if household.draft_conflicts else []


def _canonical(document: Any) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
