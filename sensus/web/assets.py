"""Fast delivery: static files from memory, cached by content hash, compressed once.

Pages link ``/static/<path>?v=<digest>`` (``Pages.static_url``). A request whose ``v`` is
the file's current digest may be cached for a year without asking again (``immutable``): a
new release changes the digest, so the URL, so the phone fetches the new file. Any other
request gets ``no-cache`` with an ``ETag``, so it is revalidated and never stale.

Every file is read and, where it helps, gzipped (level 9) once at start-up; the phone gets
the smaller form when it says ``Accept-Encoding: gzip``. Brotli would save a little more,
but needs a dependency; gzip is everywhere. The application's own answers of 1 KB or more
are gzipped on the fly by Starlette's ``GZipMiddleware`` (``GZipWhereAccepted``).
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Module scripts are refused under a wrong type, so types are set here, not guessed.
_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}
_COMPRESSIBLE = ("text/", "application/json", "application/manifest+json", "image/svg+xml")


def digest_of(data: bytes) -> str:
    """The version in a static URL: the first 10 hex digits of the SHA-256 (as ``Pages``)."""
    return hashlib.sha256(data).hexdigest()[:10]


@dataclass(frozen=True)
class Asset:
    content_type: str
    version: str
    identity: bytes
    gzipped: bytes | None  # None when gzip would not make it smaller

    @classmethod
    def load(cls, path: Path) -> Asset:
        data = path.read_bytes()
        content_type = _TYPES.get(path.suffix, "application/octet-stream")
        packed = None
        if content_type.startswith(_COMPRESSIBLE):
            # mtime=0: the same file gives the same bytes, so the ETag can stay the digest's.
            packed = gzip.compress(data, compresslevel=9, mtime=0)
        smaller = packed if packed is not None and len(packed) < len(data) else None
        return cls(content_type, digest_of(data), data, smaller)

    def etag(self, gzipped: bool) -> str:
        # Each encoding is a different representation, so each has its own strong ETag.
        return f'"{self.version}-gz"' if gzipped else f'"{self.version}"'


class StaticAssets:
    """Every file under ``directory``, held in memory from start-up."""

    def __init__(self, directory: Path) -> None:
        self.assets = {
            path.relative_to(directory).as_posix(): Asset.load(path)
            for path in sorted(directory.rglob("*"))
            if path.is_file()
        }

    @property
    def versions(self) -> dict[str, str]:
        return {path: asset.version for path, asset in self.assets.items()}

    def install(self, app: FastAPI) -> None:
        app.add_route("/static/{path:path}", self.serve, ["GET"], "static", False)

    async def serve(self, request: Request) -> Response:
        """One file: the gzipped form if the client takes it, with caching headers."""
        asset = self.assets.get(request.path_params["path"])
        if asset is None:
            return Response(status_code=404, headers={"Cache-Control": REVALIDATE})
        use_gzip = asset.gzipped is not None and accepts_gzip(request.headers)
        current = request.query_params.get("v") == asset.version
        headers = {"Cache-Control": IMMUTABLE if current else REVALIDATE}
        headers["ETag"] = asset.etag(use_gzip)
        if asset.gzipped is not None:
            headers["Vary"] = "Accept-Encoding"
        if _matches(request.headers.get("if-none-match", ""), headers["ETag"]):
            return Response(status_code=304, headers=headers)
        if use_gzip:
            headers["Content-Encoding"] = "gzip"
        body = asset.gzipped if use_gzip and asset.gzipped is not None else asset.identity
        return Response(body, headers=headers, media_type=asset.content_type)


def accepts_gzip(headers: Headers) -> bool:
    """Whether ``Accept-Encoding`` allows gzip (``gzip;q=0`` refuses it)."""
    for coding in headers.get("accept-encoding", "").split(","):
        name, _, params = coding.partition(";")
        if name.strip().lower() in ("gzip", "*"):
            quality = params.strip().removeprefix("q=").strip() if "q=" in params else "1"
            try:
                return float(quality) > 0
            except ValueError:
                return False
    return False


def _matches(if_none_match: str, etag: str) -> bool:
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


class GZipWhereAccepted(GZipMiddleware):
    """Starlette's ``GZipMiddleware`` for a client that takes gzip: it looks for the word
    alone, so ``Accept-Encoding: gzip;q=0`` would get gzip anyway."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not accepts_gzip(Headers(scope=scope)):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
