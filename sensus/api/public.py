"""Routes anyone may read: the schedule, the questionnaire, the region master."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from sensus.api.deps import ServicesDep
from sensus.api.documented import problems
from sensus.domain import errors, regions
from sensus.services import answers

router = APIRouter(tags=["public"])


@router.get("/schedule", response_model=answers.ScheduleAnswer)
def schedule(services: ServicesDep) -> answers.ScheduleAnswer:
    """The census reference date, the online self-response window and the interview round."""
    plan, now = services.self_response.schedule, services.clock()
    return {
        "census_date": plan.census_date,
        "self_response": {
            "opens": plan.opens.isoformat(),
            "closes": plan.closes.isoformat(),
            "state": plan.state(now),
        },
        "interview": plan.interview.as_dict(now),
    }


# Described, not re-serialized through the model: the release lists the SHA-256 of these
# very bytes (JSONResponse, as sensus.web.routes computes them), and the offline apps check it.
@router.get(
    "/questionnaire",
    response_model=None,
    responses={200: {"model": answers.QuestionnaireAnswer}, **problems(304)},
)
def questionnaire(request: Request, services: ServicesDep) -> Response:
    """The questionnaire for clients; ``ETag`` is its content digest."""
    digest = f'"{services.questionnaire.digest}"'
    if request.headers.get("if-none-match") == digest:
        return Response(status_code=304, headers={"ETag": digest})
    headers = {"ETag": digest, "Cache-Control": "no-cache"}
    return JSONResponse(jsonable_encoder(services.questionnaire.to_client()), headers=headers)


@router.get("/regions", response_model=list[answers.RegionChild], responses=problems(404, 422))
def region_children(
    parent: Annotated[str | None, Query(pattern=r"^\d{2}(\d{2}(\d{2})?)?$")] = None,
) -> list[answers.RegionChild]:
    """The regions directly under ``parent`` (provinces when it is omitted)."""
    if parent is not None and regions.get(parent) is None:
        raise errors.SensusError(errors.NOT_FOUND)
    return [{"code": r.code, "name": r.name, "level": r.level} for r in regions.children(parent)]


# 422 listed so that FastAPI lists not its own error format (a path of any text is valid).
@router.get("/regions/{code}", response_model=answers.RegionAnswer, responses=problems(404, 422))
def region(code: str) -> answers.RegionAnswer:
    """One region with its parent and its full path."""
    found = regions.get(code)
    if found is None:
        raise errors.SensusError(errors.NOT_FOUND)
    return {
        "code": found.code,
        "name": found.name,
        "level": found.level,
        "parent_code": found.parent_code,
        "path": regions.path(code),
    }
