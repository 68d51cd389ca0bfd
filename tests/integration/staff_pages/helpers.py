"""What the staff page tests share: forms sent the way a browser sends them."""

from __future__ import annotations

import html
import re
from typing import Any

from tests.integration.common import TestClient

_TOKEN = re.compile(r'name="csrf" value="([^"]*)"')


def csrf_of(client: TestClient, path: str) -> str:
    """The CSRF token the forms of the page at ``path`` carry."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    found = _TOKEN.search(page.text)
    assert found is not None, f"no form with a token on {path}"
    return found.group(1)


def send(
    client: TestClient, path: str, data: dict[str, str], *, form: str | None = None, **more: Any
) -> Any:
    """Post ``data`` as the form on page ``form`` (default: ``path``) posts it, with its
    token; the answer is not followed (Post/Redirect/Get is checked by the caller)."""
    token = csrf_of(client, form or path)
    return client.post(path, data={**data, "csrf": token}, follow_redirects=False, **more)


def text_of(response: Any) -> str:
    """The page's text without tags, entities decoded, spaces collapsed."""
    plain = re.sub(r"<[^>]+>", " ", response.text)
    return " ".join(html.unescape(plain).split())
