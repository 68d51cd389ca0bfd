"""Every kind of response carries the security headers: pages, the API and its errors,
static files, the service worker, the staff pages, refusals (issue 8).

The policy is strict: scripts only from this site, no inline script but the import map
(by its hash), no framing; HSTS only where the site is served over HTTPS.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from sensus.config import Settings
from tests.integration.api.helpers import API, SELF, TestClient

ANSWERS = {
    "identification page": ("GET", "/"),
    "registration page": ("GET", "/daftar"),
    "household page (a redirect)": ("GET", "/rumah-tangga"),
    "a kept shell": ("GET", "/shell/household?lang=id"),
    "the release": ("GET", "/release.json"),
    "the service worker": ("GET", "/sw.js"),
    "a static file": ("GET", "/static/css/site.css"),
    "a module": ("GET", "/static/js/engine.js"),
    "an API answer": ("GET", f"{API}/schedule"),
    "an API error": ("GET", f"{SELF}/household"),
    "a route that does not exist": ("GET", f"{API}/nothing-here"),
    "a wrong method": ("DELETE", f"{API}/schedule"),
    "a field error": ("POST", f"{SELF}/identify"),
    "the OpenAPI document": ("GET", f"{API}/openapi.json"),
    "a health check": ("GET", "/healthz"),
    "the staff sign-in page": ("GET", "/petugas/masuk"),
    "a staff page's redirect": ("GET", "/petugas/pengawas"),
    "the language switch": ("POST", "/bahasa"),
}


def csp(response: Any) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (p.strip() for p in policy.split(";"))
        if part
    }


@pytest.mark.parametrize("answer", list(ANSWERS), ids=str)
def test_every_kind_of_response_carries_the_security_headers(
    client: TestClient, answer: str
) -> None:
    method, path = ANSWERS[answer]
    response = client.request(method, path, follow_redirects=False)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    policy = csp(response)
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    scripts = policy["script-src"].split()
    assert scripts[0] == "'self'"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]+=*'", s) for s in scripts[1:])
    assert "strict-transport-security" not in response.headers  # not served over HTTPS


def test_a_body_too_large_is_refused_with_the_headers(client: TestClient) -> None:
    response = client.post(f"{SELF}/identify", content=b"x" * 300_000)
    assert response.status_code == 413
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_the_one_inline_script_of_a_page_is_allowed_by_its_hash_alone(
    client: TestClient,
) -> None:
    page = client.get("/")
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", page.text, re.S)
    executed = [body for attributes, body in inline if "application/json" not in attributes]
    assert len(executed) == 1  # the import map; every other script is a file of ours
    digest = base64.b64encode(hashlib.sha256(executed[0].encode()).digest()).decode()
    assert csp(page)["script-src"] == f"'self' 'sha256-{digest}'"
    assert not re.search(r"\son[a-z]+=|\sstyle=|<style", page.text)


def test_https_deployments_send_hsts(make_client: Callable[..., TestClient]) -> None:
    secure = make_client(secure_cookies=True)
    for path in ("/", f"{API}/schedule", "/static/css/site.css"):
        hsts = secure.get(path).headers["strict-transport-security"]
        assert hsts == "max-age=31536000; includeSubDomains"
    shorter = make_client(secure_cookies=True, hsts_seconds=600)
    assert shorter.get("/").headers["strict-transport-security"].startswith("max-age=600;")
    assert "strict-transport-security" not in make_client(hsts_seconds=600).get("/").headers


@pytest.mark.parametrize("value", [-1, 3 * 365 * 24 * 3600, "a year"])
def test_a_wrong_hsts_setting_stops_the_server_from_starting(value: object) -> None:
    with pytest.raises(ValidationError):
        Settings(hsts_seconds=value)
