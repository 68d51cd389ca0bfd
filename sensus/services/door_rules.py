"""The door's rules shared by households and staff: counter keys and the ladder of delays.

A key is an HMAC with the secret key, so ``door_counters`` holds no KK, username or address
in plain. After ``lockout_attempts`` free failures each attempt waits, the wait doubling from
``lockout_first_delay_seconds`` up to ``lockout_minutes`` (ADR 0013): a delay anyone can
cause, never a lock anyone can keep shut, and the same for a name that exists or not.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import datetime, timedelta

from sensus.config import Settings
from sensus.domain import errors


def counter_key(settings: Settings, kind: str, value: str) -> str:
    secret = settings.secret_key.encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def delay_ladder(settings: Settings, now: datetime) -> list[tuple[int, datetime]]:
    """After the free attempts, the wait doubles from the first delay up to the cap."""
    first, cap = settings.lockout_first_delay_seconds, settings.lockout_minutes * 60
    steps = max(0, math.ceil(math.log2(max(cap / first, 1))))
    return [
        (settings.lockout_attempts + n, now + timedelta(seconds=min(first * 2**n, cap)))
        for n in range(steps + 1)
    ]


def too_many(wait: timedelta) -> errors.SensusError:
    seconds = max(1, math.ceil(wait.total_seconds()))
    return errors.SensusError(errors.TOO_MANY_ATTEMPTS, retry_after=seconds)
