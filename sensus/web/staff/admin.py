"""The administrator's pages: staff accounts (list, create, import, deactivate, end sessions),
enumeration areas (list, import, reassign) and reopening a submitted self-response.

Accounts and areas are named by their database id in paths, never by username or name. An
import's report is the answer to its POST rather than a redirect: it may be long and carries
the passwords made for new accounts, shown once; posting the same file again changes nothing.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from sensus.domain import errors
from sensus.domain.errors import FieldError
from sensus.domain.staff import ADMIN, OFFICER, ROLES, SUPERVISOR, StaffRow
from sensus.services.extract import ExtractError
from sensus.web.staff.pages import ADMIN_HOME, View, path_int, route

STAFF = f"{ADMIN_HOME}/staf"
AREAS = f"{ADMIN_HOME}/wilayah"
REOPEN = f"{ADMIN_HOME}/buka-kembali"
# Uploads may be larger than other requests (app.py gives these paths their own limit).
UPLOADS = (f"{STAFF}/impor", f"{AREAS}/impor")
UPLOAD_BYTES = 4 * 1024 * 1024


def account_path(staff_id: int) -> str:
    return f"{STAFF}/{staff_id}"


def area_path(area_id: int) -> str:
    return f"{AREAS}/{area_id}"


def dashboard(view: View) -> Response:
    member = view.signed_in
    accounts = view.services.field.staff.accounts(member)
    areas = view.services.field.areas.listing(member)
    return view.render(
        "admin/dashboard.html",
        accounts=len(accounts),
        active=sum(1 for a in accounts if a["active"]),
        areas=len(areas),
        without_officer=sum(1 for a in areas if a["officer"] is None),
    )


# -- staff accounts ----------------------------------------------------------------------


def staff_list(view: View, status: int = 200, **context: Any) -> Response:
    accounts = view.services.field.staff.accounts(view.signed_in)
    supervisors = [a for a in accounts if a["role"] == SUPERVISOR and a["active"]]
    context.setdefault("values", {})
    return view.render(
        "admin/staff.html",
        status=status,
        path=STAFF,
        accounts=accounts,
        supervisors=supervisors,
        roles=ROLES,
        errors=context.pop("errors", {}),
        max_upload_mb=UPLOAD_BYTES // (1024 * 1024),
        **context,
    )


def create_staff(view: View) -> Response:
    form = view.form
    values = {name: form.get(name).strip() for name in ("username", "full_name", "role")}
    values["supervisor"] = form.get("supervisor").strip().lower()
    row = StaffRow(
        values["username"].lower(),
        values["full_name"],
        values["role"].lower(),
        values["supervisor"] if values["role"] == OFFICER else None,
        form.get("password") or None,
    )
    try:
        created, generated = view.services.field.staff.create(view.signed_in, row)
    except errors.SensusError as error:
        if error.problem is errors.USERNAME_TAKEN:
            return staff_list(view, 422, values=values, errors=_messages(view, error, "username"))
        if error.problem is errors.VALIDATION_FAILED:
            return staff_list(view, 422, values=values, errors=_messages(view, error))
        raise
    return view.redirect(account_path(created.id), "created", password=generated)


def import_staff(view: View) -> Response:
    data = view.form.files.get("file", b"")
    if not data:
        return staff_list(view, 422, errors={"file": _no_file(view)})
    try:
        report = view.services.field.staff.import_csv(view.signed_in, data)
    except ExtractError as error:
        return staff_list(view, 422, errors={"file": error.en if view.lang == "en" else error.id})
    return view.render(
        "admin/staff_import.html", path=STAFF, report=report, problems=_lines(view, report)
    )


def account(view: View, status: int = 200, **context: Any) -> Response:
    member = view.signed_in
    staff_id = path_int(view, "staff_id")
    found = [a for a in view.services.field.staff.accounts(member) if a["id"] == staff_id]
    if not found:
        raise errors.SensusError(errors.NOT_FOUND)
    sessions = sorted(
        view.services.field.staff.sessions(member, staff_id),
        key=lambda s: s["created_at"] or "",
        reverse=True,
    )
    sessions.sort(key=lambda s: not s["current"])  # current ones first, newest first
    return view.render(
        "admin/account.html",
        status=status,
        path=account_path(staff_id),
        account=found[0],
        sessions=sessions,
        **context,
    )


def deactivate(view: View) -> Response:
    staff_id = path_int(view, "staff_id")
    if view.form.get("confirm") != "yes":
        return account(view, 422, confirm_missing=True)
    view.services.field.staff.deactivate(view.signed_in, staff_id)
    return view.redirect(account_path(staff_id), "deactivated")


def end_sessions(view: View) -> Response:
    staff_id = path_int(view, "staff_id")
    ended = view.services.field.staff.revoke(view.signed_in, staff_id)
    return view.redirect(account_path(staff_id), "sessions_ended", count=ended)


def end_session(view: View) -> Response:
    staff_id, session_id = path_int(view, "staff_id"), path_int(view, "session_id")
    ended = view.services.field.staff.revoke(view.signed_in, staff_id, session_id)
    return view.redirect(account_path(staff_id), "sessions_ended", count=ended)


# -- enumeration areas -------------------------------------------------------------------


def areas(view: View, status: int = 200, **context: Any) -> Response:
    listing = view.services.field.areas.listing(view.signed_in)
    return view.render(
        "admin/areas.html",
        status=status,
        path=AREAS,
        areas=listing,
        errors=context.pop("errors", {}),
        max_upload_mb=UPLOAD_BYTES // (1024 * 1024),
        **context,
    )


def import_areas(view: View) -> Response:
    data = view.form.files.get("file", b"")
    if not data:
        return areas(view, 422, errors={"file": _no_file(view)})
    try:
        report = view.services.field.areas.import_csv(view.signed_in, data)
    except ExtractError as error:
        return areas(view, 422, errors={"file": error.en if view.lang == "en" else error.id})
    return view.render(
        "admin/areas_import.html", path=AREAS, report=report, problems=_lines(view, report)
    )


def area(view: View, status: int = 200, **context: Any) -> Response:
    member = view.signed_in
    area_id = path_int(view, "area_id")
    found = [a for a in view.services.field.areas.listing(member) if a["id"] == area_id]
    if not found:
        raise errors.SensusError(errors.NOT_FOUND)
    officers = [
        a
        for a in view.services.field.staff.accounts(member)
        if a["role"] == OFFICER and a["active"]
    ]
    return view.render(
        "admin/area.html",
        status=status,
        path=area_path(area_id),
        area=found[0],
        officers=officers,
        errors=context.pop("errors", {}),
        **context,
    )


def reassign(view: View) -> Response:
    area_id = path_int(view, "area_id")
    member = view.signed_in
    found = [a for a in view.services.field.areas.listing(member) if a["id"] == area_id]
    if not found:
        raise errors.SensusError(errors.NOT_FOUND)
    try:
        officer = view.services.field.staff.officer(view.form.get("officer"))
        moved = view.services.field.areas.reassign(member, found[0]["code"], officer)
    except errors.SensusError as error:
        if error.problem is errors.UNKNOWN_OFFICER:
            return area(view, 422, errors=_messages(view, error, "officer"))
        raise
    return view.redirect(area_path(area_id), "reassigned", count=moved, officer=officer.username)


# -- reopening a self-response -----------------------------------------------------------


def reopen_page(view: View, status: int = 200, **context: Any) -> Response:
    context.setdefault("values", {})
    return view.render(
        "admin/reopen.html",
        status=status,
        path=REOPEN,
        errors=context.pop("errors", {}),
        **context,
    )


def reopen(view: View) -> Response:
    values = {"kk": view.form.get("kk").strip(), "reason": view.form.get("reason")}
    try:
        masked = view.pages.reopening.reopen(view.signed_in, values["kk"], values["reason"])
    except errors.SensusError as error:
        if error.problem in (errors.NOT_FOUND, errors.NOT_SUBMITTED):
            return reopen_page(view, 422, values=values, errors=_messages(view, error, "kk"))
        if error.problem is errors.VALIDATION_FAILED:
            return reopen_page(view, 422, values=values, errors=_messages(view, error))
        raise
    return view.redirect(REOPEN, "reopened", kk=masked)


# -- helpers -----------------------------------------------------------------------------


def _messages(view: View, error: errors.SensusError, path: str = "") -> dict[str, str]:
    """Messages by field: the error's own fields, or the whole error at ``path``."""

    def text(f: FieldError) -> str:
        return f.en if view.lang == "en" else f.id

    if error.fields:
        return {f.path: text(f) for f in error.fields}
    problem = error.problem
    return {path: problem.en if view.lang == "en" else problem.id}


def _lines(view: View, report: Any) -> list[dict[str, Any]]:
    return [
        {"line": p.line, "field": p.error.path, "reason": p.reason(view.lang)}
        for p in report.problems
    ]


def _no_file(view: View) -> str:
    return "Choose a CSV file." if view.lang == "en" else "Pilih berkas CSV."


ROUTES: list[Route] = [
    route(ADMIN_HOME, dashboard, roles=(ADMIN,)),
    route(STAFF, staff_list, roles=(ADMIN,)),
    route(STAFF, create_staff, roles=(ADMIN,), methods=("POST",)),
    route(f"{STAFF}/impor", import_staff, roles=(ADMIN,), methods=("POST",)),
    route(f"{STAFF}/{{staff_id}}", account, roles=(ADMIN,)),
    route(f"{STAFF}/{{staff_id}}/nonaktifkan", deactivate, roles=(ADMIN,), methods=("POST",)),
    route(f"{STAFF}/{{staff_id}}/sesi/akhiri", end_sessions, roles=(ADMIN,), methods=("POST",)),
    route(
        f"{STAFF}/{{staff_id}}/sesi/{{session_id}}/akhiri",
        end_session,
        roles=(ADMIN,),
        methods=("POST",),
    ),
    route(AREAS, areas, roles=(ADMIN,)),
    route(f"{AREAS}/impor", import_areas, roles=(ADMIN,), methods=("POST",)),
    route(f"{AREAS}/{{area_id}}", area, roles=(ADMIN,)),
    route(f"{AREAS}/{{area_id}}/petugas", reassign, roles=(ADMIN,), methods=("POST",)),
    route(REOPEN, reopen_page, roles=(ADMIN,)),
    route(REOPEN, reopen, roles=(ADMIN,), methods=("POST",)),
]
