"""Domain errors → HTTP, in one place. Every 4xx body has the same shape (docs/CONTRACTS.md)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.routing import Match

from sensus.domain import errors

STATUS = {
    errors.Kind.INVALID: 422,
    errors.Kind.UNAUTHENTICATED: 401,
    errors.Kind.FORBIDDEN: 403,
    errors.Kind.NOT_FOUND: 404,
    errors.Kind.CONFLICT: 409,
    errors.Kind.LOCKED: 429,
    errors.Kind.CLOSED: 403,
    errors.Kind.TOO_LARGE: 413,
    errors.Kind.METHOD: 405,
    errors.Kind.UNAVAILABLE: 503,
}

# What the framework itself refuses (no such route, a body it cannot parse, such as JSON
# nested too deep, or one too large), said in the API's format.
_HTTP_PROBLEMS = {
    400: errors.MALFORMED_REQUEST,
    404: errors.NOT_FOUND,
    405: errors.METHOD_NOT_ALLOWED,
    413: errors.BODY_TOO_LARGE,
}

# Pydantic's error types, said for people. Anything else falls back to "invalid value".
_PYDANTIC_MESSAGES = {
    "missing": ("Wajib diisi.", "Required."),
    "string_type": ("Harus berupa teks.", "Must be text."),
    "int_type": ("Harus berupa bilangan bulat.", "Must be a whole number."),
    "int_parsing": ("Harus berupa bilangan bulat.", "Must be a whole number."),
    "dict_type": ("Harus berupa objek.", "Must be an object."),
    "model_type": ("Harus berupa objek.", "Must be an object."),
    "string_too_long": ("Terlalu panjang.", "Too long."),
    "string_too_short": ("Terlalu pendek.", "Too short."),
    "string_pattern_mismatch": ("Format tidak sesuai.", "Wrong format."),
    "uuid_parsing": ("Harus berupa UUID.", "Must be a UUID."),
    "uuid_type": ("Harus berupa UUID.", "Must be a UUID."),
    "extra_forbidden": ("Isian tidak dikenal.", "Unknown field."),
    "greater_than_equal": ("Nilai terlalu kecil.", "Value too small."),
}
_FALLBACK = ("Nilai tidak valid.", "Invalid value.")


def problem_response(
    problem: errors.Problem,
    fields: list[errors.FieldError] | None = None,
    detail: dict[str, object] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "code": problem.code,
        "message_id": problem.id,
        "message_en": problem.en,
        "fields": [f.as_dict() for f in fields or []],
    }
    if detail:
        body["detail"] = detail
    return JSONResponse({"error": body}, status_code=STATUS[problem.kind], headers=headers)


def _from_domain(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.SensusError)
    headers = None if exc.retry_after is None else {"Retry-After": str(exc.retry_after)}
    return problem_response(exc.problem, exc.fields, exc.detail, headers)


def _from_request_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    raw = exc.errors()
    if any(e.get("type") == "json_invalid" for e in raw):
        return problem_response(errors.MALFORMED_REQUEST)
    return problem_response(errors.VALIDATION_FAILED, [_field(e) for e in raw])


async def _from_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        exc = HTTPException(405, exc.detail, {**(exc.headers or {}), "Allow": _allow(request)})
    problem = _HTTP_PROBLEMS.get(exc.status_code)
    if problem is None or not request.url.path.startswith("/api/"):
        return await http_exception_handler(request, exc)  # pages keep the framework's answer
    return problem_response(problem, headers=dict(exc.headers or {}))


def _allow(request: Request) -> str:
    """Every method the path answers to.

    FastAPI makes one route per path and method, and Starlette answers a method no route
    takes with the ``Allow`` of the first route of that path alone (``PUT`` for the draft,
    which also takes GET and PATCH). So each method is tried against every route instead,
    through the routes' own matching.
    """
    routes = request.app.router.routes
    return ", ".join(
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL for route in routes
        )
    )


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _field(error: Any) -> errors.FieldError:
    # loc is ("body", "kk") or ("query", "parent"); the first part is where, not what.
    location = [str(part) for part in error.get("loc", ())[1:]]
    kind = str(error.get("type", "value_error"))
    id_, en = _PYDANTIC_MESSAGES.get(kind, _FALLBACK)
    return errors.FieldError("/".join(location) or "body", kind, id_, en)


def install(app: FastAPI) -> None:
    app.add_exception_handler(errors.SensusError, _from_domain)
    app.add_exception_handler(RequestValidationError, _from_request_validation)
    app.add_exception_handler(HTTPException, _from_http)
