"""Staff sign-in and sign-out, and who is signed in (officers, supervisors, administrators)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, StringConstraints

from sensus.api.deps import ServicesDep
from sensus.api.documented import WRITE, problems
from sensus.api.staff_auth import StaffDep
from sensus.services import answers
from sensus.services.staff import STAFF_COOKIE

router = APIRouter(prefix="/staff", tags=["staff"])


class SignInBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    device_label: Annotated[str, StringConstraints(max_length=80)] = ""


@router.post(
    "/session", response_model=answers.StaffSignedIn, responses={**WRITE, **problems(401, 429)}
)
def sign_in(body: SignInBody, response: Response, services: ServicesDep) -> dict[str, Any]:
    """Sign in; the session cookie ``sensus_staff`` lasts ``staff_session_days``."""
    signed_in = services.field.staff.sign_in(body.username, body.password, body.device_label)
    response.set_cookie(
        STAFF_COOKIE,
        signed_in.token,
        max_age=services.settings.staff_session_days * 24 * 3600,
        httponly=True,
        samesite="strict",
        secure=services.settings.secure_cookies,
        path="/",
    )
    return {**signed_in.member.as_dict(), "expires_at": signed_in.expires_at.isoformat()}


@router.delete("/session", status_code=204, responses=problems(403))
def sign_out(request: Request, response: Response, services: ServicesDep) -> None:
    """End this device's session, on the server too."""
    services.field.staff.sign_out(request.cookies.get(STAFF_COOKIE))
    response.delete_cookie(STAFF_COOKIE, path="/")


@router.get("/sessions", response_model=list[answers.OwnSession], responses=problems(401))
def own_sessions(
    request: Request, staff: StaffDep, services: ServicesDep
) -> list[dict[str, object]]:
    """The signed-in member's current sessions, one per device; ``this_device`` marks this one."""
    return services.field.staff.own_sessions(staff, request.cookies.get(STAFF_COOKIE))


@router.delete("/sessions/{session_id}", status_code=204, responses=problems(401, 403, 404, 422))
def end_own_session(session_id: int, staff: StaffDep, services: ServicesDep) -> None:
    """End one of the signed-in member's own sessions (a lost or shared phone)."""
    services.field.staff.end_own_session(staff, session_id)


@router.get("/me", response_model=answers.StaffMe, responses=problems(401))
def me(staff: StaffDep) -> dict[str, object]:
    """The signed-in member of staff."""
    return staff.as_dict()
