"""What the OpenAPI description says about refusals: the error body and every status a route
can answer (docs/CONTRACTS.md, "Errors"; issue 8, "The API as documented").

A route lists its refusals with ``problems(...)``; the ones every route shares are listed
once, on its router (``sensus.app``). Schemathesis holds the description to the answers
(``tests/integration/test_api_as_documented.py``).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

# KK and NIK as the description states them. The pattern is for the description only:
# the domain checks the numbers (sensus.domain.identity) and says what is wrong with them in
# Indonesian and English, which a schema pattern error from pydantic could not.
SIXTEEN_DIGITS = r"^\d{16}$"
CardNumber = Annotated[
    str,
    StringConstraints(max_length=32),
    Field(json_schema_extra={"pattern": SIXTEEN_DIGITS, "examples": ["6371010203150017"]}),
]


class FieldProblem(BaseModel):
    """What is wrong with one field, at ``path`` (``kk``, ``members/2/nik``: CONTRACTS.md)."""

    path: str
    code: str
    message_id: str
    message_en: str


class ProblemBody(BaseModel):
    code: str
    message_id: str
    message_en: str
    fields: list[FieldProblem]
    detail: dict[str, Any] | None = Field(default=None, description="Per code, see CONTRACTS.md")


class Problem(BaseModel):
    """Every 4xx and 503 of ``/api/v1``."""

    error: ProblemBody


_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}

_WHAT = {
    304: "Not modified since the ETag sent in If-None-Match",
    401: "Not signed in, or the credentials are wrong",
    403: "Not allowed: another role, outside the window, or a write from another site",
    404: "Not found (or not one's to see)",
    409: "Conflict with the stored state; the code says which",
    413: "The body is larger than the server accepts",
    422: "Invalid request: field errors in Indonesian and English",
    429: "Too many attempts: wait Retry-After seconds",
    503: "Overloaded or not answered in time: retry after Retry-After seconds",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` entries for these refusal statuses, with the error body."""
    entries: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        entry: dict[str, Any] = {"description": _WHAT[status]}
        if status != 304:
            entry["model"] = Problem
        if status in (429, 503):
            entry["headers"] = _RETRY_AFTER
        entries[status] = entry
    return entries


# Shared lists: what any route of a kind can answer besides its own refusals.
EVERY_ROUTE = problems(503)
WITH_BODY = problems(413, 422)  # a body too large, malformed JSON, field errors
WRITE = problems(403, 413, 422)  # and a write from another site (ADR 0014)
HOUSEHOLD = problems(401)  # the household's session
STAFF = problems(401, 403)  # the staff session, and a role the route is not for
