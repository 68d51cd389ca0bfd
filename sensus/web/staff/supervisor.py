"""The supervisor's pages (administrators see them too, for every officer): progress, sync
diagnostics, the interviews to review, one interview, approve, return, and which record of a
household is final. What one may see is decided by the services (``SupervisionService``):
another supervisor's officer or interview is "not found", as an unknown id is.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from sensus.domain import errors
from sensus.domain.staff import ADMIN, SUPERVISOR
from sensus.domain.states import REVIEW_STATUSES
from sensus.services.refusals import explain
from sensus.web.staff.pages import SUPERVISOR_HOME, View, path_int, route

ROLES = (SUPERVISOR, ADMIN)
SYNC = f"{SUPERVISOR_HOME}/sinkronisasi"
INTERVIEWS = f"{SUPERVISOR_HOME}/wawancara"
# An officer whose last sync is older than this is shown as needing a call.
STALE_SYNC_HOURS = 24


def interview_path(record_id: str) -> str:
    return f"{INTERVIEWS}/{record_id}"


def progress(view: View) -> Response:
    member = view.signed_in
    field = view.services.field
    report = field.supervision.progress(member)
    sync = field.supervision.sync_status(member)
    refused = {o["username"]: o["records"]["rejected"] for o in sync["officers"]}
    officers = {o["username"]: o for o in report["officers"]}
    return view.render(
        "supervisor/progress.html",
        report=report,
        officers=officers,
        refused=refused,
        pending=len(field.supervision.interviews(member, "pending")),
    )


def sync_status(view: View) -> Response:
    member = view.signed_in
    report = view.services.field.supervision.sync_status(member)
    now = view.services.clock()
    officers = [
        {
            **officer,
            "refusals": [
                explain(r, view.services.questionnaire, view.lang) for r in officer["rejected"]
            ],
            "stale": _stale(officer["last_sync_at"], now),
        }
        for officer in report["officers"]
    ]
    return view.render(
        "supervisor/sync.html", officers=officers, generated_at=report["generated_at"]
    )


def interviews(view: View) -> Response:
    status = view.request.query_params.get("status", "pending")
    chosen = status if status in REVIEW_STATUSES else None
    found = view.services.field.supervision.interviews(view.signed_in, chosen)
    found.reverse()  # newest first
    return view.render("supervisor/interviews.html", interviews=found, shown=chosen or "all")


def interview(view: View) -> Response:
    return _interview_page(view, _record_id(view, "record_id"))


def approve(view: View) -> Response:
    record_id = _record_id(view, "record_id")
    try:
        view.services.field.supervision.approve(view.signed_in, record_id)
    except errors.SensusError as error:
        if error.problem is errors.ALREADY_REVIEWED:
            return view.redirect(interview_path(record_id), "already_reviewed")
        raise
    return view.redirect(interview_path(record_id), "approved")


def return_interview(view: View) -> Response:
    record_id = _record_id(view, "record_id")
    comment = view.form.get("comment")
    try:
        view.services.field.supervision.return_interview(view.signed_in, record_id, comment)
    except errors.SensusError as error:
        if error.problem is errors.ALREADY_REVIEWED:
            return view.redirect(interview_path(record_id), "already_reviewed")
        if error.problem is errors.VALIDATION_FAILED:
            return _interview_page(view, record_id, 422, comment=comment, errors_=error.fields)
        raise
    return view.redirect(interview_path(record_id), "returned")


def decide_final(view: View) -> Response:
    """Make one record of the household final, for a reason (audited by the service)."""
    household_id = path_int(view, "household_id")
    back = _uuid(view.form.get("interview"))
    record_id, reason = view.form.get("record_id"), view.form.get("reason")
    try:
        view.services.field.supervision.decide_final(
            view.signed_in, household_id, _uuid(record_id), reason
        )
    except errors.SensusError as error:
        if error.problem is errors.VALIDATION_FAILED:
            return _interview_page(
                view, back, 422, reason=reason, final_record=record_id, errors_=error.fields
            )
        raise
    return view.redirect(interview_path(back), "final_decided")


def _interview_page(
    view: View,
    record_id: str,
    status: int = 200,
    errors_: list[errors.FieldError] | None = None,
    **context: Any,
) -> Response:
    reading = view.pages.reader.read(view.signed_in, record_id, view.lang)
    messages = {e.path: e.en if view.lang == "en" else e.id for e in errors_ or []}
    return view.render(
        "supervisor/interview.html",
        status=status,
        path=interview_path(record_id),
        reading=reading,
        errors=messages,
        zone_place=reading.household.village_code,
        **context,
    )


def _record_id(view: View, name: str) -> str:
    return _uuid(str(view.request.path_params.get(name, "")))


def _uuid(value: str) -> str:
    """A record id as the services know them (lower-case UUID); anything else is not found."""
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        raise errors.SensusError(errors.INTERVIEW_NOT_FOUND) from None
    return str(parsed)


def _stale(last_sync_at: str | None, now: datetime) -> bool:
    if last_sync_at is None:
        return True
    return now - datetime.fromisoformat(last_sync_at) > timedelta(hours=STALE_SYNC_HOURS)


ROUTES: list[Route] = [
    route(SUPERVISOR_HOME, progress, roles=ROLES),
    route(SYNC, sync_status, roles=ROLES),
    route(INTERVIEWS, interviews, roles=ROLES),
    route(f"{INTERVIEWS}/{{record_id}}", interview, roles=ROLES),
    route(f"{INTERVIEWS}/{{record_id}}/setujui", approve, roles=ROLES, methods=("POST",)),
    route(
        f"{INTERVIEWS}/{{record_id}}/kembalikan", return_interview, roles=ROLES, methods=("POST",)
    ),
    route(
        f"{SUPERVISOR_HOME}/rumah-tangga/{{household_id}}/final",
        decide_final,
        roles=ROLES,
        methods=("POST",),
    ),
]
