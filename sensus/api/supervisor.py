"""Supervisors (and administrators): progress, sync diagnostics, review, precedence."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, StringConstraints

from sensus.api.deps import ServicesDep
from sensus.api.documented import STAFF, WRITE, problems
from sensus.api.staff_auth import StaffDep
from sensus.services import answers

router = APIRouter(prefix="/supervisor", tags=["supervisor"], responses=STAFF)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReturnBody(Strict):
    comment: Annotated[str, StringConstraints(max_length=1000)]


class FinalBody(Strict):
    record_id: UUID
    reason: Annotated[str, StringConstraints(max_length=500)]


@router.get("/progress", response_model=answers.Progress)
def progress(staff: StaffDep, services: ServicesDep) -> answers.Progress:
    """Assigned, visited, completed, outstanding and revisits due, per officer and area."""
    return services.field.supervision.progress(staff)


@router.get("/sync-status", response_model=answers.SyncStatus)
def sync_status(staff: StaffDep, services: ServicesDep) -> answers.SyncStatus:
    """Per officer: the last sync that went through and the records still refused."""
    return services.field.supervision.sync_status(staff)


@router.get("/interviews", response_model=list[answers.InterviewSummary], responses=problems(422))
def interviews(
    staff: StaffDep,
    services: ServicesDep,
    status: Annotated[Literal["pending", "approved", "returned"] | None, Query()] = None,
) -> list[answers.InterviewSummary]:
    """The interviews of one's officers, optionally only those with this review status."""
    return services.field.supervision.interviews(staff, status)


@router.get(
    "/interviews/{record_id}", response_model=answers.InterviewAnswer, responses=problems(404, 422)
)
def interview(record_id: UUID, staff: StaffDep, services: ServicesDep) -> answers.InterviewAnswer:
    """One interview with its document and the household's other records."""
    return services.field.supervision.interview(staff, str(record_id))


@router.post(
    "/interviews/{record_id}/approve",
    response_model=answers.InterviewSummary,
    responses={**WRITE, **problems(404, 409)},
)
def approve(record_id: UUID, staff: StaffDep, services: ServicesDep) -> answers.InterviewSummary:
    """Approve a pending interview."""
    return services.field.supervision.approve(staff, str(record_id))


@router.post(
    "/interviews/{record_id}/return",
    response_model=answers.InterviewSummary,
    responses={**WRITE, **problems(404, 409)},
)
def return_interview(
    record_id: UUID, body: ReturnBody, staff: StaffDep, services: ServicesDep
) -> answers.InterviewSummary:
    """Send a pending interview back to its officer with a comment."""
    return services.field.supervision.return_interview(staff, str(record_id), body.comment)


@router.post(
    "/households/{household_id}/final",
    response_model=answers.FinalDecision,
    responses={**WRITE, **problems(404, 409)},
)
def decide_final(
    household_id: int, body: FinalBody, staff: StaffDep, services: ServicesDep
) -> answers.FinalDecision:
    """Make one of the household's records final (e.g. the interview over the
    self-response), with a reason; audited."""
    decision = services.field.supervision.decide_final(
        staff, household_id, str(body.record_id), body.reason
    )
    return {"final": decision.final, "previous_final": decision.previous_final}
