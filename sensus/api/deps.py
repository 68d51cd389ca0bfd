"""Typed dependencies for routes: the services, and the signed-in household."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from sensus.domain import errors
from sensus.services.container import Services
from sensus.services.respondent_access import SESSION_COOKIE


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def signed_in_household(request: Request, services: ServicesDep) -> int:
    household_id = services.access.household_for_session(request.cookies.get(SESSION_COOKIE))
    if household_id is None:
        raise errors.SensusError(errors.NOT_SIGNED_IN)
    return household_id


HouseholdDep = Annotated[int, Depends(signed_in_household)]
