"""Network profiles: what lies between a simulated phone and the server during a trial.

Each profile is the fault proxy's ``Faults`` plus what changes over time: blackouts of
several seconds (the network goes away, open connections are cut) and, for ``last_day``,
arrivals that ramp up towards the deadline. The figures are typical of Indonesian mobile
networks outside the cities, not measurements; docs/trial.md gives their sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from sensus.trial.faults import Faults


@dataclass(frozen=True)
class Profile:
    name: str
    faults: Faults
    blackout_every_s: float | None = None  # a blackout starts about this often
    blackout_s: tuple[float, float] = (2.0, 5.0)  # and lasts between these
    surge: bool = False  # arrivals ramp up to the end of the trial, as before a deadline
    label: str = ""


PROFILES: dict[str, Profile] = {
    profile.name: profile
    for profile in (
        Profile("4g", Faults(latency_ms=40, jitter_ms=20, bandwidth_down_kbps=12_000,
                             bandwidth_up_kbps=4_000), label="4G"),
        Profile("3g", Faults(latency_ms=150, jitter_ms=60, bandwidth_down_kbps=1_500,
                             bandwidth_up_kbps=500), label="3G"),
        Profile("2g", Faults(latency_ms=400, jitter_ms=150, bandwidth_down_kbps=120,
                             bandwidth_up_kbps=60), label="2G (EDGE)"),
        Profile(
            "flaky",
            Faults(
                latency_ms=150,
                jitter_ms=250,
                loss=0.05,
                bandwidth_down_kbps=800,
                bandwidth_up_kbps=300,
                reset_mid_request=0.04,
                reset_after_request=0.04,
                reset_mid_response=0.04,
                refuse_503=0.02,
                retry_after_s=1,
            ),
            blackout_every_s=15.0,
            blackout_s=(2.0, 4.0),
            label="flaky: jitter, loss, resets, blackouts",
        ),
        Profile("last_day", Faults(latency_ms=80, jitter_ms=60, bandwidth_down_kbps=4_000,
                                   bandwidth_up_kbps=1_000), surge=True,
                label="last day: a surge ramp to the deadline"),
    )
}  # fmt: skip


def parse_profiles(text: str) -> list[Profile]:
    """``"flaky,3g"`` as profiles; ValueError naming the unknown ones."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in PROFILES]
    if unknown or not names:
        raise ValueError(
            f"unknown profile {', '.join(unknown) or '(none)'}; known: " + ", ".join(PROFILES)
        )
    return [PROFILES[name] for name in dict.fromkeys(names)]
