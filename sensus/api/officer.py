"""The officer's device: the bundle of work to take offline, and the sync of what was done."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from sensus.api.deps import ServicesDep
from sensus.api.staff_auth import StaffDep
from sensus.services.sync import MAX_RECORDS

router = APIRouter(prefix="/officer", tags=["officer"])


class SyncBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The bundle_version of the device's bundle, or the synced_at of its last sync.
    since: AwareDatetime | None = None
    # Each record is read on its own, so one malformed record is reported, not the batch.
    records: Annotated[list[Any], Field(max_length=MAX_RECORDS)]


@router.get("/bundle")
def bundle(staff: StaffDep, services: ServicesDep, response: Response) -> dict[str, Any]:
    """Everything the device needs offline: areas, population lists, assignments."""
    response.headers["Cache-Control"] = "no-store"  # personal data: kept by the app only
    return services.field.bundle.bundle(staff)


@router.post("/sync")
def sync(
    body: SyncBody, staff: StaffDep, services: ServicesDep, response: Response
) -> dict[str, Any]:
    """Store a batch of records; answer record by record, and say what changed since."""
    response.headers["Cache-Control"] = "no-store"
    return services.field.sync.sync(staff, body.records, body.since)


@router.get("/sync-status")
def sync_status(staff: StaffDep, services: ServicesDep) -> dict[str, Any]:
    """The server's view of this officer's sync: last success and records still refused."""
    return services.field.supervision.own_sync_status(staff)
