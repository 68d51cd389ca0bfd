"""Administrators: staff accounts and their sessions, areas and their officers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, StringConstraints

from sensus.api.deps import ServicesDep
from sensus.api.documented import STAFF, WRITE, problems
from sensus.api.staff_auth import StaffDep
from sensus.domain.staff import StaffRow
from sensus.services import answers

router = APIRouter(prefix="/admin", tags=["admin"], responses=STAFF)

Username = Annotated[str, StringConstraints(max_length=40)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewStaffBody(Strict):
    username: Username
    full_name: Annotated[str, StringConstraints(max_length=200)]
    role: Annotated[str, StringConstraints(max_length=20)]
    supervisor: Username | None = None
    password: Annotated[str, StringConstraints(max_length=256)] | None = None


class OfficerBody(Strict):
    username: Username


@router.post(
    "/staff",
    status_code=201,
    response_model=answers.NewAccount,
    responses={**WRITE, **problems(409)},
)
def create_staff(body: NewStaffBody, staff: StaffDep, services: ServicesDep) -> JSONResponse:
    """Create an account; the answer carries the password made for it if none was given."""
    row = StaffRow(
        body.username.strip().lower(),
        body.full_name.strip(),
        body.role.strip().lower(),
        (body.supervisor or "").strip().lower() or None,
        body.password,
    )
    created, generated = services.field.staff.create(staff, row)
    answer = {**created.as_dict(), "generated_password": generated}
    return JSONResponse(answer, status_code=201, headers={"Cache-Control": "no-store"})


@router.get("/staff", response_model=list[answers.Account])
def list_staff(staff: StaffDep, services: ServicesDep) -> list[dict[str, Any]]:
    """Every account, with its supervisor, state and last sync."""
    return services.field.staff.accounts(staff)


# Accounts are named by their id in paths: usernames are people's names often enough.


@router.post("/staff/{staff_id}/deactivate", status_code=204, responses={**WRITE, **problems(404)})
def deactivate(staff_id: int, staff: StaffDep, services: ServicesDep) -> None:
    """Close an account: no more sign-ins, every session ended."""
    services.field.staff.deactivate(staff, staff_id)


@router.get(
    "/staff/{staff_id}/sessions",
    response_model=list[answers.AccountSession],
    responses=problems(404, 422),
)
def sessions(staff_id: int, staff: StaffDep, services: ServicesDep) -> list[dict[str, Any]]:
    """The account's device sessions, current and ended."""
    return services.field.staff.sessions(staff, staff_id)


@router.delete(
    "/staff/{staff_id}/sessions", response_model=answers.Ended, responses={**WRITE, **problems(404)}
)
def revoke_all(staff_id: int, staff: StaffDep, services: ServicesDep) -> answers.Ended:
    """End every session of the account."""
    return {"ended": services.field.staff.revoke(staff, staff_id)}


@router.delete(
    "/staff/{staff_id}/sessions/{session_id}",
    response_model=answers.Ended,
    responses={**WRITE, **problems(404)},
)
def revoke_one(
    staff_id: int, session_id: int, staff: StaffDep, services: ServicesDep
) -> answers.Ended:
    """End one session (a lost phone)."""
    return {"ended": services.field.staff.revoke(staff, staff_id, session_id)}


@router.get("/areas", response_model=list[answers.Area])
def areas(staff: StaffDep, services: ServicesDep) -> list[answers.Area]:
    """Every enumeration area with its officer."""
    return services.field.areas.listing(staff)


@router.post(
    "/areas/{code}/officer", response_model=answers.Moved, responses={**WRITE, **problems(404)}
)
def reassign(
    code: Annotated[str, StringConstraints(max_length=20)],
    body: OfficerBody,
    staff: StaffDep,
    services: ServicesDep,
) -> answers.Moved:
    """Give the area to another officer; its unfinished assignments move (audited)."""
    officer = services.field.staff.officer(body.username)
    return {"moved": services.field.areas.reassign(staff, code, officer)}


@router.post("/assignments", response_model=answers.AssignmentReport, responses=problems(403))
def assign(staff: StaffDep, services: ServicesDep) -> answers.AssignmentReport:
    """Make the assignments every area is due (as ``sensus interviews assign``)."""
    report = services.field.interviews.assign_all(staff)
    return {
        "areas": report.areas,
        "households_linked": report.households_linked,
        "assignments_made": report.assignments_made,
    }
