"""How a household gets in: KK + NIK, its own password, and a signed session.

Every mismatch gets the same answer, whichever number was wrong, so the answers reveal
nothing about the registry. Each failed pair counts against the KK; enough of them lock it
for a while (UU 27/2022 asks us to make guessing NIK/KK pairs impractical).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

from sensus.config import Settings
from sensus.domain import errors, regions
from sensus.domain.identity import validate_kk, validate_nik
from sensus.domain.questionnaire.messages import field_error
from sensus.services.clock import Clock
from sensus.storage import households as store
from sensus.storage.database import Database

SESSION_COOKIE = "sensus_session"


@dataclass(frozen=True)
class Identified:
    household_id: int
    password_set: bool


class RespondentAccess:
    """Identification, passwords and sessions of self-responding households."""

    def __init__(self, settings: Settings, database: Database, clock: Clock) -> None:
        self._settings = settings
        self._db = database
        self._clock = clock
        self._hasher = PasswordHasher()
        self._sessions = URLSafeTimedSerializer(settings.secret_key, salt="self-response")

    def identify(self, kk: str, nik: str) -> Identified:
        """The household of ``kk`` if ``nik`` is on it; one generic error otherwise."""
        _require_numbers(kk, nik)
        household = store.household_by_kk(self._db, kk)
        if household is None:
            raise errors.SensusError(errors.IDENTIFICATION_FAILED)
        self._refuse_if_locked(household)
        if not store.nik_identifies(self._db, household, nik):
            self._count_failure(household.id)
            raise errors.SensusError(errors.IDENTIFICATION_FAILED)
        return Identified(household.id, household.password_hash is not None)

    def sign_in(self, kk: str, nik: str, password: str) -> tuple[int, str]:
        """A session token for the household; the first sign-in sets its password."""
        identified = self.identify(kk, nik)
        if not identified.password_set:
            self._check_new_password(password)
            if store.set_first_password(
                self._db, identified.household_id, self._hash(password), self._clock()
            ):
                store.clear_failed_identifications(self._db, identified.household_id)
                return identified.household_id, self._token(identified.household_id)
        self._verify_password(identified.household_id, password)
        return identified.household_id, self._token(identified.household_id)

    def register(
        self, *, kk: str, nik: str, password: str, village_code: str, address: str, rt: str, rw: str
    ) -> tuple[int, str]:
        """Register a household whose KK the registry extract does not have yet."""
        _require_numbers(kk, nik)
        if not regions.is_village(village_code):
            # The village places the household in an enumeration area: it must exist.
            raise errors.invalid([field_error("village_code", "invalid_region")])
        self._check_new_password(password)
        try:
            household_id = store.create_self_registered(
                self._db,
                kk=kk,
                nik=nik,
                village_code=village_code,
                address=address,
                # Zero-padded as the registry import stores them, so that areas group alike.
                rt=rt.zfill(3),
                rw=rw.zfill(3),
                password_hash=self._hash(password),
                now=self._clock(),
            )
        except store.DuplicateKK:
            raise errors.SensusError(errors.KK_ALREADY_REGISTERED) from None
        return household_id, self._token(household_id)

    def household_for_session(self, token: str | None) -> int | None:
        """The household id a session token stands for, if it is genuine and current."""
        if not token:
            return None
        max_age = self._settings.session_hours * 3600
        try:
            payload = self._sessions.loads(token, max_age=max_age)
        except BadSignature:
            return None
        if not isinstance(payload, dict) or not isinstance(payload.get("h"), int):
            return None
        household = store.household_by_id(self._db, payload["h"])
        if household is None or _fingerprint(household.password_hash) != payload.get("p"):
            return None  # the password changed since: old sessions end
        return household.id

    def _token(self, household_id: int) -> str:
        household = store.household_by_id(self._db, household_id)
        assert household is not None
        return self._sessions.dumps({"h": household_id, "p": _fingerprint(household.password_hash)})

    def _hash(self, password: str) -> str:
        return self._hasher.hash(password)

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

    def _verify_password(self, household_id: int, password: str) -> None:
        household = store.household_by_id(self._db, household_id)
        assert household is not None and household.password_hash is not None
        try:
            self._hasher.verify(household.password_hash, password)
        except (VerificationError, InvalidHashError):
            self._count_failure(household_id)
            raise errors.SensusError(errors.WRONG_PASSWORD) from None
        store.clear_failed_identifications(self._db, household_id)

    def _refuse_if_locked(self, household: store.HouseholdRecord) -> None:
        if household.locked_until is not None and _aware(household.locked_until) > self._clock():
            raise errors.SensusError(errors.TOO_MANY_ATTEMPTS)

    def _count_failure(self, household_id: int) -> None:
        lock_until = self._clock() + timedelta(minutes=self._settings.lockout_minutes)
        store.record_failed_identification(
            self._db,
            household_id,
            max_attempts=self._settings.lockout_attempts,
            locked_until=lock_until,
        )


def _require_numbers(kk: str, nik: str) -> None:
    problems = validate_kk(kk) + validate_nik(nik)
    if problems:
        raise errors.invalid(problems)


def _fingerprint(password_hash: str | None) -> str:
    # The hash's tail changes with every new password, so it ends old sessions.
    return (password_hash or "")[-12:]


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; we store UTC.
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
