"""Census headquarters (supervisors for their own areas, administrators for everything)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sensus.api.deps import ServicesDep
from sensus.api.documented import STAFF, problems
from sensus.api.staff_auth import StaffDep
from sensus.services import answers
from sensus.services.headquarters import parse_day

router = APIRouter(prefix="/headquarters", tags=["headquarters"], responses=STAFF)
# A region unknown or outside the supervisor's areas is 404; a bad query is 422.
REFUSALS = problems(404, 422)

RegionQuery = Annotated[str, Query(max_length=10, pattern=r"^[0-9]*$")]


@router.get("/progress", response_model=answers.RegionProgress, responses=REFUSALS)
def progress(
    staff: StaffDep,
    services: ServicesDep,
    region: RegionQuery = "",
    sort: Annotated[str, Query(max_length=20)] = "code",
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
) -> answers.RegionProgress:
    """A region's children (the provinces without ``region``) with registry households,
    answered online, interviewed, outstanding and the response rate; the region's total."""
    report = services.headquarters.progress(staff, region, sort, order == "desc")
    return report.as_dict()


@router.get("/responses-per-day", response_model=answers.DailyAnswer, responses=REFUSALS)
def responses_per_day(
    staff: StaffDep,
    services: ServicesDep,
    region: RegionQuery = "",
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
) -> answers.DailyAnswer:
    """Households answered per day (UTC) by mode, daily and cumulative."""
    daily = services.headquarters.daily(staff, region, parse_day(since), parse_day(until))
    return daily.as_dict()


@router.get("/population", response_model=answers.PopulationAnswer, responses=REFUSALS)
def population(
    staff: StaffDep, services: ServicesDep, region: RegionQuery = ""
) -> answers.PopulationAnswer:
    """Persons counted by age group and sex, and per child region the registry against the
    count: persons counted, moved away, died, newly born and new members."""
    return services.population.population(staff, region).as_dict()
