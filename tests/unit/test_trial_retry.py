"""The trial's clients wait and retry by the browser outbox's rules (offline/backoff.js)."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from sensus.trial.retry import (
    RetryRules,
    backoff_delay_ms,
    next_delay_ms,
    retry_after_ms,
    retryable,
)

RULES = RetryRules(base_ms=200, cap_ms=1500)


class FixedRandom(random.Random):
    """Randomness is the one thing faked: ``random()`` answers what the test says."""

    def __init__(self, value: float) -> None:
        super().__init__(0)
        self.value = value

    def random(self) -> float:
        return self.value


@pytest.mark.parametrize("status", [0, 408, 429, 500, 502, 503, 504])
def test_no_answer_a_timeout_too_many_and_server_errors_are_tried_again(status: int) -> None:
    assert retryable(status)


@pytest.mark.parametrize("status", [200, 201, 400, 401, 403, 404, 409, 422])
def test_any_other_answer_settles_the_request(status: int) -> None:
    assert not retryable(status)


def test_the_backoff_is_full_jitter_up_to_a_doubling_ceiling() -> None:
    almost_one = FixedRandom(0.999999)
    ceilings = [backoff_delay_ms(attempt, RULES, almost_one) for attempt in range(1, 6)]
    assert ceilings == [200, 400, 800, 1500, 1500]  # doubled, then capped
    assert backoff_delay_ms(3, RULES, FixedRandom(0.0)) == 0  # full jitter starts at zero
    assert backoff_delay_ms(3, RULES, FixedRandom(0.5)) == 400


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = datetime(2026, 9, 1, 2, 0, 0, tzinfo=UTC)
    assert retry_after_ms("3", now) == 3000
    assert retry_after_ms("Tue, 01 Sep 2026 02:00:05 GMT", now) == 5000
    assert retry_after_ms("Tue, 01 Sep 2026 01:59:00 GMT", now) == 0  # in the past: at once
    assert retry_after_ms(None, now) is None
    assert retry_after_ms("soon", now) is None


def test_after_retry_after_waits_that_long_and_up_to_one_base_delay_more() -> None:
    assert next_delay_ms(1, 3000, RULES, FixedRandom(0.0)) == 3000
    assert next_delay_ms(1, 3000, RULES, FixedRandom(0.999999)) == 3200
    assert next_delay_ms(4, None, RULES, FixedRandom(0.999999)) == 1500  # no header: backoff


def test_timings_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        RetryRules(base_ms=0)
