"""The release the service worker installs: every entry's SHA-256 is the body served at its URL,
the release id ties pages and worker together, and the kept shells carry no personal data."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from sensus.config import ROOT
from sensus.web.routes import STATIC
from tests.integration.api.helpers import API, TestClient, sign_in
from tests.registry_files import FAMILY

SHELLS = {
    f"/shell/{name}?lang={lang}" for name in ("identify", "household") for lang in ("id", "en")
}


def release_of(html: str) -> str:
    found = re.search(r'data-release="([0-9a-f]{16})"', html)
    assert found, "the page names no release"
    return found.group(1)


def test_every_entry_is_the_body_served_at_its_url(client: TestClient) -> None:
    release = client.get("/release.json")
    assert release.headers["cache-control"] == "no-cache"
    listed = release.json()
    urls = {entry["url"] for entry in listed["entries"]}
    static = {f"/static/{p.relative_to(STATIC).as_posix()}" for p in STATIC.rglob("*.*")}
    assert {url.partition("?")[0] for url in urls if url.startswith("/static/")} == static
    assert f"{API}/questionnaire" in urls
    assert urls >= SHELLS
    for entry in listed["entries"]:
        body = client.get(entry["url"], headers={"Accept-Encoding": "gzip"}).content
        assert hashlib.sha256(body).hexdigest() == entry["sha256"], entry["url"]


def test_the_pages_and_the_worker_name_the_same_release(client: TestClient) -> None:
    release = client.get("/release.json").json()["release"]
    assert release_of(client.get("/").text) == release
    assert release_of(client.get("/shell/household?lang=id").text) == release
    worker = client.get("/sw.js")
    assert worker.headers["content-type"].startswith("text/javascript")
    assert worker.headers["cache-control"] == "no-cache"
    assert release in worker.text
    worker_module = r'import \{ startWorker \} from "/static/js/offline/worker\.js\?v=[0-9a-f]{10}"'
    assert re.search(worker_module, worker.text)


def test_a_changed_questionnaire_or_client_setting_is_a_new_release(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    first = make_client().get("/release.json").json()["release"]
    source = yaml.safe_load((ROOT / "questionnaires" / "sp2020.yaml").read_text())
    source["version"] = "2020.2"
    changed = tmp_path / "sp2020-2.yaml"
    changed.write_text(yaml.safe_dump(source, allow_unicode=True))
    assert make_client(questionnaire_path=changed).get("/release.json").json()["release"] != first
    assert make_client(client_retry_base_ms=500).get("/release.json").json()["release"] != first
    assert make_client().get("/release.json").json()["release"] == first


def test_the_kept_shell_is_the_page_a_household_gets_and_holds_no_personal_data(
    client: TestClient,
) -> None:
    sign_in(client)
    client.cookies.set("lang", "en")
    page = client.get("/rumah-tangga")
    shell = client.get("/shell/household?lang=en")
    assert shell.text == page.text
    assert shell.headers["cache-control"] == "no-cache"
    for person in FAMILY.members:
        assert person.nik not in shell.text and person.name not in shell.text
    assert FAMILY.kk not in shell.text
    assert client.get("/shell/receipt?lang=id").status_code == 404
    assert client.get("/shell/household?lang=fr").status_code == 404


def test_every_module_import_carries_its_digest(client: TestClient) -> None:
    page = client.get("/shell/household?lang=id").text
    entry = r'"(/static/js/[^"?]+\.js)": ?"(/static/js/[^"]+\.js\?v=[0-9a-f]{10})"'
    mapped = re.findall(entry, page)
    modules = {f"/static/{p.relative_to(STATIC).as_posix()}" for p in (STATIC / "js").rglob("*.js")}
    assert {plain for plain, _ in mapped} == modules
    assert all(versioned.startswith(plain) for plain, versioned in mapped)
