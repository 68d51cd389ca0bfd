"""How a household gets in: KK + NIK, its own password, and a session kept on the server.

The door (ADR 0013) answers alike whether or not a KK exists: every attempt does the same
statements and the same hash work, and failures are counted per KK *number* in the database,
claimed before the check in one statement. After the free attempts each one waits, the wait
doubling up to a cap, instead of a lock anyone can keep shut. A device that signed in to the
household before (its device cookie) has a counter of its own, so strangers are slowed down
and the family is not. Failures (never successes) also count per client address.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from itsdangerous import BadSignature, URLSafeSerializer

from sensus.config import Settings
from sensus.domain import errors, regions
from sensus.domain.identity import validate_kk, validate_nik
from sensus.domain.questionnaire.messages import field_error
from sensus.services import passwords, recovery
from sensus.services.clock import Clock
from sensus.services.door_rules import counter_key, delay_ladder, too_many
from sensus.services.schedule import Schedule
from sensus.storage import door, sessions
from sensus.storage import households as store
from sensus.storage import recovery as recovery_store
from sensus.storage.database import Database

SESSION_COOKIE = "sensus_session"
DEVICE_COOKIE = "sensus_device"
_DEVICE_HOUSEHOLDS = 8  # the KKs one shared phone remembers


# Ended sessions and idle counters are kept this long, then ``forget_old`` deletes them.
FORGET_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class Forgotten:
    sessions: int
    counters: int


@dataclass(frozen=True)
class Identified:
    household_id: int
    password_set: bool


@dataclass(frozen=True)
class Entered:
    """A signed-in household: its session token and the device cookie to keep."""

    household_id: int
    token: str
    device: str


@dataclass(frozen=True)
class Attempt:
    """Where an attempt comes from: the client's address and its device cookie, if any."""

    address: str = "unknown"
    device: str | None = None


class RespondentAccess:
    """Identification, passwords and sessions of self-responding households."""

    def __init__(self, settings: Settings, database: Database, clock: Clock) -> None:
        self._settings = settings
        self._db = database
        self._clock = clock
        self._schedule = Schedule.from_settings(settings)
        self.passwords = passwords.pool(settings.share(settings.hash_workers))
        self._devices = URLSafeSerializer(settings.secret_key, salt="device")

    # -- identification and sign-in --------------------------------------------------------

    def identify(self, kk: str, nik: str, attempt: Attempt | None = None) -> Identified:
        """The household of ``kk`` if ``nik`` is on it; one generic error otherwise."""
        self._schedule.require_open(self._clock())
        _require_numbers(kk, nik)
        counter = self._admit(kk, attempt or Attempt())
        found = store.identified(self._db, kk, nik)
        if found is None:
            self._failed(counter, errors.IDENTIFICATION_FAILED)
        # A right pair is not a success: KK and NIK are printed on the card, not secret.
        door.release(self._db, counter.key, free=self._settings.lockout_attempts)
        return Identified(found.household_id, found.password_hash is not None)

    def sign_in(self, kk: str, nik: str, password: str, attempt: Attempt | None = None) -> Entered:
        """A session for the household; the first sign-in sets its password."""
        self._schedule.require_open(self._clock())
        _require_numbers(kk, nik)
        counter = self._admit(kk, attempt or Attempt())
        found = store.identified(self._db, kk, nik)
        if found is not None and found.password_hash is None:
            return self._first_sign_in(counter, kk, found.household_id, password, attempt)
        checked = self.passwords.verify(found.password_hash if found else None, password)
        if found is None:
            self._failed(counter, errors.IDENTIFICATION_FAILED)
        if not checked.ok:
            self._failed(counter, errors.WRONG_PASSWORD)
        if checked.rehashed and found.password_hash is not None:
            store.replace_password_hash(
                self._db, found.household_id, found.password_hash, checked.rehashed
            )
        door.clear(self._db, counter.key)
        return self._enter(found.household_id, kk, attempt)

    def _first_sign_in(
        self, counter: _Counter, kk: str, household_id: int, password: str, at: Attempt | None
    ) -> Entered:
        door.release(self._db, counter.key, free=self._settings.lockout_attempts)
        self._check_new_password(password)
        new_hash = self.passwords.hash(password)
        if not store.set_first_password(self._db, household_id, new_hash, self._clock()):
            # Another device set it first: this one must know that password.
            return self._by_password(kk, household_id, password, at)
        door.clear(self._db, counter.key)
        return self._enter(household_id, kk, at)

    def _by_password(
        self, kk: str, household_id: int, password: str, at: Attempt | None
    ) -> Entered:
        household = store.household_by_id(self._db, household_id)
        assert household is not None
        if not self.passwords.verify(household.password_hash, password).ok:
            raise errors.SensusError(errors.WRONG_PASSWORD)
        return self._enter(household_id, kk, at)

    def register(
        self,
        *,
        kk: str,
        nik: str,
        password: str,
        village_code: str,
        address: str,
        rt: str,
        rw: str,
        attempt: Attempt | None = None,
    ) -> Entered:
        """Register a household the registry does not know under this KK + NIK.

        The answer never says whether a household holds the KK: a registration with a KK
        that is taken becomes a claim for an officer to verify (ADR 0013). Only a KK + NIK
        that already identify a household are refused, with what identification would say.
        """
        self._schedule.require_open(self._clock())
        _require_numbers(kk, nik)
        if not regions.is_village(village_code):
            # The village places the household in an enumeration area: it must exist.
            raise errors.invalid([field_error("village_code", "invalid_region")])
        self._check_new_password(password)
        self._refuse_busy_address(attempt or Attempt())
        pair, taken = store.registration_lookup(self._db, kk, nik)
        if pair:
            return self._registered_before(kk, nik, password, attempt)
        new = dict(kk=kk, nik=nik, village_code=village_code, address=address)
        # Zero-padded as the registry import stores them, so that areas group alike.
        new |= dict(rt=rt.zfill(3), rw=rw.zfill(3))
        password_hash = self.passwords.hash(password)
        try:
            household_id = store.create_self_registered(
                self._db, **new, password_hash=password_hash, now=self._clock(), claim=taken
            )
        except store.DuplicateKK:  # registered a moment ago: by this registrant, or another
            if store.registration_lookup(self._db, kk, nik)[0]:
                return self._registered_before(kk, nik, password, attempt)
            household_id = store.create_self_registered(
                self._db, **new, password_hash=password_hash, now=self._clock(), claim=True
            )
        # A registration is not a failure, but it is a write anyone can make: it counts
        # against the address like one.
        door.count_failure(self._db, self._address_key(attempt or Attempt()), now=self._clock())
        return self._enter(household_id, kk, attempt)

    def _registered_before(
        self, kk: str, nik: str, password: str, attempt: Attempt | None
    ) -> Entered:
        """A registration whose KK + NIK already identify a household.

        The registrant's own retry (its first answer lost on the way) enters the household it
        registered, exactly once, as the first answer would have: same KK + NIK, a household
        that registered itself, the password it registered with. Anything else is refused as
        before (sign in instead), and counts as a failed guess on the KK like a sign-in.
        """
        counter = self._admit(kk, attempt or Attempt())
        found = store.identified(self._db, kk, nik)
        household = store.household_by_id(self._db, found.household_id) if found else None
        hashed = household.password_hash if household else None
        checked = self.passwords.verify(hashed, password)
        if household is None or household.source != "self_registered" or not checked.ok:
            self._failed(counter, errors.KK_ALREADY_REGISTERED)
        door.clear(self._db, counter.key)
        return self._enter(household.id, kk, attempt)

    def recover(
        self, kk: str, nik: str, code: str, password: str, attempt: Attempt | None = None
    ) -> Entered:
        """A new password with the one-time code an officer handed over (ADR 0016); every
        other session of the household ends. Guesses count on the KK's counter like sign-ins,
        and any wrong part gets one answer."""
        self._schedule.require_open(self._clock())
        _require_numbers(kk, nik)
        normalised = recovery.normalise_code(code)
        if normalised is None:
            raise errors.invalid([_code_format_error()])
        self._check_new_password(password)
        counter = self._admit(kk, attempt or Attempt())
        found = store.identified(self._db, kk, nik)
        keyed = recovery.code_hash(self._settings, normalised)
        now = self._clock()
        household_id = found.household_id if found else -1  # the same statement either way
        if not recovery_store.current_code(self._db, household_id, keyed, now):
            self._failed(counter, errors.RECOVERY_FAILED)
        new_hash = self.passwords.hash(password)
        if not recovery_store.use_code(self._db, household_id, keyed, new_hash, now=now):
            self._failed(counter, errors.RECOVERY_FAILED)  # another device spent it first
        door.clear(self._db, counter.key)
        return self._enter(household_id, kk, attempt)

    # -- sessions -----------------------------------------------------------------------------

    def household_for_session(self, token: str | None) -> int | None:
        """The household a session token stands for, while the session is current."""
        if not token or len(token) > 200:
            return None
        return sessions.household_for(self._db, _token_hash(token), self._clock())

    def sign_out(self, token: str | None) -> None:
        """End the session on the server: every copy of its cookie stops working."""
        if token and len(token) <= 200:
            sessions.end(self._db, _token_hash(token), self._clock())

    def open_session(self, household_id: int) -> str:
        """A new session token for the household (the sign-in's; benchmarks set it up)."""
        token = secrets.token_urlsafe(32)
        now = self._clock()
        expires = now + timedelta(hours=self._settings.session_hours)
        sessions.create(self._db, household_id, _token_hash(token), now=now, expires_at=expires)
        return token

    def _enter(self, household_id: int, kk: str, attempt: Attempt | None) -> Entered:
        token = self.open_session(household_id)
        return Entered(household_id, token, self._trusted_device(kk, attempt))

    def forget_old(self) -> Forgotten:
        """Delete what no longer protects anyone: sessions ended or expired a day ago, and
        counters untouched for a day and not waiting (a KK's count then starts again, which
        gives a guesser five more tries a day against the ~100 its waits allow)."""
        before = self._clock() - FORGET_AFTER
        return Forgotten(
            sessions=sessions.forget_ended_before(self._db, before),
            counters=door.forget_before(self._db, before),
        )

    # -- the counters -------------------------------------------------------------------------

    def failures(self, kk: str) -> int:
        """The failures counted against a KK number (by strangers' devices)."""
        return door.failures(self._db, self._key("kk", kk))

    def _admit(self, kk: str, attempt: Attempt) -> _Counter:
        """Claim an attempt on the KK's counter (or the trusted device's); 429 when waiting."""
        device_key = self._device_key(kk, attempt.device)
        if device_key is None:
            self._refuse_busy_address(attempt)
        counter = _Counter(device_key or self._key("kk", kk), self._address_key(attempt))
        now = self._clock()
        if door.claim(self._db, counter.key, now=now, ladder=self._ladder(now)) is None:
            until = door.blocked_until(self._db, counter.key) or now
            raise too_many(until - now)
        return counter

    def _failed(self, counter: _Counter, problem: errors.Problem) -> NoReturn:
        door.count_failure(self._db, counter.address_key, now=self._clock())
        raise errors.SensusError(problem)

    def _ladder(self, now: datetime) -> list[tuple[int, datetime]]:
        return delay_ladder(self._settings, now)

    def _refuse_busy_address(self, attempt: Attempt) -> None:
        if door.failures(self._db, self._address_key(attempt)) >= self._limit_per_hour:
            now = self._clock()
            next_hour = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
            raise too_many(next_hour - now)

    @property
    def _limit_per_hour(self) -> int:
        return self._settings.address_failures_per_hour

    def _address_key(self, attempt: Attempt) -> str:
        hour = self._clock().strftime("%Y%m%d%H")
        return self._key("address", f"{hour}:{attempt.address}")

    def _key(self, kind: str, value: str) -> str:
        return counter_key(self._settings, kind, value)

    # -- device cookies (OWASP: slow down online guessing attacks with device cookies) -------

    def _device(self, cookie: str | None) -> tuple[str, list[str]] | None:
        if not cookie or len(cookie) > 1000:
            return None
        try:
            payload = self._devices.loads(cookie)
        except BadSignature:
            return None
        if not isinstance(payload, dict):
            return None
        nonce, tags = payload.get("n"), payload.get("k")
        if not isinstance(nonce, str) or not isinstance(tags, list):
            return None
        return nonce, [tag for tag in tags if isinstance(tag, str)]

    def _device_key(self, kk: str, cookie: str | None) -> str | None:
        device = self._device(cookie)
        tag = self._key("device-kk", kk)[:16]
        if device is None or tag not in device[1]:
            return None
        return self._key("device", f"{device[0]}:{tag}")

    def _trusted_device(self, kk: str, attempt: Attempt | None) -> str:
        """The device cookie, now also trusted for ``kk`` (the device's nonce is kept)."""
        device = self._device(attempt.device if attempt else None)
        nonce, tags = device or (secrets.token_urlsafe(16), [])
        tag = self._key("device-kk", kk)[:16]
        kept = [t for t in tags if t != tag][-(_DEVICE_HOUSEHOLDS - 1) :]
        tags = [*kept, tag]
        return self._devices.dumps({"n": nonce, "k": tags})

    def _check_new_password(self, password: str) -> None:
        minimum = self._settings.min_password_length
        if len(password) < minimum:
            raise errors.invalid(
                [
                    errors.field_error(
                        "password",
                        "too_short",
                        f"Kata sandi minimal {minimum} karakter.",
                        f"The password needs at least {minimum} characters.",
                    )
                ]
            )


@dataclass(frozen=True)
class _Counter:
    key: str  # the KK's counter, or the trusted device's
    address_key: str


def _code_format_error() -> errors.FieldError:
    return errors.field_error(
        "code",
        "invalid_code",
        "Kode pemulihan terdiri dari 8 huruf dan angka, seperti ACDE-3467.",
        "A recovery code has 8 letters and digits, like ACDE-3467.",
    )


def _require_numbers(kk: str, nik: str) -> None:
    problems = validate_kk(kk) + validate_nik(nik)
    if problems:
        raise errors.invalid(problems)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
