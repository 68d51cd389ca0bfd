"""Recovery through the census's own people (ADR 0016): staff set a household's password or
hand over a one-time code; administrators decide the claims of a KK."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, StringConstraints

from sensus.api.deps import ServicesDep
from sensus.api.documented import STAFF, WRITE, problems
from sensus.api.staff_auth import StaffDep
from sensus.services import answers

router = APIRouter(tags=["recovery"], responses=STAFF)

# Checked by the service, field by field in both languages (a pattern here would answer in
# English alone); the bound keeps a request small.
Number = Annotated[str, StringConstraints(max_length=32)]
Password = Annotated[str, StringConstraints(max_length=256)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HouseholdBody(Strict):
    """The numbers of the family card the member of staff has seen."""

    kk: Number
    nik: Number


class NewPasswordBody(HouseholdBody):
    password: Password


@router.post(
    "/staff/recovery/reset",
    response_model=answers.PasswordReset,
    responses={**WRITE, **problems(404)},
)
def reset_password(
    body: NewPasswordBody, staff: StaffDep, services: ServicesDep
) -> answers.PasswordReset:
    """Set a household's password with the family (officer: own areas; administrator)."""
    ended = services.recovery.reset_password(staff, body.kk, body.nik, body.password)
    return {"sessions_ended": ended}


@router.post(
    "/staff/recovery/code",
    response_model=None,
    responses={200: {"model": answers.RecoveryCode}, **WRITE, **problems(404)},
)
def issue_code(body: HouseholdBody, staff: StaffDep, services: ServicesDep) -> JSONResponse:
    """A one-time code for the family to set its own password; shown once, never stored."""
    issued = services.recovery.issue_code(staff, body.kk, body.nik)
    answer = {"code": issued.code, "expires_at": issued.expires_at.isoformat()}
    return JSONResponse(answer, headers={"Cache-Control": "no-store"})


@router.get("/admin/claims", response_model=None, responses={200: {"model": list[answers.Claim]}})
def claims(staff: StaffDep, services: ServicesDep) -> JSONResponse:
    """Every KK that a registration claims, with the households holding or claiming it."""
    found = services.recovery.claims(staff)
    return JSONResponse(found, headers={"Cache-Control": "no-store"})


@router.post(
    "/admin/claims/{household_id}/confirm",
    response_model=answers.FamilyConfirmed,
    responses={**WRITE, **problems(404, 409)},
)
def confirm_family(
    household_id: int, staff: StaffDep, services: ServicesDep
) -> answers.FamilyConfirmed:
    """This household is the real family: it keeps the KK; the others lose it and their
    sessions end."""
    return services.recovery.confirm_family(staff, household_id)
