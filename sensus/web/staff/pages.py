"""What every staff page shares: rendering in the reader's language, who is signed in, the
form's CSRF token, one-time messages, and domain errors turned into pages.

A page handler is a plain function of a ``View`` run in the thread pool (the services are
synchronous), wrapped by ``route()``, which reads the posted form first, checks the role and
the CSRF token, and answers a ``SensusError`` with a page: a thing outside one's scope is a
404 exactly like a thing that does not exist.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from itsdangerous import BadSignature, URLSafeSerializer
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from sensus.domain import errors
from sensus.domain.staff import StaffMember
from sensus.services.container import Services
from sensus.services.reopening import HouseholdReopening
from sensus.services.review import InterviewReader
from sensus.services.staff import STAFF_COOKIE, token_hash
from sensus.web.i18n import LANGUAGES, format_day, format_moment, language_of
from sensus.web.staff.forms import Form, read_form

PREFIX = "/petugas"
SIGN_IN = f"{PREFIX}/masuk"
OFFICER_APP = f"{PREFIX}/lapangan"  # the officer's offline app (web/routes.py serves it)
SUPERVISOR_HOME = f"{PREFIX}/pengawas"
ADMIN_HOME = f"{PREFIX}/admin"
CSRF_COOKIE = "sensus_staff_csrf"  # the sign-in form's token, before there is a session
FLASH_COOKIE = "sensus_staff_flash"
# Templates and catalogs of their own, apart from the respondent's pages: those are part of
# the respondent's offline release (release.py), which a staff page's change must not renew.
HERE = Path(__file__).parent
TEMPLATES, LOCALES = HERE / "html", HERE / "locales"
DOMAIN = "staff"  # the catalogs locales/<lang>/LC_MESSAGES/staff.po

STATUS = {
    errors.Kind.INVALID: 422,
    errors.Kind.UNAUTHENTICATED: 401,
    errors.Kind.FORBIDDEN: 403,
    errors.Kind.NOT_FOUND: 404,
    errors.Kind.CONFLICT: 409,
    errors.Kind.LOCKED: 429,
    errors.Kind.CLOSED: 403,
}
HEADERS = {
    # Staff pages show names and NIKs: never kept by a shared browser or a proxy. (The
    # security headers every response carries are added in one place: sensus.api.security.)
    "Cache-Control": "no-store",
}

Handler = Callable[["View"], Response]


class PageExit(Exception):
    """Stop handling the request and answer ``response`` (a redirect, a refusal)."""

    def __init__(self, response: Response) -> None:
        super().__init__()
        self.response = response


def load_translations(lang: str, locales: Path = LOCALES) -> Translations:
    with (locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def moment(value: datetime | str | None, lang: str, place: str | None = None) -> str:
    """A time in the zone of region ``place`` (WIB without one), the zone named, from a
    datetime or an ISO 8601 text; "" for None."""
    if value is None:
        return ""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return format_moment(when, lang, place)


class StaffPages:
    """Built once at startup: the services, the template environments, the signers."""

    def __init__(
        self,
        services: Services,
        static_url: Callable[[str], str],
        locales: Path = LOCALES,
        templates: Path = TEMPLATES,
    ) -> None:
        self.services = services
        self.static_url = static_url
        # What only the pages need, besides what the API uses (services.field).
        field = services.field
        self.reader = InterviewReader(services.database, services.questionnaire, field.supervision)
        self.reopening = HouseholdReopening(services.self_response)
        self.environments = {
            lang: self._environment(lang, locales, templates) for lang in LANGUAGES
        }
        secret = services.settings.secret_key.encode()
        self._csrf_key = hmac.new(secret, b"sensus staff csrf", hashlib.sha256).digest()
        self.flash_signer = URLSafeSerializer(services.settings.secret_key, salt="staff-flash")

    def _environment(self, lang: str, locales: Path, templates: Path) -> Environment:
        env = Environment(
            loader=FileSystemLoader(templates),
            autoescape=select_autoescape(["html"]),
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.install_gettext_translations(load_translations(lang, locales), newstyle=True)  # type: ignore[attr-defined]

        # A page names the place whose clock it keeps (``zone_place``: a region code): the
        # household's village, or the areas of the supervisor's officers (View.render).
        @pass_context
        def moment_filter(context: Context, value: datetime | str | None) -> str:
            return moment(value, lang, context.get("zone_place"))

        env.filters["moment"] = moment_filter
        env.filters["day"] = lambda value: format_day(value, lang)
        return env

    def session_csrf(self, session_token: str) -> str:
        """The CSRF token of a session: the same on every form of it, useless for any other."""
        digest = hmac.new(self._csrf_key, token_hash(session_token).encode(), hashlib.sha256)
        return digest.hexdigest()


class View:
    """One request to a staff page: who asks, in which language, with which form."""

    def __init__(self, pages: StaffPages, request: Request, form: Form) -> None:
        self.pages = pages
        self.request = request
        self.form = form
        self.services = pages.services
        self.lang = language_of(request)
        self.token = request.cookies.get(STAFF_COOKIE)
        self.member = self.services.field.staff.member_for_token(self.token)

    # -- who -------------------------------------------------------------------------------

    def require(self, roles: Sequence[str]) -> StaffMember:
        """The signed-in member, if their role is one of ``roles``."""
        if self.member is None:
            flash = "session_ended" if self.token else None
            raise PageExit(self.redirect(SIGN_IN, flash))
        if self.member.role not in roles:
            raise errors.SensusError(errors.ROLE_NOT_ALLOWED)
        return self.member

    @property
    def signed_in(self) -> StaffMember:
        if self.member is None:  # route() required a role before the handler ran
            raise errors.SensusError(errors.STAFF_NOT_SIGNED_IN)
        return self.member

    # -- CSRF ------------------------------------------------------------------------------

    @property
    def csrf(self) -> str:
        """The token every form of this page carries."""
        if self.member is not None and self.token:
            return self.pages.session_csrf(self.token)
        return self.request.cookies.get(CSRF_COOKIE, "")

    def check_csrf(self) -> None:
        expected, given = self.csrf, self.form.get("csrf")
        if not expected or not hmac.compare_digest(expected.encode(), given.encode()):
            raise PageExit(self.render("error.html", status=403, problem="csrf"))

    # -- answers ---------------------------------------------------------------------------

    def render(self, template: str, status: int = 200, **context: Any) -> Response:
        flashes = self._flashes()
        values = {
            "lang": self.lang,
            # Where the language switch comes back to: a page answering a POST names its
            # form's page (``path=...``), since the POST's own address has no page to GET.
            "path": self.request.url.path if self.request.method == "GET" else PREFIX,
            "static": self.pages.static_url,
            "member": self.member,
            "csrf": self.csrf,
            "flashes": flashes,
            "zone_place": self.zone_place,
        }
        template_ = self.pages.environments[self.lang].get_template(template)
        html = template_.render({**values, **context})
        response = HTMLResponse(html, status_code=status, headers=HEADERS)
        if flashes:
            response.delete_cookie(FLASH_COOKIE, path=PREFIX)
        return response

    @property
    def zone_place(self) -> str | None:
        """Where this member works (an area's code), whose zone the times are shown in."""
        if self.member is None:
            return None
        return self.services.field.supervision.home_place(self.member)

    def redirect(self, path: str, flash: str | None = None, **detail: Any) -> Response:
        """303 to ``path`` (Post/Redirect/Get), with a message to show there once."""
        response = RedirectResponse(path, status_code=303, headers=HEADERS)
        if flash is not None:
            value = self.pages.flash_signer.dumps([{"code": flash, **detail}])
            self._cookie(response, FLASH_COOKIE, value, max_age=120)
        return response

    def error(self, error: errors.SensusError) -> Response:
        problem = error.problem
        if problem.kind is errors.Kind.UNAUTHENTICATED:
            return self.redirect(SIGN_IN, "session_ended")
        message = problem.en if self.lang == "en" else problem.id
        return self.render(
            "error.html",
            status=STATUS.get(problem.kind, 400),
            problem=problem.code,
            message=message,
            fields=[f.en if self.lang == "en" else f.id for f in error.fields],
        )

    def set_session_cookie(self, response: Response, token: str) -> None:
        days = self.services.settings.staff_session_days
        self._cookie(response, STAFF_COOKIE, token, max_age=days * 24 * 3600, path="/")

    def sign_in_token(self) -> str:
        """The sign-in form's token: the browser's, or a new one (see ``keep_sign_in_token``)."""
        return self.request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)

    def keep_sign_in_token(self, response: Response, token: str) -> None:
        """Give the browser the cookie that the sign-in form's token must match."""
        self._cookie(response, CSRF_COOKIE, token, max_age=3600)

    def _cookie(
        self, response: Response, name: str, value: str, max_age: int, path: str = PREFIX
    ) -> None:
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            path=path,
            httponly=True,
            samesite="strict",
            secure=self.services.settings.secure_cookies,
        )

    def _flashes(self) -> list[dict[str, Any]]:
        raw = self.request.cookies.get(FLASH_COOKIE)
        if not raw:
            return []
        try:
            loaded = self.pages.flash_signer.loads(raw)
        except BadSignature:
            return []
        return [f for f in loaded if isinstance(f, dict)] if isinstance(loaded, list) else []


def route(
    path: str,
    handler: Handler,
    *,
    roles: Sequence[str] | None,
    methods: Sequence[str] = ("GET",),
    csrf: bool = True,
) -> Route:
    """A page at ``path``: ``roles`` None for anyone; a POST checks the CSRF token unless
    ``csrf`` is False (the handler then checks what it needs itself)."""

    def run(request: Request, form: Form) -> Response:
        pages: StaffPages = request.app.state.staff_pages
        view = View(pages, request, form)
        try:
            if roles is not None:
                view.require(roles)
            if request.method == "POST" and csrf:
                view.check_csrf()
            return handler(view)
        except PageExit as exit_:
            return exit_.response
        except errors.SensusError as error:
            return view.error(error)

    async def endpoint(request: Request) -> Response:
        form = await read_form(request)
        return await run_in_threadpool(run, request, form)

    return Route(path, endpoint, methods=list(methods))


def path_int(view: View, name: str) -> int:
    """An integer id from the path; anything else is a page that does not exist."""
    value = str(view.request.path_params.get(name, ""))
    if not value.isdigit() or len(value) > 12:
        raise errors.SensusError(errors.NOT_FOUND)
    return int(value)
