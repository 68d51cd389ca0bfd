"""The client's address behind a reverse proxy (ADR 0019).

The door's per-address limit counts the socket's peer, which behind nginx is the proxy for
everyone. ``SENSUS_TRUSTED_PROXIES`` names the proxies whose ``X-Forwarded-For`` is believed
(uvicorn's ProxyHeadersMiddleware): from them the client is the right-most address no trusted
proxy added; from anyone else the header is ignored, so a client cannot name itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from sensus.config import Settings
from sensus.domain.identity import make_kk
from tests.integration.api.helpers import SELF, TestClient
from tests.integration.api.test_identification import UNKNOWN_NIK
from tests.registry_files import DISTRICT

PROXY = ("127.0.0.1", 41000)
STRANGER = ("203.0.113.50", 41000)  # a client that reaches the application directly
LIMIT = 3
_serial = iter(range(100, 10_000))


def fail(client: TestClient, forwarded_for: str | None = None) -> int:
    """One wrong identification of a fresh KK (so no KK's own counter interferes)."""
    kk = make_kk(DISTRICT, date(2017, 4, 9), next(_serial))
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    body: dict[str, Any] = {"kk": kk, "nik": UNKNOWN_NIK}
    status: int = client.post(f"{SELF}/identify", json=body, headers=headers).status_code
    return status


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(peer=PROXY, trusted_proxies="127.0.0.1", address_failures_per_hour=LIMIT)
    assert [fail(client, "198.51.100.7") for _ in range(LIMIT + 1)] == [401] * LIMIT + [429]
    # Another phone behind the same proxy is not held back by the first one's failures.
    assert fail(client, "198.51.100.8") == 401


def test_a_forwarded_address_from_a_peer_that_is_not_trusted_is_ignored(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(
        peer=STRANGER, trusted_proxies="127.0.0.1", address_failures_per_hour=LIMIT
    )
    statuses = [fail(client, f"198.51.100.{n}") for n in range(LIMIT + 1)]
    assert statuses == [401] * LIMIT + [429]


def test_without_trusted_proxies_the_header_is_ignored(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(peer=PROXY, address_failures_per_hour=LIMIT)
    statuses = [fail(client, f"198.51.100.{n}") for n in range(LIMIT + 1)]
    assert statuses == [401] * LIMIT + [429]


def test_addresses_a_client_puts_before_the_proxys_own_are_ignored(
    make_client: Callable[..., TestClient],
) -> None:
    # nginx appends the peer it saw ($proxy_add_x_forwarded_for): what came before is the
    # client's own claim.
    client = make_client(peer=PROXY, trusted_proxies="127.0.0.1", address_failures_per_hour=LIMIT)
    statuses = [fail(client, f"10.9.8.{n}, 198.51.100.7") for n in range(LIMIT + 1)]
    assert statuses == [401] * LIMIT + [429]


def test_trusted_proxies_are_addresses_or_networks() -> None:
    settings = Settings(trusted_proxies=" 127.0.0.1, 10.0.0.0/8,::1 ")
    assert settings.trusted_proxies == "127.0.0.1,10.0.0.0/8,::1"
    assert Settings().trusted_proxies == ""


@pytest.mark.parametrize("bad", ["*", "localhost", "127.0.0.300", "10.0.0.0/33"])
def test_anything_else_is_refused_at_start(bad: str) -> None:
    with pytest.raises(ValidationError):
        Settings(trusted_proxies=bad)
