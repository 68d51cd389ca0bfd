"""Assignments and reviews: their states and the moves between them."""

from __future__ import annotations

import pytest

from sensus.domain.states import (
    INTERVIEWED,
    REMOVAL,
    AssignmentStatus,
    ReviewStatus,
    may_review,
    review_move,
    status_after_visit,
    visit_move,
)

OPEN, VISITED = AssignmentStatus.OPEN, AssignmentStatus.VISITED
COMPLETED, REMOVED = AssignmentStatus.COMPLETED, AssignmentStatus.REMOVED


def test_an_outcome_that_closes_the_visit_completes_the_assignment() -> None:
    assert status_after_visit("moved") == "completed"
    assert status_after_visit("dwelling_not_found") == "completed"
    assert status_after_visit("nobody_home") == "visited"
    assert status_after_visit("completed") == "visited"  # the interview completes it


@pytest.mark.parametrize(
    ("outcome", "before", "after"),
    [
        ("nobody_home", OPEN, VISITED),
        ("nobody_home", VISITED, VISITED),
        ("nobody_home", COMPLETED, COMPLETED),
        ("moved", OPEN, COMPLETED),
        ("moved", VISITED, COMPLETED),
        ("refused", REMOVED, REMOVED),
        ("vacant", REMOVED, REMOVED),
    ],
)
def test_a_visit_only_moves_an_assignment_forward(
    outcome: str, before: AssignmentStatus, after: AssignmentStatus
) -> None:
    assert visit_move(outcome).apply(before) is after


def test_an_interview_completes_an_unfinished_assignment_only() -> None:
    assert [INTERVIEWED.apply(s) for s in AssignmentStatus] == [
        COMPLETED,
        COMPLETED,
        COMPLETED,
        REMOVED,
    ]


def test_removal_takes_only_unfinished_assignments_off_the_list() -> None:
    assert [REMOVAL.apply(s) for s in AssignmentStatus] == [REMOVED, REMOVED, COMPLETED, REMOVED]


def test_a_returned_interview_reopens_its_completed_assignment() -> None:
    move = review_move(ReviewStatus.RETURNED)
    assert move is not None
    assert [move.apply(s) for s in AssignmentStatus] == [OPEN, VISITED, VISITED, REMOVED]


def test_an_approved_interview_leaves_its_assignment_alone() -> None:
    assert review_move(ReviewStatus.APPROVED) is None


def test_a_review_is_decided_once() -> None:
    assert may_review(ReviewStatus.PENDING)
    assert not may_review(ReviewStatus.APPROVED)
    assert not may_review(ReviewStatus.RETURNED)


def test_the_states_are_the_words_stored() -> None:
    assert [s.value for s in AssignmentStatus] == ["open", "visited", "completed", "removed"]
    assert [s.value for s in ReviewStatus] == ["pending", "approved", "returned"]
