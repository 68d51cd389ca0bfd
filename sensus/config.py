"""One Settings object from the environment (prefix ``SENSUS_``), failing fast on bad values."""

from __future__ import annotations

import ipaddress
import os
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

WIB = timezone(timedelta(hours=7), "WIB")
ROOT = Path(__file__).resolve().parent.parent


def default_max_in_flight() -> int:
    """Eight requests in flight per CPU this process may run on, and never fewer than eight.

    A request is mostly CPU (JSON, validation, Argon2) and short database transactions, so
    more in flight than a few per core only lengthens everyone's wait; SQLAlchemy's default
    pool (15 connections) is not exceeded by much on small machines either.
    """
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(8, 8 * (cpus or 1))


def cpu_count() -> int:
    """The CPUs this process may run on."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cpus or 1


DEVELOPMENT_KEY = "dev-only-change-me-in-production"


class Settings(BaseSettings):
    """Runtime configuration. Every field can be set as ``SENSUS_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="SENSUS_", extra="forbid")

    # Anything but development gets Secure cookies and refuses the development secret key.
    environment: Literal["development", "production"] = "development"

    database_url: str = f"sqlite:///{ROOT / 'var' / 'sensus.db'}"
    questionnaire_path: Path = ROOT / "questionnaires" / "sp2020.yaml"
    secret_key: str = Field(default=DEVELOPMENT_KEY, min_length=16)
    # The online self-response window (SP2020 online ran 15 Feb - 31 Mar 2020).
    self_response_opens: datetime = datetime(2026, 1, 1, tzinfo=WIB)
    self_response_closes: datetime = datetime(2027, 12, 31, 23, 59, tzinfo=WIB)
    # The census reference moment: ages and "lives here" are judged at this date.
    census_reference_date: datetime = datetime(2026, 9, 1, tzinfo=WIB)
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    max_body_bytes: int = Field(default=256 * 1024, ge=1024)
    min_password_length: int = Field(default=8, ge=6, le=64)
    # The door (ADR 0013): failed attempts per KK number (or per device cookie) that are free;
    # after them each attempt waits, from the first delay doubling up to lockout_minutes.
    lockout_attempts: int = Field(default=5, ge=1)
    lockout_first_delay_seconds: int = Field(default=30, ge=1, le=3600)
    lockout_minutes: int = Field(default=15, ge=1)
    # Recovery through the census's own people (ADR 0016): how long a one-time code an
    # officer or administrator hands a family stays good, and the number the sign-in page
    # tells a family that forgot its password to call (empty: "ask your officer" alone).
    recovery_code_hours: int = Field(default=72, ge=1, le=24 * 30)
    recovery_phone: str = Field(default="", max_length=40)
    # Retention (docs/SECURITY.md): drafts and their history are deleted this many days after
    # the online window closes (submissions are kept); `sensus retention apply` applies it.
    draft_retention_days: int = Field(default=90, ge=0, le=3650)
    # Failed attempts per client address per hour, from the estimate in docs/SECURITY.md.
    address_failures_per_hour: int = Field(default=600, ge=1)
    # The reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For names
    # the client: the door's per-address limit then counts the client, not the proxy. Empty:
    # the socket's peer is the client, and the header is ignored (ADR 0019).
    trusted_proxies: str = ""
    # How long a device that signed in to a household is trusted to sign in to it again.
    device_cookie_days: int = Field(default=365, ge=1, le=3650)
    # Secure cookies: on by default outside development.
    secure_cookies: bool = Field(
        default_factory=lambda data: data.get("environment", "development") != "development"
    )
    # Password hashes at once (one per core) and sign-ins that may wait for one; beyond
    # both, a sign-in gets 503 + Retry-After at once (ADR 0013).
    hash_workers: int = Field(default_factory=cpu_count, ge=1, le=256)
    hash_queue: int = Field(default_factory=lambda: 4 * cpu_count(), ge=0, le=10_000)
    # The interview round (SP2020 interviewed from 1 to 30 September 2020). Households with no
    # submitted self-response become assignments of their area's officer while it is open.
    interview_opens: datetime = datetime(2026, 1, 1, tzinfo=WIB)
    interview_closes: datetime = datetime(2027, 12, 31, 23, 59, tzinfo=WIB)
    # False closes online self-response when the interview round opens.
    self_response_during_interviews: bool = True
    # Officers sign in once online and then work offline for days.
    staff_session_days: int = Field(default=14, ge=1, le=90)
    # A sync carries up to a few hundred interviews in one request.
    max_sync_body_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)
    # Load shedding (ADR 0009): requests in flight per server process before the next gets
    # 503 + Retry-After at once, and how long a request may go unanswered before it does.
    max_in_flight: int = Field(default_factory=default_max_in_flight, ge=1, le=10_000)
    retry_after_seconds: int = Field(default=5, ge=1, le=3600)
    request_timeout_seconds: float = Field(default=30.0, gt=0, le=3600)
    # The respondent's page (docs/offline.md): its outbox waits a random time up to
    # base * 2^attempt, at most the cap, between tries (and at least any Retry-After), and
    # syncs the draft this long after the last answer typed.
    client_retry_base_ms: int = Field(default=2000, ge=10, le=600_000)
    client_retry_cap_ms: int = Field(default=300_000, ge=10, le=3_600_000)
    client_sync_delay_ms: int = Field(default=1500, ge=0, le=600_000)
    # How often an open page asks whether another device saved the draft (ADR 0010): a
    # conditional GET, 304 while nothing changed.
    client_check_every_ms: int = Field(default=15_000, ge=500, le=3_600_000)
    # Strict-Transport-Security max-age, sent only when the site is on HTTPS (secure_cookies);
    # 0 sends none. Two years at most: the preload list's own ceiling.
    hsts_seconds: int = Field(default=365 * 24 * 3600, ge=0, le=2 * 365 * 24 * 3600)

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("only sqlite:// and postgresql:// URLs are supported")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_addresses(cls, value: str) -> str:
        # uvicorn would take a mistyped address as a literal name that never matches, and
        # trust nobody without a word; "*" would let any client name its own address.
        proxies = [item.strip() for item in value.split(",") if item.strip()]
        for proxy in proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError:
                raise ValueError(f"not an IP address or network: {proxy!r}") from None
        return ",".join(proxies)

    @field_validator(
        "self_response_opens",
        "self_response_closes",
        "census_reference_date",
        "interview_opens",
        "interview_closes",
    )
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        # A naive time would silently mean the server's zone; the census runs on WIB.
        return value if value.tzinfo else value.replace(tzinfo=WIB)

    @model_validator(mode="after")
    def _window_in_order(self) -> Settings:
        if self.self_response_closes <= self.self_response_opens:
            raise ValueError("self_response_closes must be after self_response_opens")
        if self.interview_closes <= self.interview_opens:
            raise ValueError("interview_closes must be after interview_opens")
        if self.environment != "development":
            _safe_for_production(self)
        return self


def _safe_for_production(settings: Any) -> None:
    if settings.secret_key == DEVELOPMENT_KEY:
        raise ValueError("set SENSUS_SECRET_KEY: the development key is public")
    if not settings.secure_cookies:
        raise ValueError("secure_cookies must stay on outside development")


@lru_cache
def get_settings() -> Settings:
    return Settings()
