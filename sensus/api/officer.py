"""The officer's device: the bundle of work to take offline, and the sync of what was done."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from sensus.api.deps import ServicesDep
from sensus.api.documented import STAFF, WRITE
from sensus.api.staff_auth import StaffDep
from sensus.domain import errors
from sensus.domain.moments import SINCE_YEARS, parse_moment
from sensus.services import answers
from sensus.services.sync import MAX_RECORDS

router = APIRouter(prefix="/officer", tags=["officer"], responses=STAFF)


class SyncBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The bundle_version of the device's bundle, or the synced_at of its last sync: ISO 8601
    # text with its offset, as the server gave it (a number is not a moment; see _since).
    since: (
        Annotated[str, Field(max_length=40, json_schema_extra={"format": "date-time"})] | None
    ) = None
    # Each record is read on its own, so one malformed record is reported, not the batch.
    records: Annotated[list[Any], Field(max_length=MAX_RECORDS)]


@router.get("/bundle", response_model=None, responses={200: {"model": answers.Bundle}})
def bundle(staff: StaffDep, services: ServicesDep, response: Response) -> answers.Bundle:
    """Everything the device needs offline: areas, population lists, assignments."""
    response.headers["Cache-Control"] = "no-store"  # personal data: kept by the app only
    return services.field.bundle.bundle(staff)


@router.post("/sync", response_model=None, responses={200: {"model": answers.SyncAnswer}, **WRITE})
def sync(
    body: SyncBody, staff: StaffDep, services: ServicesDep, response: Response
) -> dict[str, Any]:
    """Store a batch of records; answer record by record, and say what changed since."""
    response.headers["Cache-Control"] = "no-store"
    return services.field.sync.sync(staff, body.records, _since(body.since))


@router.get("/sync-status", response_model=answers.OwnSyncStatus)
def sync_status(staff: StaffDep, services: ServicesDep) -> answers.OwnSyncStatus:
    """The server's view of this officer's sync: last success and records still refused."""
    return services.field.supervision.own_sync_status(staff)


def _since(value: str | None) -> datetime | None:
    """The device's ``since`` in UTC; a value that is no moment of the census is a field
    error, never a server error (issue 8)."""
    if value is None:
        return None
    moment = parse_moment(value, SINCE_YEARS)
    if moment is None:
        raise errors.invalid([errors.field_error("since", "invalid_datetime", *_BAD_SINCE)])
    return moment


_BAD_SINCE = (
    "Harus berupa waktu ISO 8601 dengan zona waktu yang diberikan server.",
    "Must be an ISO 8601 time with its offset, as the server gave it.",
)
