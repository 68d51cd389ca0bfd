"""Field staff: roles, usernames, and a row of the staff CSV file. Pure: no database.

An officer (PPL, petugas pencacah lapangan) enumerates the households of their areas; a
supervisor (PML, pengawas) oversees a set of officers; an administrator manages everything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sensus.domain import errors
from sensus.domain.errors import FieldError

OFFICER, SUPERVISOR, ADMIN = "officer", "supervisor", "admin"
ROLES = (OFFICER, SUPERVISOR, ADMIN)
STAFF_COLUMNS = ("username", "full_name", "role", "supervisor", "password")
MAX_FULL_NAME = 120
MAX_PASSWORD = 256
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,39}")


@dataclass(frozen=True)
class StaffMember:
    """A signed-in member of staff: who acts, and what their role lets them see."""

    id: int
    username: str
    full_name: str
    role: str
    supervisor_id: int | None

    def as_dict(self) -> dict[str, object]:
        return {"username": self.username, "full_name": self.full_name, "role": self.role}

    @property
    def audit_name(self) -> str:
        """How the audit log names this actor: ``officer:ppl01``; the command line is ``cli``."""
        return self.username if self.id == 0 else f"{self.role}:{self.username}"


@dataclass(frozen=True)
class StaffRow:
    """One account to create: a row of the staff file, or what ``sensus staff add`` was given."""

    username: str
    full_name: str
    role: str
    supervisor: str | None  # the supervisor's username, for officers
    password: str | None  # None: one is generated


def require_role(actor: StaffMember, *roles: str) -> None:
    """Refuse ``actor`` unless their role is one of ``roles``."""
    if actor.role not in roles:
        raise errors.SensusError(errors.ROLE_NOT_ALLOWED)


def username_errors(value: str, path: str = "username") -> list[FieldError]:
    if _USERNAME.fullmatch(value):
        return []
    return [
        FieldError(
            path,
            "invalid_username",
            "Nama pengguna 3-40 karakter: huruf kecil, angka, titik, garis bawah, tanda hubung.",
            "A username has 3-40 characters: lower-case letters, digits, dot, underscore, hyphen.",
        )
    ]


def password_errors(value: str, minimum: int, path: str = "password") -> list[FieldError]:
    if minimum <= len(value) <= MAX_PASSWORD:
        return []
    return [
        FieldError(
            path,
            "too_short" if len(value) < minimum else "too_long",
            f"Kata sandi {minimum}-{MAX_PASSWORD} karakter.",
            f"The password needs {minimum} to {MAX_PASSWORD} characters.",
        )
    ]


def check_staff(row: StaffRow, min_password: int) -> list[FieldError]:
    """Every problem of an account to create; ``[]`` when there is none."""
    problems = username_errors(row.username)
    name = row.full_name.strip()
    if not name or len(name) > MAX_FULL_NAME:
        problems.append(
            FieldError(
                "full_name",
                "invalid_name",
                f"Nama lengkap wajib diisi, paling banyak {MAX_FULL_NAME} karakter.",
                f"The full name is required, at most {MAX_FULL_NAME} characters.",
            )
        )
    if row.role not in ROLES:
        problems.append(
            FieldError(
                "role",
                "invalid_role",
                "Peran harus officer, supervisor atau admin.",
                "The role must be officer, supervisor or admin.",
            )
        )
    if row.supervisor and row.role in (SUPERVISOR, ADMIN):
        problems.append(
            FieldError(
                "supervisor",
                "not_an_officer",
                "Hanya petugas pencacah yang memiliki pengawas.",
                "Only officers have a supervisor.",
            )
        )
    elif row.supervisor:
        problems += username_errors(row.supervisor, "supervisor")
    if row.password is not None:
        problems += password_errors(row.password, min_password)
    return problems


def staff_row(values: Mapping[str, str]) -> StaffRow:
    """A CSV row (columns of STAFF_COLUMNS; empty supervisor and password mean none)."""
    return StaffRow(
        username=values.get("username", "").strip().lower(),
        full_name=values.get("full_name", "").strip(),
        role=values.get("role", "").strip().lower(),
        supervisor=values.get("supervisor", "").strip().lower() or None,
        password=values.get("password", "") or None,
    )
