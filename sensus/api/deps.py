"""Typed dependencies for routes: the services, and the signed-in household."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from sensus.domain import errors
from sensus.services.container import Services
from sensus.services.respondent_access import SESSION_COOKIE

T = TypeVar("T")


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def signed_in_household(request: Request, services: ServicesDep) -> int:
    household_id = services.access.household_for_session(request.cookies.get(SESSION_COOKIE))
    if household_id is None:
        raise errors.SensusError(errors.NOT_SIGNED_IN)
    return household_id


async def in_thread_signed_in(request: Request, services: Services, work: Callable[[int], T]) -> T:
    """``work(household_id)`` for the signed-in household, the session check included, in
    one trip to the thread pool: the hot routes (submit, autosave) save the second trip a
    sync dependency and a sync route take (ADR 0018)."""
    return await run_in_threadpool(lambda: work(signed_in_household(request, services)))


HouseholdDep = Annotated[int, Depends(signed_in_household)]
