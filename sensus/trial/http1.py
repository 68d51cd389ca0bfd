"""Just enough HTTP/1.1 for a proxy: where each message starts and ends, its bytes untouched.

A proxy that injects faults per request must know the request boundaries on a keep-alive
connection; it need not understand anything else. Bodies are framed by ``Content-Length``,
by chunked transfer coding, or (responses only) by the end of the connection (RFC 9112 §6).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit

# A larger body than this is not a request a census client sends; refuse it rather than hold it.
MAX_REQUEST_BODY = 64 * 1024 * 1024
_READ_SIZE = 64 * 1024


class ProtocolError(Exception):
    """The peer did not speak HTTP/1.1 as the proxy understands it."""


class Framing(Enum):
    NONE = "none"
    LENGTH = "length"
    CHUNKED = "chunked"
    UNTIL_CLOSE = "until_close"


@dataclass(frozen=True)
class Head:
    """A request or status line with its header fields, and the bytes they came in."""

    raw: bytes
    start: tuple[bytes, bytes, bytes]  # (method, target, version) or (version, status, reason)
    fields: dict[bytes, bytes]  # lower-case names; repeated fields joined by ", "

    def get(self, name: bytes) -> bytes:
        return self.fields.get(name, b"")

    def tokens(self, name: bytes) -> set[bytes]:
        return {token.strip().lower() for token in self.get(name).split(b",") if token.strip()}

    def without(self, name: bytes) -> Head:
        """The same head with every ``name`` field removed from its bytes."""
        lines = self.raw[:-4].split(b"\r\n")
        kept = [lines[0]]
        kept += [ln for ln in lines[1:] if ln.partition(b":")[0].strip().lower() != name]
        fields = {key: value for key, value in self.fields.items() if key != name}
        return Head(b"\r\n".join(kept) + b"\r\n\r\n", self.start, fields)


@dataclass(frozen=True)
class Request:
    head: Head
    body: bytes

    @property
    def method(self) -> str:
        return self.head.start[0].decode("latin-1")

    @property
    def path(self) -> str:
        target = self.head.start[1].decode("latin-1")
        # Absolute form ("http://host/path?q") when a client treats us as a forward proxy.
        return urlsplit(target).path if "://" in target else target.partition("?")[0]

    @property
    def keep_alive(self) -> bool:
        return keeps_alive(self.head, self.head.start[2])

    @property
    def raw(self) -> bytes:
        return self.head.raw + self.body


async def read_head(reader: asyncio.StreamReader) -> Head | None:
    """The next message head, or None when the peer closed cleanly between messages."""
    try:
        raw = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as error:
        if not error.partial.strip():
            return None
        raise ProtocolError("connection closed inside a message head") from None
    except asyncio.LimitOverrunError:
        raise ProtocolError("message head too large") from None
    return parse_head(raw)


def parse_head(raw: bytes) -> Head:
    lines = raw[:-4].split(b"\r\n")
    parts = lines[0].split(b" ", 2)
    if len(parts) == 2:
        parts.append(b"")  # a status line may omit its reason phrase
    if len(parts) != 3:
        raise ProtocolError("malformed start line")
    fields: dict[bytes, bytes] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon or not name.strip():
            raise ProtocolError("malformed header field")
        key = name.strip().lower()
        fields[key] = fields[key] + b", " + value.strip() if key in fields else value.strip()
    return Head(raw, (parts[0], parts[1], parts[2]), fields)


def keeps_alive(head: Head, version: bytes) -> bool:
    connection = head.tokens(b"connection")
    if version == b"HTTP/1.0":
        return b"keep-alive" in connection
    return b"close" not in connection


def request_framing(head: Head) -> tuple[Framing, int]:
    if head.get(b"transfer-encoding"):
        if not head.get(b"transfer-encoding").lower().endswith(b"chunked"):
            raise ProtocolError("a request's transfer coding must end with chunked")
        return Framing.CHUNKED, 0
    length = _content_length(head)
    if length > MAX_REQUEST_BODY:
        raise ProtocolError("request body too large")
    return (Framing.LENGTH, length) if length else (Framing.NONE, 0)


def response_framing(head: Head, request_method: str) -> tuple[Framing, int]:
    status = status_of(head)
    if request_method == "HEAD" or status < 200 or status in (204, 304):
        return Framing.NONE, 0
    if head.get(b"transfer-encoding"):
        chunked = head.get(b"transfer-encoding").lower().endswith(b"chunked")
        return (Framing.CHUNKED, 0) if chunked else (Framing.UNTIL_CLOSE, 0)
    if head.get(b"content-length"):
        length = _content_length(head)
        return (Framing.LENGTH, length) if length else (Framing.NONE, 0)
    return Framing.UNTIL_CLOSE, 0


def status_of(head: Head) -> int:
    try:
        return int(head.start[1])
    except ValueError:
        raise ProtocolError("malformed status line") from None


async def read_body(reader: asyncio.StreamReader, framing: Framing, length: int) -> bytes:
    return b"".join([piece async for piece in iter_body(reader, framing, length)])


async def iter_body(
    reader: asyncio.StreamReader, framing: Framing, length: int
) -> AsyncIterator[bytes]:
    """The body's bytes as they arrive, framing included (chunk sizes stay in the stream)."""
    try:
        if framing is Framing.LENGTH:
            remaining = length
            while remaining:
                piece = await reader.read(min(remaining, _READ_SIZE))
                if not piece:
                    raise ProtocolError("connection closed inside a body")
                remaining -= len(piece)
                yield piece
        elif framing is Framing.CHUNKED:
            async for piece in _chunks(reader):
                yield piece
        elif framing is Framing.UNTIL_CLOSE:
            while piece := await reader.read(_READ_SIZE):
                yield piece
    except asyncio.IncompleteReadError:
        raise ProtocolError("connection closed inside a body") from None
    except asyncio.LimitOverrunError:
        raise ProtocolError("chunk line too long") from None


async def _chunks(reader: asyncio.StreamReader) -> AsyncIterator[bytes]:
    total = 0
    while True:
        line = await reader.readuntil(b"\r\n")
        try:
            size = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise ProtocolError("malformed chunk size") from None
        total += size
        if total > MAX_REQUEST_BODY:
            raise ProtocolError("chunked body too large")
        if size == 0:
            yield line + await _trailers(reader)
            return
        yield line + await reader.readexactly(size + 2)


async def _trailers(reader: asyncio.StreamReader) -> bytes:
    lines = []
    while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
        lines.append(line)
    return b"".join(lines) + b"\r\n"


def _content_length(head: Head) -> int:
    values = {value.strip() for value in head.get(b"content-length").split(b",")} - {b""}
    if not values:
        return 0
    if len(values) != 1 or not next(iter(values)).isdigit():
        raise ProtocolError("invalid Content-Length")
    return int(next(iter(values)))
