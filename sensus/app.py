"""The ASGI application: storage → services → API and pages."""

from __future__ import annotations

import ctypes
import sys

from fastapi import APIRouter, FastAPI
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from sensus import __version__
from sensus.api import (
    admin,
    headquarters,
    health,
    officer,
    problems,
    public,
    recovery,
    self_response,
    staff,
    supervisor,
)
from sensus.api.documented import EVERY_ROUTE
from sensus.api.limits import BodySizeLimit
from sensus.api.security import SameOriginWrites, SecurityHeaders, content_security_policy
from sensus.api.shedding import Load, LoadShedding
from sensus.config import Settings, get_settings
from sensus.services.clock import Clock, system_clock
from sensus.services.container import build_services
from sensus.storage.database import Database
from sensus.web import routes as web_routes
from sensus.web import staff as staff_pages
from sensus.web.assets import GZipWhereAccepted
from sensus.web.staff.pages import SIGN_IN as STAFF_SIGN_IN


def create_app(
    settings: Settings | None = None,
    database: Database | None = None,
    clock: Clock = system_clock,
) -> FastAPI:
    """Build the application; without arguments it reads the environment (``SENSUS_*``)."""
    settings = settings or get_settings()
    _bound_memory()
    database = database or Database.connect(settings.database_url)
    app = FastAPI(
        title="sensus",
        version=__version__,
        description="Population census: online self-response and field interviews.",
        docs_url="/api/docs",
        openapi_url="/api/v1/openapi.json",
        redoc_url=None,
    )
    app.state.services = build_services(settings, database, clock)
    api = APIRouter(prefix="/api/v1", responses=EVERY_ROUTE)
    api.include_router(public.router)
    api.include_router(self_response.router)
    routers = (staff.router, officer.router, supervisor.router, admin.router, recovery.router)
    for router in routers:
        api.include_router(router)  # the interview round (docs/interview-round.md)
    api.include_router(headquarters.router)  # progress by region, charts, the data out
    app.include_router(api)
    problems.install(app)
    web_routes.install(app)
    staff_pages.install(app)  # /petugas: staff sign-in, supervisor and administrator pages
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.max_body_bytes,
        per_path={
            "/api/v1/officer/sync": settings.max_sync_body_bytes,
            **staff_pages.UPLOAD_LIMITS,
        },
    )
    _protect(app, settings)
    _secure(app, settings)
    if settings.trusted_proxies:
        # Outermost: everything inside sees the client the trusted proxy names (ADR 0019).
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    return app


# glibc's malloc (mallopt): M_MMAP_THRESHOLD, M_ARENA_MAX.
_M_MMAP_THRESHOLD, _M_ARENA_MAX = -3, -8


def _bound_memory() -> None:
    """Keep a worker process's memory to what it uses (ADR 0027).

    glibc raises its mmap threshold to the size of the largest block freed, so after the first
    Argon2 hash (a 19 MiB buffer) every later one comes from the heap of whichever thread ran
    it, and each of up to 8 × cores heaps keeps its 19 MiB: measured, 470 MB after a mix of
    hashes and requests on 40 threads, 143 MB with a fixed threshold of 1 MiB and two heaps.
    A fixed threshold gives large buffers back to the system when freed. Not glibc: nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, 1 << 20)
        mallopt(_M_ARENA_MAX, 2)


def _secure(app: FastAPI, settings: Settings) -> None:
    """Refuse writes from other sites; give every response its security headers (ADR 0014).

    Added after load shedding, so outside it: a refusal costs no capacity, and every answer,
    a 503 included, carries the headers.
    """
    app.add_middleware(SameOriginWrites)
    # Swagger UI: its CDN and its inline start-up script; it shows no personal data and
    # reflects no input.
    docs = content_security_policy(
        overrides={
            "script-src": "'self' 'unsafe-inline' https://cdn.jsdelivr.net",
            "style-src": "'self' https://cdn.jsdelivr.net",
            "img-src": "'self' data: https://fastapi.tiangolo.com",
        }
    )
    app.add_middleware(
        SecurityHeaders,
        policy=content_security_policy(app.state.pages.script_hashes),
        hsts_seconds=settings.hsts_seconds if settings.secure_cookies else 0,
        per_path={"/api/docs": docs},
    )


# What hashes a password: sign-ins and registrations (POST).
DOOR_PATHS = frozenset(
    {
        "/api/v1/self-response/session",
        "/api/v1/self-response/registrations",
        "/api/v1/staff/session",
        STAFF_SIGN_IN,
    }
)


def _protect(app: FastAPI, settings: Settings) -> None:
    """Health checks, compression and load shedding (ADR 0009)."""
    # Both bounds are budgets for the machine, each worker process admitting its share
    # (ADR 0017): ``--workers N`` must not multiply them by N.
    app.state.load = Load(limit=settings.share(settings.max_in_flight))
    # Sign-ins have an admission of their own, the hash pool's (ADR 0013): a flood of them
    # never takes the capacity that signed-in households need.
    door = settings.share(settings.hash_workers) + settings.share(settings.hash_queue)
    app.state.door = Load(limit=door)
    app.include_router(health.router)
    # Answers of 1 KB or more, gzipped at the level the hand-written middleware used; those
    # already encoded (static files, gzipped once at start-up) pass untouched.
    app.add_middleware(GZipWhereAccepted, minimum_size=1024, compresslevel=6)
    # Added last, so outermost: a refusal costs nothing and its 503 is never compressed.
    app.add_middleware(
        LoadShedding,
        load=app.state.load,
        door=app.state.door,
        door_paths=DOOR_PATHS,
        retry_after_s=settings.retry_after_seconds,
        timeout_s=settings.request_timeout_seconds,
    )
