"""The body of a form the staff pages post: URL-encoded fields, or multipart with a file.

Multipart bodies are read with the standard library's MIME parser (``email``), which keeps
an uploaded file's bytes as they came; FastAPI's own form support would need
python-multipart for the two upload forms alone. The body was already bounded by
``BodySizeLimit`` before it got here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qs

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
    body = await request.body()
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        return _multipart(kind, body)
    if kind.startswith("application/x-www-form-urlencoded"):
        text = body.decode("utf-8", "replace")
        return Form({k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()})
    return Form()


def _multipart(kind: str, body: bytes) -> Form:
    head = f"Content-Type: {kind}\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        return Form()
    fields: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            continue
        if part.get_filename() is not None:
            files[name] = payload
        else:
            fields[name] = payload.decode("utf-8", "replace")
    return Form(fields, files)
