"""The real clients' retry rules, in Python: every simulated client of the trial uses these.

They are the rules of the browser's outbox (``web/static/js/offline/outbox.js`` and
``backoff.js``, docs/offline.md), written again here because the trial's clients are not
browsers; ``tests/unit/test_trial_retry.py`` runs the same cases as the browser's tests:

- no answer at all (status 0, also a body cut off after the status line), 408, 429 and any
  5xx are tried again; every other answer settles the request;
- the wait after failed attempt ``n`` is full jitter: ``random(0, min(cap, base * 2^(n-1)))``;
- when the server said ``Retry-After`` (seconds or an HTTP date), the wait is that long plus a
  jitter of up to one base delay, so a crowd told the same moment does not come back at once.

A retry sends the very same request (same idempotency key, same body): only that makes a
retry after "no answer" safe.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

NO_ANSWER = 0


@dataclass(frozen=True)
class RetryRules:
    """Timings in milliseconds, as the server hands them to its pages (``SENSUS_CLIENT_*``)."""

    base_ms: int = 2000
    cap_ms: int = 300_000
    max_attempts: int | None = None  # the browser never gives up; a trial may have to

    def __post_init__(self) -> None:
        if self.base_ms <= 0 or self.cap_ms <= 0:
            raise ValueError("base_ms and cap_ms must be positive")


def retryable(status: int) -> bool:
    """Whether an answer with ``status`` may be tried again (0: no complete answer)."""
    return status in (NO_ANSWER, 408, 429) or status >= 500


def backoff_delay_ms(attempt: int, rules: RetryRules, rng: random.Random) -> int:
    """The wait before retry number ``attempt`` (1 for the first retry): full jitter."""
    exponent = min(max(attempt - 1, 0), 30)
    ceiling = min(rules.cap_ms, rules.base_ms << exponent)
    return round(rng.random() * ceiling)


def retry_after_ms(header: str | None, now: datetime | None = None) -> int | None:
    """A ``Retry-After`` header (seconds, or an HTTP date) in milliseconds; None if none."""
    if header is None:
        return None
    text = header.strip()
    if text.isdigit():
        return int(text) * 1000
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    moment = now or datetime.now(UTC)
    return max(0, round((when - moment).total_seconds() * 1000))


def next_delay_ms(
    attempt: int, retry_after: int | None, rules: RetryRules, rng: random.Random
) -> int:
    """The wait after failed attempt ``attempt``: Retry-After plus up to one base delay, or
    the backoff when the server said nothing."""
    if retry_after is None:
        return backoff_delay_ms(attempt, rules, rng)
    return retry_after + round(rng.random() * min(rules.base_ms, rules.cap_ms))
