"""Static files: cached for a year by digest, revalidated otherwise, gzipped; answers gzipped."""

from __future__ import annotations

import re

import pytest

from sensus.web.assets import IMMUTABLE
from sensus.web.routes import STATIC
from tests.integration.api.helpers import API, TestClient

GZIP = {"Accept-Encoding": "gzip"}


def static_urls(client: TestClient, page: str) -> list[str]:
    html = client.get(page).text
    return re.findall(r'(/static/[^"?]+\?v=[0-9a-f]+)"', html)


def test_every_file_the_identification_page_links_is_cached_for_a_year_and_gzipped(
    client: TestClient,
) -> None:
    urls = static_urls(client, "/")
    assert any(url.startswith("/static/js/") for url in urls)
    for url in urls:
        response = client.get(url, headers=GZIP)
        assert response.status_code == 200, url
        assert response.headers["cache-control"] == IMMUTABLE, url
        assert response.headers["content-encoding"] == "gzip", url
        assert response.headers["vary"] == "Accept-Encoding", url
        path = url.removeprefix("/static/").partition("?")[0]
        assert response.content == (STATIC / path).read_bytes(), url  # decoded by the client


def test_a_request_without_the_current_digest_is_revalidated(client: TestClient) -> None:
    for url in ("/static/js/api.js", "/static/js/api.js?v=0123456789"):
        response = client.get(url, headers=GZIP)
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-cache"
        etag = response.headers["etag"]
        again = client.get(url, headers=GZIP | {"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == etag


def test_a_client_without_gzip_gets_the_file_as_it_is(client: TestClient) -> None:
    original = (STATIC / "js" / "api.js").read_bytes()
    for accept in ("identity", "gzip;q=0, identity"):
        response = client.get("/static/js/api.js", headers={"Accept-Encoding": accept})
        assert "content-encoding" not in response.headers
        assert response.content == original
        assert response.headers["content-length"] == str(len(original))
    gzipped = client.get("/static/js/api.js", headers=GZIP)
    assert gzipped.headers["etag"] != response.headers["etag"]  # two representations
    assert int(gzipped.headers["content-length"]) < len(original)


def test_module_scripts_are_served_as_javascript(client: TestClient) -> None:
    response = client.get("/static/js/identify.js")
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"


@pytest.mark.parametrize("path", ["/static/nothing.js", "/static/../config.py", "/static/"])
def test_only_the_files_in_static_are_served(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_large_api_answers_and_pages_are_gzipped_small_ones_are_not(client: TestClient) -> None:
    questionnaire = client.get(f"{API}/questionnaire", headers=GZIP)
    assert questionnaire.headers["content-encoding"] == "gzip"
    assert questionnaire.headers["vary"] == "Accept-Encoding"
    assert questionnaire.json()["id"]
    page = client.get("/", headers=GZIP)
    assert page.headers["content-encoding"] == "gzip"
    small = client.get(f"{API}/schedule", headers=GZIP)
    assert len(small.content) < 1024
    assert "content-encoding" not in small.headers


def test_favicon_ico_leads_to_the_census_icon_not_a_404(client: TestClient) -> None:
    response = client.get("/favicon.ico", follow_redirects=False)
    assert response.status_code == 301
    icon = client.get(response.headers["location"])
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
