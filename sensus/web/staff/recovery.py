"""Recovery pages (ADR 0016): an officer or administrator who has the family card in hand
sets a household's password or hands over a one-time code; an administrator decides which
household a claimed KK belongs to.

The numbers travel in the form's body, never in a path; the code is the answer to the POST
(shown once, never stored in plain), like the passwords of an import.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from sensus.domain import errors
from sensus.domain.staff import ADMIN, OFFICER
from sensus.web.staff.pages import ADMIN_HOME, PREFIX, View, path_int, route

RECOVERY = f"{PREFIX}/pemulihan"
CLAIMS = f"{ADMIN_HOME}/klaim-kk"


def recovery_page(view: View, status: int = 200, **context: Any) -> Response:
    context.setdefault("values", {})
    return view.render(
        "recovery.html",
        status=status,
        path=RECOVERY,
        errors=context.pop("errors", {}),
        min_password_length=view.services.settings.min_password_length,
        code_hours=view.services.settings.recovery_code_hours,
        **context,
    )


def recover(view: View) -> Response:
    form = view.form
    values = {"kk": form.get("kk").strip(), "nik": form.get("nik").strip()}
    recovery = view.services.recovery
    try:
        if form.get("act") == "password":
            password = form.get("password")
            ended = recovery.reset_password(view.signed_in, values["kk"], values["nik"], password)
            return view.redirect(RECOVERY, "password_reset", count=ended)
        issued = recovery.issue_code(view.signed_in, values["kk"], values["nik"])
    except errors.SensusError as error:
        if error.problem in (errors.VALIDATION_FAILED, errors.HOUSEHOLD_NOT_FOUND):
            return recovery_page(view, 422, values=values, errors=_messages(view, error))
        raise
    return recovery_page(view, code=issued.code, expires=issued.expires_at)


def claims_page(view: View) -> Response:
    groups = view.services.recovery.claims(view.signed_in)
    return view.render("admin/claims.html", path=CLAIMS, groups=groups)


def confirm_family(view: View) -> Response:
    household_id = path_int(view, "household_id")
    try:
        done = view.services.recovery.confirm_family(view.signed_in, household_id)
    except errors.SensusError as error:
        if error.problem in (errors.NOT_A_CLAIM, errors.REGISTRY_HOLDS_KK):
            return view.redirect(CLAIMS, error.problem.code)
        raise
    return view.redirect(CLAIMS, "claim_resolved", count=done["sessions_ended"])


def _messages(view: View, error: errors.SensusError) -> dict[str, str]:
    if error.fields:
        return {f.path: f.en if view.lang == "en" else f.id for f in error.fields}
    problem = error.problem
    return {"kk": problem.en if view.lang == "en" else problem.id}


ROUTES: list[Route] = [
    route(RECOVERY, recovery_page, roles=(OFFICER, ADMIN)),
    route(RECOVERY, recover, roles=(OFFICER, ADMIN), methods=("POST",)),
    route(CLAIMS, claims_page, roles=(ADMIN,)),
    route(f"{CLAIMS}/{{household_id}}/keluarga", confirm_family, roles=(ADMIN,), methods=("POST",)),
]
