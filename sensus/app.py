"""The ASGI application: storage → services → API and pages."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from sensus import __version__
from sensus.api import problems, public, self_response
from sensus.api.limits import BodySizeLimit
from sensus.config import Settings, get_settings
from sensus.services.clock import Clock, system_clock
from sensus.services.container import build_services
from sensus.storage.database import Database
from sensus.web import routes as web_routes


def create_app(
    settings: Settings | None = None,
    database: Database | None = None,
    clock: Clock = system_clock,
) -> FastAPI:
    """Build the application; without arguments it reads the environment (``SENSUS_*``)."""
    settings = settings or get_settings()
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
    api = APIRouter(prefix="/api/v1")
    api.include_router(public.router)
    api.include_router(self_response.router)
    app.include_router(api)
    problems.install(app)
    web_routes.install(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    return app
