"""One Settings object from the environment (prefix ``SENSUS_``), failing fast on bad values."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

WIB = timezone(timedelta(hours=7), "WIB")
ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Runtime configuration. Every field can be set as ``SENSUS_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="SENSUS_", extra="forbid")

    database_url: str = f"sqlite:///{ROOT / 'var' / 'sensus.db'}"
    questionnaire_path: Path = ROOT / "questionnaires" / "sp2020.yaml"
    secret_key: str = Field(default="dev-only-change-me-in-production", min_length=16)
    # The online self-response window (SP2020 online ran 15 Feb - 31 Mar 2020).
    self_response_opens: datetime = datetime(2026, 1, 1, tzinfo=WIB)
    self_response_closes: datetime = datetime(2027, 12, 31, 23, 59, tzinfo=WIB)
    # The census reference moment: ages and "lives here" are judged at this date.
    census_reference_date: datetime = datetime(2026, 9, 1, tzinfo=WIB)
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    max_body_bytes: int = Field(default=256 * 1024, ge=1024)
    min_password_length: int = Field(default=8, ge=6, le=64)
    # Failed identifications per KK before it is locked, and for how long.
    lockout_attempts: int = Field(default=5, ge=1)
    lockout_minutes: int = Field(default=15, ge=1)
    secure_cookies: bool = False

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("only sqlite:// and postgresql:// URLs are supported")
        return value

    @field_validator("self_response_opens", "self_response_closes", "census_reference_date")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        # A naive time would silently mean the server's zone; the census runs on WIB.
        return value if value.tzinfo else value.replace(tzinfo=WIB)

    @model_validator(mode="after")
    def _window_in_order(self) -> Settings:
        if self.self_response_closes <= self.self_response_opens:
            raise ValueError("self_response_closes must be after self_response_opens")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
