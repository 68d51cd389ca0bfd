"""One request's latency through the fault proxy: the base, its jitter, lost packets."""

from __future__ import annotations

import random

from sensus.trial.faults import Faults, latency_of


class Rolls(random.Random):
    """Randomness is the one thing faked: ``random()`` answers the rolls the test gives."""

    def __init__(self, *rolls: float) -> None:
        super().__init__(0)
        self.rolls = list(rolls)

    def random(self) -> float:
        return self.rolls.pop(0)


def test_the_base_latency_alone_draws_nothing() -> None:
    assert latency_of(Faults(latency_ms=150), Rolls()) == 0.15


def test_jitter_adds_up_to_its_amount() -> None:
    assert latency_of(Faults(latency_ms=100, jitter_ms=200), Rolls(0.5)) == 0.2


def test_each_lost_packet_in_a_row_waits_a_doubled_retransmission_timeout() -> None:
    faults = Faults(loss=0.1)
    assert latency_of(faults, Rolls(0.5)) == 0.0  # no loss
    assert latency_of(faults, Rolls(0.05, 0.5)) == 1.0  # one
    assert latency_of(faults, Rolls(0.05, 0.05, 0.5)) == 3.0  # two: 1 s + 2 s
    assert latency_of(faults, Rolls(0.0, 0.0, 0.0, 0.0)) == 7.0  # three at most
