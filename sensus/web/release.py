"""The release: every file the offline apps need, each with its SHA-256: the respondent's
household app and the officer's app share it (one service worker per site).

The service worker (``/sw.js``) installs a release whole or not at all: it fetches
``/release.json``, downloads every entry, checks each body against its SHA-256 and only then
puts them in a cache named after the release (docs/offline.md). A release is identified by
``release_id``: a digest of everything the pages are made of (static files, templates,
translations, the questionnaire, the client's settings) and of the online window's state,
because the identification page says whether the window is open.

The release id is written into every page (``<html data-release>``) and into ``/sw.js``, so
the page and its worker can tell whether they belong together, and a new release is a new
``/sw.js``, which is what makes browsers install it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

# The pages that carry no personal data and are kept for offline use, by name, and where
# each lives. Their offline copies are served at ``/shell/<name>?lang=``.
SHELLS = {"identify": "/", "household": "/rumah-tangga", "officer": "/petugas/lapangan"}
# What the service worker shows for a page when the network fails: the kept shell, or, at
# "/" with a household's work on the device, the household app. The receipt page itself
# (a household's code) is never kept.
OFFLINE_PAGES = {
    "/": {"shell": "identify", "with_work": "household"},
    "/rumah-tangga": {"shell": "household"},
    "/tanda-terima": {"shell": "household"},
    "/petugas/lapangan": {"shell": "officer"},  # the officer's app (its data: IndexedDB)
}
SERVICE_WORKER_MODULE = "js/offline/worker.js"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree_digest(folders: Iterable[Path]) -> str:
    """One digest of every file under ``folders`` (names and contents)."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def release_id(
    build: str, questionnaire_digest: str, client: Mapping[str, object], window: str
) -> str:
    """The release of this build, questionnaire, client settings and window state."""
    parts = json.dumps([build, questionnaire_digest, dict(client), window], sort_keys=True)
    return sha256(parts.encode())[:16]


@dataclass(frozen=True)
class Release:
    id: str
    entries: tuple[tuple[str, str], ...]  # (url, sha256 of the body), in a stable order

    def as_json(self) -> dict[str, object]:
        return {
            "release": self.id,
            "entries": [{"url": url, "sha256": digest} for url, digest in self.entries],
        }


def build_release(
    release: str,
    static_files: Mapping[str, bytes],
    static_url: Callable[[str], str],
    questionnaire_body: bytes,
    shell: Callable[[str, str], bytes],
    languages: Iterable[str],
) -> Release:
    """The release's entries: static files, the questionnaire, the shells in each language."""
    entries = [(static_url(path), sha256(data)) for path, data in sorted(static_files.items())]
    entries.append(("/api/v1/questionnaire", sha256(questionnaire_body)))
    for name in SHELLS:
        for lang in languages:
            entries.append((f"/shell/{name}?lang={lang}", sha256(shell(name, lang))))
    return Release(release, tuple(entries))


def service_worker_script(release: str, worker_url: str) -> str:
    """``/sw.js``: a new release is a new script, which is what makes browsers update."""
    options = json.dumps({"release": release, "manifest": "/release.json", "pages": OFFLINE_PAGES})
    return (
        f"// The service worker of sensus release {release} (docs/offline.md).\n"
        f'import {{ startWorker }} from "{worker_url}";\n'
        f"startWorker(self, {options});\n"
    )
