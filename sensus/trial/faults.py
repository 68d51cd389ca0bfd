"""What the fault proxy does to traffic (``Faults``) and what it has done (``ProxyStats``)."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class Faults:
    """The faults in force; replace them whole with ``FaultProxy.set_faults``.

    Every fault but ``blackout`` applies only to requests whose path starts with
    ``path_prefix`` and (when set) whose method is ``method``; other requests pass untouched.
    ``blackout`` is the network going away, so it ignores both.
    """

    latency_ms: int = 0  # added each way: before the request goes up, before each response chunk
    jitter_ms: int = 0  # each request's latency is latency_ms + random(0, jitter_ms), each way
    # probability that a request meets a lost packet: TCP's retransmission timeout (1 s,
    # doubling for each loss in a row) is added to its latency
    loss: float = 0.0
    bandwidth_down_kbps: int | None = None  # server→client throttle, per connection
    bandwidth_up_kbps: int | None = None  # client→server throttle, per connection
    blackout: bool = False  # every new connection is closed at once; open ones are cut
    refuse_503: float = 0.0  # probability: answer 503 + Retry-After without forwarding
    retry_after_s: int = 1
    reset_after_request: float = 0.0  # probability: the server answers, the client sees a reset
    reset_mid_response: float = 0.0  # probability: reset after the head and half the body
    reset_mid_request: float = 0.0  # probability: cut while the request goes up (never arrives)
    path_prefix: str = ""
    method: str | None = None

    def __post_init__(self) -> None:
        chances = (
            self.refuse_503,
            self.reset_after_request,
            self.reset_mid_response,
            self.reset_mid_request,
        )
        if any(not 0.0 <= chance <= 1.0 for chance in chances) or sum(chances) > 1.0:
            raise ValueError("fault probabilities must be within 0..1 and add up to at most 1")
        if not 0.0 <= self.loss < 1.0:
            raise ValueError("loss must be within 0..1 (1 excluded)")
        if self.latency_ms < 0 or self.jitter_ms < 0 or self.retry_after_s < 0:
            raise ValueError("latency_ms, jitter_ms and retry_after_s must not be negative")
        for kbps in (self.bandwidth_down_kbps, self.bandwidth_up_kbps):
            if kbps is not None and kbps <= 0:
                raise ValueError("a bandwidth must be positive (None for unlimited)")

    def applies_to(self, method: str, path: str) -> bool:
        if self.method is not None and method.upper() != self.method.upper():
            return False
        return path.startswith(self.path_prefix)


NO_FAULTS = Faults()
# More lost packets in a row than this is a connection that has gone: a blackout's business.
_LOSSES_IN_A_ROW = 3


class Outcome(Enum):
    FORWARD = "forward"
    REFUSE_503 = "refuse_503"
    RESET_AFTER_REQUEST = "reset_after_request"
    RESET_MID_RESPONSE = "reset_mid_response"
    RESET_MID_REQUEST = "reset_mid_request"


def draw(faults: Faults, rng: random.Random) -> Outcome:
    """One request's fate: a single draw from ``rng`` against the cumulative chances."""
    chances = (
        (Outcome.REFUSE_503, faults.refuse_503),
        (Outcome.RESET_AFTER_REQUEST, faults.reset_after_request),
        (Outcome.RESET_MID_RESPONSE, faults.reset_mid_response),
        (Outcome.RESET_MID_REQUEST, faults.reset_mid_request),
    )
    if not any(chance for _, chance in chances):
        return Outcome.FORWARD  # no draw: latency alone leaves the random sequence alone
    roll = rng.random()
    for outcome, chance in chances:
        if roll < chance:
            return outcome
        roll -= chance
    return Outcome.FORWARD


def latency_of(faults: Faults, rng: random.Random) -> float:
    """One request's latency each way, in seconds: the base, its jitter, lost packets.

    No draw is made for a fault that is off, so latency alone leaves the sequence alone.
    """
    milliseconds = float(faults.latency_ms)
    if faults.jitter_ms:
        milliseconds += rng.random() * faults.jitter_ms
    timeout = 1000.0
    for _ in range(_LOSSES_IN_A_ROW):
        if not faults.loss or rng.random() >= faults.loss:
            break
        milliseconds += timeout
        timeout *= 2
    return milliseconds / 1000


class ProxyStats:
    """Counters, safe to read from any thread while the proxy runs."""

    NAMES = (
        "requests",  # every request read from a client
        "forwarded",  # sent upstream (including those reset afterwards)
        "refused_503",
        "reset_after_request",
        "reset_mid_response",
        "reset_mid_request",
        "blackout_closed",  # connections closed or cut by a blackout
        "upstream_failed",  # answered 502: the upstream could not be reached or broke off
    )

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts = dict.fromkeys(self.NAMES, 0)

    def add(self, name: str) -> None:
        with self._lock:
            self._counts[name] += 1

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def _get(self, name: str) -> int:
        with self._lock:
            return self._counts[name]

    @property
    def requests(self) -> int:
        return self._get("requests")

    @property
    def forwarded(self) -> int:
        return self._get("forwarded")

    @property
    def refused_503(self) -> int:
        return self._get("refused_503")

    @property
    def reset_after_request(self) -> int:
        return self._get("reset_after_request")

    @property
    def reset_mid_response(self) -> int:
        return self._get("reset_mid_response")

    @property
    def reset_mid_request(self) -> int:
        return self._get("reset_mid_request")

    @property
    def blackout_closed(self) -> int:
        return self._get("blackout_closed")

    @property
    def upstream_failed(self) -> int:
        return self._get("upstream_failed")

    def __repr__(self) -> str:
        return f"ProxyStats({self.snapshot()})"
