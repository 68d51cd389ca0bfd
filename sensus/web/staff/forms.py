"""The body of a form the staff pages post: URL-encoded fields, or multipart with a file.

Multipart bodies are read by Starlette's form parser (python-multipart, a parser kept for
exactly this), which keeps an uploaded file's bytes as they came. The body was already
bounded by ``BodySizeLimit`` before it got here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request

MAX_FIELD = 10_000  # characters of one text field; the services check their own limits


@dataclass(frozen=True)
class Form:
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")[:MAX_FIELD]


async def read_form(request: Request) -> Form:
    """The posted form; an unreadable or unexpected body reads as an empty form."""
    if request.method != "POST":
        return Form()
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        return await _multipart(request)
    if kind.startswith("application/x-www-form-urlencoded"):
        text = (await request.body()).decode("utf-8", "replace")
        return Form({k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()})
    return Form()


async def _multipart(request: Request) -> Form:
    fields: dict[str, str] = {}
    files: dict[str, bytes] = {}
    try:
        async with request.form() as form:
            for name, value in form.multi_items():
                if isinstance(value, UploadFile):
                    files[name] = await value.read()
                else:
                    fields[name] = value
    except (HTTPException, MultiPartException):  # python-multipart could not read it
        return Form()
    return Form(fields, files)
