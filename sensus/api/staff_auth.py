"""The signed-in member of staff, for the routes of the interview round."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from sensus.api.deps import ServicesDep
from sensus.domain import errors
from sensus.domain.staff import StaffMember
from sensus.services.staff import STAFF_COOKIE


def signed_in_staff(request: Request, services: ServicesDep) -> StaffMember:
    """The member of staff of the session cookie; 401 when there is no current session."""
    token = request.cookies.get(STAFF_COOKIE)
    member = services.field.staff.member_for_token(token)
    if member is None:
        raise errors.SensusError(errors.STAFF_NOT_SIGNED_IN)
    return member


StaffDep = Annotated[StaffMember, Depends(signed_in_staff)]
