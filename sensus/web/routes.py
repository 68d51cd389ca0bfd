"""The respondent's pages: identification, registration, the household app and the receipt;
and the shell of the officer's app (``/petugas/lapangan``), which shares their release.

Pages are thin server-rendered shells; the answers travel through ``/api/v1`` in request
bodies and the session cookie, never in URLs (NIK, KK and names are personal data).

The identification page and the household app's shell carry no personal data, so the
service worker keeps them for offline use (``/shell/<name>?lang=``, the very bytes the live
pages have) with everything else of the release (``/release.json``, ``/sw.js``; see
``release.py`` and docs/offline.md).
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2.utils import htmlsafe_json_dumps

from sensus.config import WIB
from sensus.domain.messages import for_browser
from sensus.domain.receipts import qr_svg
from sensus.domain.staff import OFFICER
from sensus.services.container import Services
from sensus.services.respondent_access import SESSION_COOKIE
from sensus.services.self_response import HouseholdView
from sensus.services.staff import STAFF_COOKIE
from sensus.web.assets import StaticAssets
from sensus.web.client_strings import CLIENT_STRINGS
from sensus.web.i18n import (
    LANG_COOKIE,
    LANGUAGES,
    LOCALES,
    TEMPLATES,
    Catalogs,
    format_day,
    format_moment,
    language_of,
)
from sensus.web.officer_strings import OFFICER_STRINGS
from sensus.web.preload import imported_modules
from sensus.web.release import (
    SERVICE_WORKER_MODULE,
    SHELLS,
    Release,
    build_release,
    release_id,
    service_worker_script,
    tree_digest,
)

STATIC = Path(__file__).parent / "static"
IDENTIFY, REGISTER, HOUSEHOLD, RECEIPT = "/", "/daftar", "/rumah-tangga", "/tanda-terima"
RECOVER = "/lupa-kata-sandi"
OFFICER_APP, STAFF_SIGN_IN = SHELLS["officer"], "/petugas/masuk"
OFFICER_MODULE = "js/officer/app.js"
IDENTIFY_MODULE = "js/identify.js"
PAGES = (IDENTIFY, REGISTER, RECOVER, HOUSEHOLD, RECEIPT, OFFICER_APP)
# The strings each page's scripts get: the officer's app adds its own to the shared ones,
# and speaks to an officer where a shared module speaks to a respondent.
STRINGS = {"officer.html": {**CLIENT_STRINGS, **OFFICER_STRINGS}}
# The field error catalogue, rendered into every page beside its strings (i18n.js).
FIELD_MESSAGES = for_browser()
YEAR = 365 * 24 * 3600

router = APIRouter(include_in_schema=False)


class Pages:
    """What every page render needs, built once at startup."""

    def __init__(self, catalogs: Catalogs, static: Path = STATIC) -> None:
        self.catalogs = catalogs
        self.static_files = {
            p.relative_to(static).as_posix(): p.read_bytes()
            for p in static.rglob("*")
            if p.is_file()
        }
        # A content digest in the URL lets a new release reach phones that cached the old file.
        self.versions = {
            path: hashlib.sha256(data).hexdigest()[:10] for path, data in self.static_files.items()
        }
        # Modules import each other by plain URLs ("./api.js"); the import map gives every
        # one its digest too, so no module is ever revalidated or mixed across releases.
        self.import_map = {
            "imports": {
                f"/static/{path}": self.static_url(path)
                for path in sorted(self.static_files)
                if path.startswith("js/") and path.endswith(".js")
            }
        }
        # Rendered once: its hash is what lets the Content-Security-Policy allow this one
        # inline script of every page (``script_hashes``) and no other.
        self.import_map_html = htmlsafe_json_dumps(self.import_map, dumps=json.dumps)
        # The field error catalogue is part of every page, so part of the release too.
        catalogue = hashlib.sha256(json.dumps(FIELD_MESSAGES, sort_keys=True).encode())
        self.build = tree_digest([static, TEMPLATES, LOCALES]) + catalogue.hexdigest()[:16]
        self.officer_modules = [
            self.static_url(path) for path in imported_modules(OFFICER_MODULE, self.static_files)
        ]
        # The identification page too: one wave of requests instead of two on 2G (issue 11).
        self.identify_modules = [
            self.static_url(path) for path in imported_modules(IDENTIFY_MODULE, self.static_files)
        ]
        self.releases: dict[str, Release] = {}

    @property
    def script_hashes(self) -> list[str]:
        """The CSP hashes of the pages' inline scripts: the import map's alone."""
        digest = hashlib.sha256(str(self.import_map_html).encode()).digest()
        return [f"sha256-{base64.b64encode(digest).decode()}"]

    def static_url(self, path: str) -> str:
        return f"/static/{path}?v={self.versions.get(path, '0')}"

    def html(self, lang: str, path: str, template: str, release: str, **context: Any) -> str:
        env = self.catalogs.environments[lang]
        messages = STRINGS.get(template, CLIENT_STRINGS)
        strings = {key: self.catalogs.gettext(lang, msg) for key, msg in messages.items()}
        return env.get_template(template).render(
            lang=lang,
            path=path,
            static=self.static_url,
            strings=strings,
            field_messages=FIELD_MESSAGES,
            import_map=self.import_map_html,
            release=release,
            **context,
        )

    def render(self, request: Request, template: str, **context: Any) -> HTMLResponse:
        lang = language_of(request)
        html = self.html(lang, request.url.path, template, _release_id(request), **context)
        return _page(html)


def _page(html: str) -> HTMLResponse:
    # Pages may show a household's receipt: a shared phone's back button must not.
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


def install(app: FastAPI) -> None:
    """Add the pages and ``/static`` to ``app``."""
    app.state.pages = Pages(Catalogs())
    StaticAssets(STATIC).install(app)  # from memory, gzipped, cached by digest (assets.py)
    app.include_router(router)


def _pages(request: Request) -> Pages:
    pages: Pages = request.app.state.pages
    return pages


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def _signed_in(request: Request) -> HouseholdView | None:
    services = _services(request)
    household_id = services.access.household_for_session(request.cookies.get(SESSION_COOKIE))
    return None if household_id is None else services.self_response.view(household_id)


def _window(request: Request) -> dict[str, str]:
    return _window_in(_services(request), language_of(request))


def _window_in(services: Services, lang: str) -> dict[str, str]:
    schedule = services.self_response.schedule
    return {
        "state": schedule.state(services.clock()),
        "opens": format_day(schedule.opens.astimezone(WIB).date(), lang),
        "closes": format_day(schedule.closes.astimezone(WIB).date(), lang),
    }


def _client_settings(services: Services) -> dict[str, Any]:
    """What the shells are rendered with besides the window: part of the release id."""
    settings = services.settings
    return {
        "retry_base_ms": settings.client_retry_base_ms,
        "retry_cap_ms": settings.client_retry_cap_ms,
        "sync_delay_ms": settings.client_sync_delay_ms,
        "check_every_ms": settings.client_check_every_ms,
        "min_password_length": settings.min_password_length,
        "census_date": services.self_response.schedule.census_date,
    }


def _release_id(request: Request) -> str:
    services = _services(request)
    window = _window_in(services, "en")  # dates as ISO-like text: any one language will do
    return release_id(
        _pages(request).build,
        services.questionnaire.digest,
        _client_settings(services),
        f"{window['state']}:{window['opens']}:{window['closes']}",
    )


def _shell(request: Request, name: str, lang: str) -> str:
    """The page ``name`` as every household gets it: the same bytes online and offline."""
    services = _services(request)
    client = _client_settings(services)
    if name == "identify":
        template = "identify.html"
        context: dict[str, Any] = {
            "window": _window_in(services, lang),
            "min_password_length": client["min_password_length"],
            "signed_in": False,
            "preload": _pages(request).identify_modules,
        }
    elif name == "officer":
        # The app signs out itself: it must refuse while records wait (docs/interview-round.md).
        template = "officer.html"
        context = {
            "census_date": client["census_date"],
            "client": client,
            "signed_in": False,
            "preload": _pages(request).officer_modules,
        }
    else:
        template = "household.html"
        context = {"census_date": client["census_date"], "client": client, "signed_in": True}
    pages = _pages(request)
    return pages.html(lang, SHELLS[name], template, _release_id(request), **context)


def _release(request: Request) -> Release:
    pages, current = _pages(request), _release_id(request)
    if current not in pages.releases:
        questionnaire = _services(request).questionnaire.to_client()
        # The very bytes GET /api/v1/questionnaire answers with (FastAPI's JSONResponse).
        body = JSONResponse(jsonable_encoder(questionnaire)).body
        release = build_release(
            current,
            pages.static_files,
            pages.static_url,
            bytes(body),
            lambda name, lang: _shell(request, name, lang).encode(),
            LANGUAGES,
        )
        pages.releases = {current: release}  # the window opens once: one release at a time
    return pages.releases[current]


def _redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303, headers={"Cache-Control": "no-store"})


def _form_context(request: Request) -> dict[str, Any]:
    return {
        "window": _window(request),
        "min_password_length": _services(request).settings.min_password_length,
        "signed_in": False,
    }


@router.get(IDENTIFY)
def identify_page(request: Request) -> Response:
    """Identification by KK + NIK, then the household's password."""
    household = _signed_in(request)
    if household is not None:
        # Coming back after submitting shows the receipt again; otherwise carry on.
        return _redirect(RECEIPT if household.receipt else HOUSEHOLD)
    return _page(_shell(request, "identify", language_of(request)))


@router.get(REGISTER)
def register_page(request: Request) -> Response:
    """Registration of a household whose family card the registry does not know."""
    if _signed_in(request) is not None:
        return _redirect(IDENTIFY)
    return _pages(request).render(request, "register.html", **_form_context(request))


@router.get(RECOVER)
def recover_page(request: Request) -> Response:
    """A forgotten password: whom to ask, and where to type the one-time code (ADR 0016)."""
    if _signed_in(request) is not None:
        return _redirect(IDENTIFY)
    context = _form_context(request)
    phone = _services(request).settings.recovery_phone
    return _pages(request).render(request, "recover.html", **context, recovery_phone=phone)


@router.get(HOUSEHOLD)
def household_page(request: Request) -> Response:
    """The shell of the household app (roster, persons, household, review, submit)."""
    household = _signed_in(request)
    if household is None:
        return _redirect(IDENTIFY)
    if household.receipt is not None:
        return _redirect(RECEIPT)  # a submitted household is read-only
    return _page(_shell(request, "household", language_of(request)))


@router.get(OFFICER_APP)
def officer_page(request: Request) -> Response:
    """The shell of the officer's app: the bundle, the field work, the sync (IndexedDB)."""
    member = _services(request).field.staff.member_for_token(request.cookies.get(STAFF_COOKIE))
    if member is None:
        # Offline, the service worker opens the kept shell instead; with signal, a session
        # that ended is renewed first, and the work on the device goes after it.
        return _redirect(STAFF_SIGN_IN)
    if member.role != OFFICER:
        return _redirect("/petugas")  # the staff pages send each role to its own start
    return _page(_shell(request, "officer", language_of(request)))


@router.get("/shell/{name}")
def shell(request: Request, name: str, lang: str = "id") -> Response:
    """A page without personal data, for the service worker to keep (no session needed)."""
    if name not in SHELLS or lang not in LANGUAGES:
        return Response(status_code=404)
    return HTMLResponse(_shell(request, name, lang), headers={"Cache-Control": "no-cache"})


@router.get("/release.json")
def release_manifest(request: Request) -> Response:
    """Every file of the current release with its SHA-256, for the service worker."""
    return JSONResponse(_release(request).as_json(), headers={"Cache-Control": "no-cache"})


@router.get("/favicon.ico")
def favicon(request: Request) -> Response:
    """Browsers ask for it whatever the page names: the census icon, not a 404."""
    return RedirectResponse(_pages(request).static_url("icon.svg"), status_code=301)


@router.get("/sw.js")
def service_worker(request: Request) -> Response:
    """The service worker of the current release (a module; scope ``/``)."""
    script = service_worker_script(
        _release_id(request), _pages(request).static_url(SERVICE_WORKER_MODULE)
    )
    return Response(
        script,
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )


@router.get(RECEIPT)
def receipt_page(request: Request) -> Response:
    """The proof of submission: code, time, QR code, print button."""
    household = _signed_in(request)
    if household is None:
        return _redirect(IDENTIFY)
    if household.receipt is None:
        return _redirect(HOUSEHOLD)
    receipt = household.receipt
    return _pages(request).render(
        request,
        "receipt.html",
        receipt=receipt,
        submitted_at=format_moment(
            receipt.submitted_at, language_of(request), household.village_code
        ),
        qr=qr_svg(receipt.code),
        signed_in=True,
    )


@router.post("/bahasa")
async def switch_language(request: Request) -> Response:
    """Remember the chosen language in the ``lang`` cookie and go back to the page."""
    # A plain HTML form posts this, so it works before any script has loaded.
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    lang = form.get("lang", [""])[0]
    back = form.get("next", [IDENTIFY])[0]
    response = _redirect(back if back in PAGES else IDENTIFY)
    if lang in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE,
            lang,
            max_age=YEAR,
            samesite="lax",
            secure=_services(request).settings.secure_cookies,
        )
    return response
