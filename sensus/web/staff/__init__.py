"""The staff's pages under ``/petugas``: sign-in, supervisors' and administrators' pages.

Server-rendered forms that post and redirect, and work without JavaScript; they call the
same services as the API (docs/interview-round.md says where to find each page).
"""

from __future__ import annotations

from fastapi import FastAPI

from sensus.web.staff import admin, recovery, signin, supervisor
from sensus.web.staff.pages import StaffPages

# Larger request bodies for the two CSV uploads (see sensus.app: BodySizeLimit).
UPLOAD_LIMITS = dict.fromkeys(admin.UPLOADS, admin.UPLOAD_BYTES)


def install(app: FastAPI) -> None:
    """Add the staff pages to ``app`` (after ``sensus.web.routes.install``: they use its
    static files)."""
    app.state.staff_pages = StaffPages(app.state.services, app.state.pages.static_url)
    app.router.routes.extend([*signin.ROUTES, *supervisor.ROUTES, *admin.ROUTES, *recovery.ROUTES])
