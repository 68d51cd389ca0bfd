"""Password hashing at OWASP's floor, in a bounded pool of its own (ADR 0013, issue 7).

Argon2id with m = 19 MiB, t = 2, p = 1 (OWASP's minimum; argon2-cffi's defaults take 64 MiB
and three times the CPU). Never more hashes run at once than ``workers`` (one per core by
default): a hash holds a core for its whole time, so more at once only make each slower and
the process larger. How many sign-ins may wait for a worker is bounded before the handler
runs, by the door's admission in ``sensus.api.shedding``.

A sign-in whose account or household is unknown verifies against a dummy hash, so that it
costs the same hash time as a known one.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from functools import cached_property

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP Password Storage Cheat Sheet: Argon2id, 19 MiB of memory, 2 iterations, 1 lane.
MEMORY_KIB = 19 * 1024
TIME_COST = 2
PARALLELISM = 1


@dataclass(frozen=True)
class Checked:
    ok: bool
    rehashed: str | None = None  # the same password hashed with today's parameters


class Passwords:
    """Hash and verify with at most ``workers`` hashes at once."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._hasher = PasswordHasher(
            time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM, type=Type.ID
        )
        self._slots = threading.BoundedSemaphore(workers)
        self._lock = threading.Lock()
        self.running = 0
        self.peak = 0  # the most hashes that ever ran at once (for tests and /healthz)
        self.verified = 0  # verifications done, dummy ones included
        self.hashed = 0

    @cached_property
    def _dummy(self) -> str:
        return self._hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        with self._slot():
            self.hashed += 1
            return self._hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> Checked:
        """Whether ``password`` matches ``stored`` (None: an unknown account, never matches)."""
        against = stored if stored is not None else self._dummy
        with self._slot():
            self.verified += 1
            try:
                self._hasher.verify(against, password)
            except (VerificationError, InvalidHashError):
                return Checked(False)
            if stored is None:
                return Checked(False)
            if not self._hasher.check_needs_rehash(stored):
                return Checked(True)
            return Checked(True, self._hasher.hash(password))

    def _slot(self) -> _Slot:
        return _Slot(self)


class _Slot:
    def __init__(self, pool: Passwords) -> None:
        self.pool = pool

    def __enter__(self) -> None:
        pool = self.pool
        pool._slots.acquire()
        with pool._lock:
            pool.running += 1
            pool.peak = max(pool.peak, pool.running)

    def __exit__(self, *_: object) -> None:
        pool = self.pool
        with pool._lock:
            pool.running -= 1
        pool._slots.release()


_POOLS: dict[int, Passwords] = {}
_POOLS_LOCK = threading.Lock()


def pool(workers: int) -> Passwords:
    """The process's pool of ``workers``: respondents and staff share it, so that together
    they never run more hashes at once than it allows."""
    with _POOLS_LOCK:
        if workers not in _POOLS:
            _POOLS[workers] = Passwords(workers)
        return _POOLS[workers]
