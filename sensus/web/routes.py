"""The respondent's pages: identification, registration, the household app and the receipt.

Pages are thin server-rendered shells; the answers travel through ``/api/v1`` in request
bodies and the session cookie, never in URLs (NIK, KK and names are personal data).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from sensus.config import WIB
from sensus.domain.receipts import qr_svg
from sensus.services.container import Services
from sensus.services.respondent_access import SESSION_COOKIE
from sensus.services.self_response import HouseholdView
from sensus.web.client_strings import CLIENT_STRINGS
from sensus.web.i18n import LANG_COOKIE, LANGUAGES, Catalogs, format_day, format_moment, language_of

STATIC = Path(__file__).parent / "static"
IDENTIFY, REGISTER, HOUSEHOLD, RECEIPT = "/", "/daftar", "/rumah-tangga", "/tanda-terima"
PAGES = (IDENTIFY, REGISTER, HOUSEHOLD, RECEIPT)
YEAR = 365 * 24 * 3600

router = APIRouter(include_in_schema=False)


class Pages:
    """What every page render needs, built once at startup."""

    def __init__(self, catalogs: Catalogs, static: Path = STATIC) -> None:
        self.catalogs = catalogs
        # A content digest in the URL lets a new release reach phones that cached the old file.
        self.versions = {
            str(p.relative_to(static)): hashlib.sha256(p.read_bytes()).hexdigest()[:10]
            for p in static.rglob("*")
            if p.is_file()
        }

    def static_url(self, path: str) -> str:
        return f"/static/{path}?v={self.versions.get(path, '0')}"

    def render(self, request: Request, template: str, **context: Any) -> HTMLResponse:
        lang = language_of(request)
        env = self.catalogs.environments[lang]
        strings = {key: self.catalogs.gettext(lang, msg) for key, msg in CLIENT_STRINGS.items()}
        html = env.get_template(template).render(
            lang=lang,
            path=request.url.path,
            static=self.static_url,
            strings=strings,
            **context,
        )
        # Pages may show a household's receipt: a shared phone's back button must not.
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})


def install(app: FastAPI) -> None:
    """Add the pages and ``/static`` to ``app``."""
    app.state.pages = Pages(Catalogs())
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
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
    services = _services(request)
    schedule, lang = services.self_response.schedule, language_of(request)
    return {
        "state": schedule.state(services.clock()),
        "opens": format_day(schedule.opens.astimezone(WIB).date(), lang),
        "closes": format_day(schedule.closes.astimezone(WIB).date(), lang),
    }


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
    return _pages(request).render(request, "identify.html", **_form_context(request))


@router.get(REGISTER)
def register_page(request: Request) -> Response:
    """Registration of a household whose family card the registry does not know."""
    if _signed_in(request) is not None:
        return _redirect(IDENTIFY)
    return _pages(request).render(request, "register.html", **_form_context(request))


@router.get(HOUSEHOLD)
def household_page(request: Request) -> Response:
    """The shell of the household app (roster, persons, household, review, submit)."""
    household = _signed_in(request)
    if household is None:
        return _redirect(IDENTIFY)
    if household.receipt is not None:
        return _redirect(RECEIPT)  # a submitted household is read-only
    census_date = _services(request).self_response.schedule.census_date
    return _pages(request).render(
        request, "household.html", census_date=census_date, signed_in=True
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
        submitted_at=format_moment(receipt.submitted_at, language_of(request)),
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
