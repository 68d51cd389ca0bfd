"""Staff accounts: creation (one, or a CSV file of them), sign-in on the door's counters,
device sessions.

A session is a random token in an HttpOnly cookie (``sensus_staff``); the server keeps its
SHA-256 with the device's label and an expiry, so an administrator can end the session of one
lost phone (ADR 0008). Officers work offline for days, so sessions last
``staff_session_days``; an ended session is answered 401, and the device keeps its unsent
records until someone signs in again.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sensus.config import Settings
from sensus.domain import errors
from sensus.domain.errors import FieldError
from sensus.domain.staff import (
    ADMIN,
    OFFICER,
    STAFF_COLUMNS,
    SUPERVISOR,
    StaffMember,
    StaffRow,
    check_staff,
    require_role,
    staff_row,
)
from sensus.services import passwords
from sensus.services.clock import Clock, iso
from sensus.services.csv_rows import LineProblem, read_rows
from sensus.services.door_rules import counter_key, delay_ladder, too_many
from sensus.storage import audit, door
from sensus.storage import staff as store
from sensus.storage.database import Database

STAFF_COOKIE = "sensus_staff"
# The command line acts with an administrator's rights; the audit log names it "cli".
COMMAND_LINE = StaffMember(0, "cli", "command line", ADMIN, None)
_GENERATED_PASSWORD_BYTES = 9  # 12 characters of URL-safe base64


@dataclass(frozen=True)
class SignedIn:
    member: StaffMember
    token: str
    expires_at: datetime


@dataclass
class StaffImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[LineProblem] = field(default_factory=list)
    # Passwords made for new accounts whose row gave none: shown once, to hand out.
    generated: list[tuple[str, str]] = field(default_factory=list)


def member(record: store.StaffRecord) -> StaffMember:
    return StaffMember(
        record.id, record.username, record.full_name, record.role, record.supervisor_id
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class StaffService:
    """Accounts and sessions of officers, supervisors and administrators."""

    def __init__(self, settings: Settings, database: Database, clock: Clock) -> None:
        self._settings = settings
        self._db = database
        self._clock = clock
        # The process's bounded hash pool, shared with respondents (ADR 0013).
        self.passwords = passwords.pool(settings.share(settings.hash_workers))

    def now(self) -> datetime:
        return self._clock().astimezone(UTC)

    # -- sessions ----------------------------------------------------------------------------

    def sign_in(self, username: str, password: str, device_label: str) -> SignedIn:
        """A new session for the account; one generic error for any wrong username or password.

        Failures are counted per username on the door's counters (ADR 0013, 0016), claimed
        before the check, whether or not the account exists: an unknown username is slowed
        down exactly like a known one, so the answer tells neither apart.
        """
        name = username.strip().lower()
        key = counter_key(self._settings, "staff", name)
        now = self.now()
        if door.claim(self._db, key, now=now, ladder=delay_ladder(self._settings, now)) is None:
            raise too_many((door.blocked_until(self._db, key) or now) - now)
        record = store.staff_by_username(self._db, name)
        usable = record is not None and record.active
        checked = self.passwords.verify(
            record.password_hash if usable and record else None, password
        )
        if record is None or not usable or not checked.ok:
            raise errors.SensusError(errors.STAFF_SIGN_IN_FAILED)
        door.clear(self._db, key)
        if checked.rehashed:  # made with other parameters: upgraded while we have the password
            store.replace_password_hash(self._db, record.id, record.password_hash, checked.rehashed)
        token = secrets.token_urlsafe(32)
        now = self.now()
        expires_at = now + timedelta(days=self._settings.staff_session_days)
        store.create_session(
            self._db, record.id, token_hash(token), device_label, now=now, expires_at=expires_at
        )
        return SignedIn(member(record), token, expires_at)

    def member_for_token(self, token: str | None) -> StaffMember | None:
        """The member of staff a session token stands for, while the session is current."""
        if not token or len(token) > 200:
            return None
        record = store.staff_for_token(self._db, token_hash(token), self.now())
        return member(record) if record else None

    def sign_out(self, token: str | None) -> None:
        if token:
            store.end_session(self._db, token_hash(token), self.now())

    def own_sessions(self, actor: StaffMember, token: str | None) -> list[dict[str, Any]]:
        """The sessions of the signed-in member, marking the one of this device."""
        this = token_hash(token) if token else None
        sessions = [
            s for s in self._session_list(actor.id) if s["revoked_at"] is None and s["current"]
        ]
        for session in sessions:
            session["this_device"] = session.pop("token_hash") == this
        return sessions

    def end_own_session(self, actor: StaffMember, session_id: int) -> None:
        """End one of the signed-in member's own sessions (a lost or shared phone)."""
        owned = {s["id"] for s in self._session_list(actor.id)}
        if session_id not in owned:
            raise errors.SensusError(errors.NOT_FOUND)
        store.revoke_sessions(
            self._db, actor.id, session_id, actor=actor.audit_name, now=self.now()
        )

    def _session_list(self, staff_id: int) -> list[dict[str, Any]]:
        now = self.now()
        return [
            {
                "id": s.id,
                "device_label": s.device_label,
                "created_at": iso(s.created_at),
                "expires_at": iso(s.expires_at),
                "revoked_at": iso(s.revoked_at),
                "current": s.revoked_at is None and s.expires_at > now,
                "token_hash": s.token_hash,
            }
            for s in store.sessions_of(self._db, staff_id)
        ]

    # -- accounts ----------------------------------------------------------------------------

    def create(self, actor: StaffMember, row: StaffRow) -> tuple[StaffMember, str | None]:
        """Create one account; the password made for it when ``row`` has none."""
        require_role(actor, ADMIN)
        problems = check_staff(row, self._settings.min_password_length)
        supervisor_id = self._supervisor_id(row, problems)
        if problems:
            raise errors.invalid(problems)
        password = row.password or secrets.token_urlsafe(_GENERATED_PASSWORD_BYTES)
        new = store.NewStaff(
            row.username, row.full_name, row.role, self.passwords.hash(password), supervisor_id
        )
        try:
            staff_id = store.create_staff(self._db, new, actor=actor.audit_name, now=self.now())
        except store.UsernameTaken:
            raise errors.SensusError(errors.USERNAME_TAKEN) from None
        created = StaffMember(staff_id, row.username, row.full_name, row.role, supervisor_id)
        return created, None if row.password else password

    def import_csv(self, actor: StaffMember, source: Path | bytes) -> StaffImportReport:
        """Create the accounts of a staff file (a path, or the bytes of an upload) and update
        the name, role and supervisor of those that exist (never their password). Supervisors
        first, so that officers can name a supervisor further down the file. Importing it
        again changes nothing."""
        require_role(actor, ADMIN)
        read = read_rows(source, STAFF_COLUMNS, ("username", "full_name", "role"))
        report = StaffImportReport(rows=len(read.rows) + len(read.problems))
        report.problems += read.problems
        seen: dict[str, int] = {}
        rows = sorted(read.rows, key=lambda r: staff_row(r.values).role == OFFICER)
        for csv_row in rows:
            row = staff_row(csv_row.values)
            if row.username in seen:
                report.problems.append(LineProblem(csv_row.line, _twice(seen[row.username])))
                continue
            seen[row.username] = csv_row.line
            self._import_row(actor, csv_row.line, row, report)
        report.problems.sort(key=lambda p: p.line)
        return report

    def _import_row(
        self, actor: StaffMember, line: int, row: StaffRow, report: StaffImportReport
    ) -> None:
        existing = store.staff_by_username(self._db, row.username)
        if existing is None:
            try:
                _, generated = self.create(actor, row)
            except errors.SensusError as error:
                report.problems += [LineProblem(line, f) for f in _fields(error)]
                return
            report.created += 1
            if generated:
                report.generated.append((row.username, generated))
            return
        unchanged_password = StaffRow(row.username, row.full_name, row.role, row.supervisor, None)
        problems = check_staff(unchanged_password, self._settings.min_password_length)
        supervisor_id = self._supervisor_id(row, problems)
        if problems:
            report.problems += [LineProblem(line, p) for p in problems]
            return
        changed = store.update_staff(
            self._db,
            existing.id,
            full_name=row.full_name,
            role=row.role,
            supervisor_id=supervisor_id,
            actor=actor.audit_name,
            now=self.now(),
        )
        if changed:
            report.updated += 1
        else:
            report.unchanged += 1

    def accounts(self, actor: StaffMember) -> list[dict[str, Any]]:
        require_role(actor, ADMIN)
        records = store.all_staff(self._db)
        names = {r.id: r.username for r in records}
        # Staff names are personal data too: the reading is audited.
        detail = {"accounts": len(records)}
        audit.record(self._db, self.now(), actor.audit_name, "staff_listed", None, detail)
        return [
            {
                "id": r.id,
                "username": r.username,
                "full_name": r.full_name,
                "role": r.role,
                "supervisor": names.get(r.supervisor_id) if r.supervisor_id else None,
                "active": r.active,
                "locked": self._waiting(r.username),
                "last_sync_at": iso(r.last_sync_at),
            }
            for r in records
        ]

    def _waiting(self, username: str) -> bool:
        """Whether sign-ins of ``username`` wait out a delay now (shown to administrators)."""
        until = door.blocked_until(self._db, counter_key(self._settings, "staff", username))
        return until is not None and until > self.now()

    def deactivate(self, actor: StaffMember, staff_id: int) -> None:
        require_role(actor, ADMIN)
        record = self._account(staff_id)
        store.deactivate(self._db, record.id, actor=actor.audit_name, now=self.now())

    def sessions(self, actor: StaffMember, staff_id: int) -> list[dict[str, Any]]:
        require_role(actor, ADMIN)
        now = self.now()
        return [
            {
                "id": s.id,
                "device_label": s.device_label,
                "created_at": iso(s.created_at),
                "expires_at": iso(s.expires_at),
                "revoked_at": iso(s.revoked_at),
                "current": s.revoked_at is None and s.expires_at > now,
            }
            for s in store.sessions_of(self._db, self._account(staff_id).id)
        ]

    def revoke(self, actor: StaffMember, staff_id: int, session_id: int | None = None) -> int:
        """End one session of an account, or all of them; how many ended."""
        require_role(actor, ADMIN)
        record = self._account(staff_id)
        return store.revoke_sessions(
            self._db, record.id, session_id, actor=actor.audit_name, now=self.now()
        )

    def officer(self, username: str) -> StaffMember:
        """An active officer by username (for assigning areas)."""
        record = store.staff_by_username(self._db, username.strip().lower())
        if record is None or not record.active or record.role != OFFICER:
            raise errors.SensusError(errors.UNKNOWN_OFFICER)
        return member(record)

    def _account(self, staff_id: int) -> store.StaffRecord:
        record = store.staff_by_id(self._db, staff_id)
        if record is None:
            raise errors.SensusError(errors.NOT_FOUND)
        return record

    def _supervisor_id(self, row: StaffRow, problems: list[FieldError]) -> int | None:
        if not row.supervisor or any(p.path == "supervisor" for p in problems):
            return None
        supervisor = store.staff_by_username(self._db, row.supervisor)
        if supervisor is None or supervisor.role != SUPERVISOR or not supervisor.active:
            problems.append(_UNKNOWN_SUPERVISOR)
            return None
        return supervisor.id


def _fields(error: errors.SensusError) -> list[FieldError]:
    if error.fields:
        return error.fields
    problem = error.problem
    return [FieldError("username", problem.code, problem.id, problem.en)]


def _twice(first_line: int) -> FieldError:
    return FieldError(
        "username",
        "duplicate_username",
        f"Nama pengguna ini sudah ada di baris {first_line}.",
        f"This username is already on line {first_line}.",
    )


_UNKNOWN_SUPERVISOR = FieldError(
    "supervisor",
    "unknown_supervisor",
    "Pengawas dengan nama pengguna ini tidak ada.",
    "There is no supervisor with this username.",
)
