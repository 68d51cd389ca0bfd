"""Health checks for load balancers and orchestrators; never shed (``sensus.api.shedding``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from sensus.api.deps import ServicesDep
from sensus.api.shedding import Load
from sensus.services import answers
from sensus.services.health import database_state, is_ready

# Operational endpoints, not the API: kept out of its OpenAPI description (/api/v1).
router = APIRouter(include_in_schema=False)
_NO_STORE = {"Cache-Control": "no-store"}


@router.get("/healthz")
async def healthz(request: Request) -> JSONResponse:
    """The process is alive: no database, no thread pool (it answers when both are stuck)."""
    load: Load = request.app.state.load
    door: Load = request.app.state.door
    pool = request.app.state.services.access.passwords
    # This instance's counters (each instance has its own budget: docs/OPERATIONS.md).
    body: answers.Health = {
        "status": "ok",
        "in_flight": load.in_flight,
        "max_in_flight": load.limit,
        "shed": load.shed,
        "timed_out": load.timed_out,
        # Sign-ins and registrations: their own admission and the hash pool (ADR 0013).
        "sign_ins": {
            "in_flight": door.in_flight,
            "max_in_flight": door.limit,
            "shed": door.shed,
            "timed_out": door.timed_out,
            "hashing": pool.running,
            "hash_workers": pool.workers,
        },
    }
    return JSONResponse(body, headers=_NO_STORE)


@router.get("/readyz")
def readyz(services: ServicesDep) -> JSONResponse:
    """Ready for traffic: the database answers and is migrated to head; 503 otherwise."""
    state = database_state(services.database)
    ready = is_ready(state)
    body: answers.Readiness = {"status": "ready" if ready else "not_ready", "database": state}
    return JSONResponse(body, status_code=200 if ready else 503, headers=_NO_STORE)
