"""The states of an assignment and of an interview's review, and the moves between them. Pure.

An assignment is ``open`` when made, ``visited`` after a visit that did not close it,
``completed`` after an interview or a closing visit, and ``removed`` when the household
answered online, was struck off the list or its area went to another officer. It only moves
forward, except that an interview a supervisor returns puts its assignment back among the
unfinished ones. An interview's review is ``pending`` until a supervisor approves or returns
it, once. Storage writes the moves made here (ADR 0008).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sensus.domain.field_records import CLOSING_OUTCOMES


class AssignmentStatus(StrEnum):
    OPEN = "open"
    VISITED = "visited"
    COMPLETED = "completed"
    REMOVED = "removed"


class RemovedReason(StrEnum):
    SELF_RESPONDED = "self_responded"
    STRUCK = "struck"
    REASSIGNED = "reassigned"


class ReviewStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    RETURNED = "returned"


UNFINISHED = (AssignmentStatus.OPEN, AssignmentStatus.VISITED)
REVIEW_STATUSES = tuple(ReviewStatus)


@dataclass(frozen=True)
class Move:
    """An assignment in one of ``sources`` goes to ``target``; in any other state it stays."""

    sources: tuple[AssignmentStatus, ...]
    target: AssignmentStatus

    def apply(self, status: AssignmentStatus) -> AssignmentStatus:
        return self.target if status in self.sources else status


def status_after_visit(outcome: str) -> AssignmentStatus:
    """The assignment's status after a visit with ``outcome`` (an interview completes it)."""
    if outcome in CLOSING_OUTCOMES:
        return AssignmentStatus.COMPLETED
    return AssignmentStatus.VISITED


def visit_move(outcome: str) -> Move:
    """A visit moves the assignment forward only: open -> visited -> completed."""
    target = status_after_visit(outcome)
    if target is AssignmentStatus.VISITED:
        return Move((AssignmentStatus.OPEN,), target)
    return Move(UNFINISHED, target)


# An interview completes the household's unfinished assignment.
INTERVIEWED = Move(UNFINISHED, AssignmentStatus.COMPLETED)
# Self-response, striking off and reassignment take an unfinished assignment off the list
# (a reassigned one is made again, in the same state, for the new officer).
REMOVAL = Move(UNFINISHED, AssignmentStatus.REMOVED)
# A returned interview's assignment counts as outstanding until the corrected one arrives.
RETURNED = Move((AssignmentStatus.COMPLETED,), AssignmentStatus.VISITED)


def review_move(decision: ReviewStatus) -> Move | None:
    """What a review decision does to the interview's assignment (None: nothing)."""
    return RETURNED if decision is ReviewStatus.RETURNED else None


def may_review(current: ReviewStatus) -> bool:
    """A review is decided once: only a pending interview may be approved or returned."""
    return current is ReviewStatus.PENDING
