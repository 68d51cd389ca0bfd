"""Signing in and out, the language switch, and where each role starts.

Officers go to their offline app (served with the respondent's release, ``web/routes.py``),
supervisors and administrators to their dashboards.
The sign-in form has a CSRF token of its own (a cookie the form must match), since there is
no session yet to derive one from.
"""

from __future__ import annotations

import hmac
import math

from starlette.responses import Response
from starlette.routing import Route

from sensus.domain import errors
from sensus.domain.staff import ADMIN, OFFICER, SUPERVISOR
from sensus.services.staff import STAFF_COOKIE
from sensus.web.i18n import LANG_COOKIE, LANGUAGES
from sensus.web.staff.pages import (
    ADMIN_HOME,
    CSRF_COOKIE,
    OFFICER_APP,
    PREFIX,
    SIGN_IN,
    SUPERVISOR_HOME,
    View,
    route,
)

HOMES = {OFFICER: OFFICER_APP, SUPERVISOR: SUPERVISOR_HOME, ADMIN: ADMIN_HOME}
YEAR = 365 * 24 * 3600
# (what the user agent says, what the administrator's list of sessions says)
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
            ("Windows", "Windows"), ("Mac OS", "Mac"), ("CrOS", "ChromeOS"),
            ("Linux", "Linux"))  # fmt: skip
_BROWSERS = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
             ("Safari/", "Safari"))  # fmt: skip


def device_label(user_agent: str) -> str:
    """A short name for the device of a session ("Chrome, Android"), for the lost-phone list."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    return ", ".join(part for part in (browser, system) if part) or "browser"


def home(view: View) -> Response:
    member = view.member
    return view.redirect(HOMES[member.role] if member else SIGN_IN)


def sign_in_page(view: View) -> Response:
    if view.member is not None:
        return view.redirect(HOMES[view.member.role])
    return _form(view, status=200)


def sign_in(view: View) -> Response:
    if view.member is not None:
        return view.redirect(HOMES[view.member.role])
    expected = view.request.cookies.get(CSRF_COOKIE, "")
    username, password = view.form.get("username").strip(), view.form.get("password")
    if not expected or not hmac.compare_digest(expected.encode(), view.form.get("csrf").encode()):
        # An hour on the sign-in page, or a form posted from elsewhere: a fresh form.
        return _form(view, status=403, problem="expired", username=username)
    if not username or not password:
        return _form(view, status=422, problem="missing", username=username)
    label = device_label(view.request.headers.get("user-agent", ""))
    try:
        signed_in = view.services.field.staff.sign_in(username[:40], password[:256], label)
    except errors.SensusError as error:
        if error.problem is not errors.TOO_MANY_ATTEMPTS:
            return _form(view, 401, problem="wrong", username=username)
        wait = math.ceil((error.retry_after or 60) / 60)
        response = _form(view, 429, problem="locked", username=username, wait_minutes=wait)
        response.headers["Retry-After"] = str(error.retry_after or 60)
        return response
    response = view.redirect(HOMES[signed_in.member.role])
    view.set_session_cookie(response, signed_in.token)
    response.delete_cookie(CSRF_COOKIE, path=PREFIX)
    return response


def _form(
    view: View,
    status: int,
    problem: str | None = None,
    username: str = "",
    wait_minutes: int = 0,
) -> Response:
    token = view.sign_in_token()
    response = view.render(
        "signin.html",
        status=status,
        path=SIGN_IN,
        csrf=token,
        problem=problem,
        username=username,
        wait_minutes=wait_minutes,
    )
    view.keep_sign_in_token(response, token)
    return response


def sign_out(view: View) -> Response:
    """End the session on the server too; an ended session needs no token to clear."""
    if view.member is not None:
        view.check_csrf()
        view.services.field.staff.sign_out(view.token)
    response = view.redirect(SIGN_IN, "signed_out" if view.member else None)
    response.delete_cookie(STAFF_COOKIE, path="/")
    return response


def switch_language(view: View) -> Response:
    """Remember the language (the respondent's pages share the cookie) and go back."""
    lang, back = view.form.get("lang"), view.form.get("next")
    safe = back.startswith(PREFIX) and not back.startswith("//") and "\\" not in back
    response = view.redirect(back if safe else PREFIX)
    if lang in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE,
            lang,
            max_age=YEAR,
            samesite="lax",
            secure=view.services.settings.secure_cookies,
        )
    return response


ROUTES: list[Route] = [
    route(PREFIX, home, roles=None),
    route(SIGN_IN, sign_in_page, roles=None),
    route(SIGN_IN, sign_in, roles=None, methods=("POST",), csrf=False),
    route(f"{PREFIX}/keluar", sign_out, roles=None, methods=("POST",), csrf=False),
    # The language is a preference, not an act: no token, so it works on every page.
    route(f"{PREFIX}/bahasa", switch_language, roles=None, methods=("POST",), csrf=False),
    # OFFICER_APP, the officer's offline app, is a page of the offline release: web/routes.py.
]
