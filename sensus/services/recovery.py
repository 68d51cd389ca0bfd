"""Recovery through the census's own people (ADR 0016).

A family that forgot its password has no e-mail or telephone on record: the only one who can
vouch for it is a person who has seen its family card. An officer (for households of their
own areas) or an administrator types the card's KK and a member's NIK and either sets a new
password with the family, or hands over a one-time code the family types itself
(``RespondentAccess.recover``). Either way every session of the household ends.

An administrator also decides the claims of a KK that two registrations made (ADR 0013):
the household confirmed as the family keeps the KK, the others lose it, their password and
their sessions. Everything here is audited in the transaction that does it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sensus.config import Settings
from sensus.domain import errors
from sensus.domain.identity import mask, validate_kk, validate_nik
from sensus.domain.staff import ADMIN, OFFICER, StaffMember, require_role
from sensus.services import answers, passwords
from sensus.services.clock import Clock, iso
from sensus.services.door_rules import counter_key
from sensus.storage import audit, door
from sensus.storage import households as households_store
from sensus.storage import recovery as store
from sensus.storage.database import Database

# Letters and digits that read and type unambiguously (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 8  # 25^8 ≈ 1.5e11; guesses are slowed on the KK's counter like sign-ins


@dataclass(frozen=True)
class IssuedCode:
    code: str  # shown once, as XXXX-XXXX
    expires_at: datetime


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def normalise_code(typed: str) -> str | None:
    """The code as stored, from what a person typed (any case, spaces, dashes); None if it
    cannot be one."""
    code = "".join(ch for ch in typed.upper() if ch not in " -")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def code_hash(settings: Settings, code: str) -> str:
    """A keyed hash: a leaked table does not let anyone try codes without the secret key."""
    return counter_key(settings, "recovery", code)


class Recovery:
    """What staff do for a family that cannot get in."""

    def __init__(self, settings: Settings, database: Database, clock: Clock) -> None:
        self._settings = settings
        self._db = database
        self._clock = clock
        # The process's share, the same pool as sign-ins (ADR 0017): never more hashes than cores.
        self._passwords = passwords.pool(settings.share(settings.hash_workers))

    def now(self) -> datetime:
        return self._clock().astimezone(UTC)

    # -- passwords and codes ----------------------------------------------------------------

    def reset_password(self, actor: StaffMember, kk: str, nik: str, password: str) -> int:
        """Set the household's password to one the family chose; sessions ended."""
        household_id = self._household(actor, kk, nik, password=password)
        new_hash = self._passwords.hash(password)
        ended = store.set_password(
            self._db,
            household_id,
            new_hash,
            actor=actor.audit_name,
            action="password_reset",
            now=self.now(),
        )
        door.clear(self._db, counter_key(self._settings, "kk", kk))  # the family waits no more
        return ended

    def issue_code(self, actor: StaffMember, kk: str, nik: str) -> IssuedCode:
        """A new one-time code for the household (an earlier unused one stops working)."""
        household_id = self._household(actor, kk, nik)
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        now = self.now()
        expires_at = now + timedelta(hours=self._settings.recovery_code_hours)
        store.issue_code(
            self._db,
            household_id,
            code_hash(self._settings, code),
            actor=actor.audit_name,
            now=now,
            expires_at=expires_at,
        )
        return IssuedCode(format_code(code), expires_at)

    def _household(self, actor: StaffMember, kk: str, nik: str, password: str | None = None) -> int:
        require_role(actor, OFFICER, ADMIN)
        kk, nik = kk.strip(), nik.strip()
        problems = validate_kk(kk) + validate_nik(nik)
        if password is not None:
            problems += _password_problems(password, self._settings.min_password_length)
        if problems:
            raise errors.invalid(problems)
        found = households_store.identified(self._db, kk, nik)
        if found is None or (
            actor.role == OFFICER
            and not store.in_officers_area(self._db, found.household_id, actor.id)
        ):
            # The same answer for a household elsewhere as for none: an officer's screen is
            # no way to look households up.
            raise errors.SensusError(errors.HOUSEHOLD_NOT_FOUND)
        return found.household_id

    # -- claims of a KK ---------------------------------------------------------------------

    def claims(self, actor: StaffMember) -> list[answers.Claim]:
        """Every KK a registration claims, with the households that hold or claim it."""
        require_role(actor, ADMIN)
        groups: list[answers.Claim] = []
        ids: list[int] = []
        for kk in store.claimed_kks(self._db):
            group = store.claimants(self._db, kk)
            groups.append({"kk": kk, "households": [_claimant(c) for c in group]})
            ids += [c.id for c in group]
        # Reading KKs and addresses is a read of personal data: audited.
        detail = {"households": ids}
        audit.record(self._db, self.now(), actor.audit_name, "claims_viewed", None, detail)
        return groups

    def confirm_family(self, actor: StaffMember, household_id: int) -> answers.FamilyConfirmed:
        """``household_id`` is the real family of the KK it holds or claims."""
        require_role(actor, ADMIN)
        kk = store.kk_named_by(self._db, household_id)
        group = store.claimants(self._db, kk) if kk else []
        if len(group) < 2 or household_id not in {c.id for c in group}:
            raise errors.SensusError(errors.NOT_A_CLAIM)
        holder = next((c for c in group if c.holds), None)
        if holder is not None and holder.source == "registry" and holder.id != household_id:
            raise errors.SensusError(errors.REGISTRY_HOLDS_KK)
        assert kk is not None
        others = [c.id for c in group if c.id != household_id]
        ended = store.hand_over(
            self._db, kk, household_id, others, actor=actor.audit_name, now=self.now()
        )
        return {"household_id": household_id, "others": len(others), "sessions_ended": ended}


def _claimant(c: store.Claimant) -> answers.Claimant:
    return {
        "id": c.id,
        "holds": c.holds,
        "source": c.source,
        "address": c.address,
        "rt": c.rt,
        "rw": c.rw,
        "village_code": c.village_code,
        # Masked: the administrator compares it with the card in hand.
        "registrant_nik": mask(c.registrant_nik) if c.registrant_nik else None,
        "status": c.status,
        "registered_at": iso(c.created_at),
        "sessions": c.sessions,
    }


def _password_problems(password: str, minimum: int) -> list[errors.FieldError]:
    if len(password) >= minimum:
        return []
    return [
        errors.field_error(
            "password",
            "too_short",
            f"Kata sandi minimal {minimum} karakter.",
            f"The password needs at least {minimum} characters.",
        )
    ]
