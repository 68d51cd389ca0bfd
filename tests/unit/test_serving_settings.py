"""The load-shedding settings fail fast on values that would switch protection off."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sensus.config import Settings, default_max_in_flight


@pytest.mark.parametrize(
    "bad",
    [
        {"max_in_flight": 0},
        {"retry_after_seconds": 0},
        {"request_timeout_seconds": 0},
        {"request_timeout_seconds": -1},
    ],
)
def test_nonsense_shedding_settings_are_refused(bad: dict[str, float]) -> None:
    with pytest.raises(ValidationError):
        Settings(**bad)


def test_the_bound_defaults_to_eight_per_cpu_and_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().max_in_flight == default_max_in_flight() >= 8
    monkeypatch.setenv("SENSUS_MAX_IN_FLIGHT", "3")
    monkeypatch.setenv("SENSUS_RETRY_AFTER_SECONDS", "12")
    settings = Settings()
    assert (settings.max_in_flight, settings.retry_after_seconds) == (3, 12)
