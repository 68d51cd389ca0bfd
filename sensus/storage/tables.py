"""Table definitions, created by the Alembic migrations (a test keeps the two equal)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect


class UtcDateTime(TypeDecorator[datetime]):
    """A moment: written in UTC, read back aware in UTC. SQLite keeps no zone, so a moment
    written in another zone would come back as that zone's wall-clock time taken for UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Kemendagri region master: province (2 digits), regency (4), district (6), village (10).
regions = Table(
    "regions",
    metadata,
    Column("code", String(10), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("level", SmallInteger, nullable=False),
    Column("parent_code", String(10), nullable=True, index=True),
)

# A household as the civil registry knows it (one Kartu Keluarga), or as a respondent
# registered it when the registry extract did not have its KK yet, or as an officer found it
# in the field (its KK may be unknown then: unique when present).
households = Table(
    "households",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kk", String(16), nullable=True, unique=True),
    Column("address", Text, nullable=False, default=""),
    Column("rt", String(3), nullable=False, default=""),
    Column("rw", String(3), nullable=False, default=""),
    Column("village_code", String(10), nullable=False, index=True),
    Column("source", String(16), nullable=False),  # registry | self_registered | field_found
    Column("needs_verification", Boolean, nullable=False, default=False),
    # The NIK a respondent registered a household with when the registry did not know its KK.
    Column("registrant_nik", String(16), nullable=True),
    Column("password_hash", String(128), nullable=True),
    # No longer used (0004): failures are counted per KK number in ``door_counters``.
    # The KK a self-registration claims when another household holds it already: a claim
    # for an officer to verify, so that registering never confirms a KK (ADR 0013).
    Column("claimed_kk", String(16), nullable=True, index=True),
    Column("status", String(16), nullable=False, default="not_started", index=True),
    Column("draft", Text, nullable=True),
    Column("draft_version", Integer, nullable=False, default=0),
    # The conflicts the draft's devices left open (JSON [{path, other}], ADR 0010): shown on
    # every device until a person chooses.
    Column("draft_conflicts", Text, nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    # The SLS the household lives in, by (village_code, rt, rw); set when areas are imported
    # or, for households that came later, when assignments are made.
    Column(
        "enumeration_area_id",
        Integer,
        ForeignKey("enumeration_areas.id"),
        nullable=True,
        index=True,
    ),
    # "P-<uuid>" made by the officer's device for a household found in the field.
    Column("provisional_id", String(38), nullable=True, unique=True),
    # The mode and the day (UTC) of the household's final record (None: no response yet),
    # kept with every change of the final mark so that progress is counted from an index
    # alone (ADR 0021).
    Column("response_mode", String(16), nullable=True),
    Column("responded_on", Date, nullable=True),
    Index("ix_households_progress", "village_code", "response_mode"),
    Index("ix_households_days", "responded_on", "response_mode", "village_code"),
)

# Households counted per village, area (0: none) and mode ('': no response yet), and
# answered households per day, mode and village: kept by triggers on ``households`` in the
# same transaction as every write (migration 0007, ADR 0021), so that the headquarters' top
# levels sum a few thousand rows. Never written by the application.
progress_counts = Table(
    "progress_counts",
    metadata,
    Column("village_code", String(10), primary_key=True),
    Column("area_id", Integer, primary_key=True),
    Column("response_mode", String(16), primary_key=True),
    Column("households", Integer, nullable=False),
    sqlite_with_rowid=False,  # rows in key order: a sum reads them, not an index and them
)

daily_counts = Table(
    "daily_counts",
    metadata,
    Column("responded_on", Date, primary_key=True),
    Column("response_mode", String(16), primary_key=True),
    Column("village_code", String(10), primary_key=True),
    Column("households", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# Every stored version of a household's draft: the changes that made it (JSON; a whole-draft
# save is one change at the root) and the conflicts it left open. An answer that another
# device's save replaced stays recoverable here (ADR 0010).
draft_versions = Table(
    "draft_versions",
    metadata,
    Column("household_id", Integer, ForeignKey("households.id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("changes", Text, nullable=False),
    Column("conflicts", Text, nullable=True),
    Column("saved_at", UtcDateTime(), nullable=False),
)

# A signed-in device of a household: only the SHA-256 of its random token is kept, so the
# table cannot be used to sign in, and signing out ends the session everywhere (ADR 0013).
household_sessions = Table(
    "household_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("household_id", Integer, ForeignKey("households.id"), nullable=False, index=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("revoked_at", UtcDateTime(), nullable=True),
)

# Failed sign-ins counted per KK number (whether it exists or not), per device cookie and
# per client address, shared by every instance. ``key`` is an HMAC with the secret key, so
# the table holds no KK, NIK or address in plain (ADR 0013).
door_counters = Table(
    "door_counters",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("blocked_until", UtcDateTime(), nullable=True),
    Column("updated_at", UtcDateTime(), nullable=False, index=True),
)

# A person on a household's KK in the registry extract (never changed by respondents:
# what they say lives in submissions).
persons = Table(
    "persons",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("household_id", Integer, ForeignKey("households.id"), nullable=False, index=True),
    Column("line_no", SmallInteger, nullable=False),
    Column("nik", String(16), nullable=False, unique=True),
    Column("name", String(120), nullable=False),
    Column("sex", SmallInteger, nullable=False),
    Column("birth_place", String(80), nullable=False, default=""),
    Column("birth_date", Date, nullable=False),
    Column("relationship", SmallInteger, nullable=False),
    Column("religion", SmallInteger, nullable=True),
    Column("marital_status", SmallInteger, nullable=True),
)

# A complete household record as submitted. Kept forever; at most one per household is final.
submissions = Table(
    "submissions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("household_id", Integer, ForeignKey("households.id"), nullable=False, index=True),
    Column("submission_id", String(36), nullable=False, unique=True),
    # A self-response's proof; interviews have none.
    Column("receipt_code", String(16), nullable=True, unique=True),
    Column("mode", String(16), nullable=False),  # self_response | interview
    Column("questionnaire_id", String(40), nullable=False),
    Column("questionnaire_version", String(20), nullable=False),
    Column("payload", Text, nullable=False),
    Column("payload_hash", String(64), nullable=False),
    Column("submitted_at", UtcDateTime(), nullable=False),
    Column("is_final", Boolean, nullable=False),
    # Interviews only: who made it, for which assignment, when the device says, and review.
    Column("officer_id", Integer, ForeignKey("staff.id"), nullable=True, index=True),
    Column("assignment_id", String(36), ForeignKey("assignments.id"), nullable=True),
    Column("recorded_at", UtcDateTime(), nullable=True),
    Column("review_status", String(16), nullable=True),  # pending | approved | returned
    Column("review_comment", Text, nullable=True),
    Column("reviewed_by", Integer, ForeignKey("staff.id"), nullable=True),
    Column("reviewed_at", UtcDateTime(), nullable=True),
)

# A one-time code an officer or administrator handed a household that forgot its password
# (ADR 0016): only its HMAC is kept; used once, before it expires.
recovery_codes = Table(
    "recovery_codes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("household_id", Integer, ForeignKey("households.id"), nullable=False, index=True),
    Column("code_hash", String(64), nullable=False),
    Column("issued_by", String(80), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("used_at", UtcDateTime(), nullable=True),
)

# Who did what to which household, for the decisions that must be explainable later.
# Append-only: database triggers (migration 0005) refuse every UPDATE, and every DELETE of
# an entry younger than the retention period (sensus.storage.retention.AUDIT_YEARS).
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("action", String(40), nullable=False),
    Column("household_id", Integer, ForeignKey("households.id"), nullable=True),
    Column("detail", Text, nullable=False, default="{}"),
    Index("ix_audit_log_household_id", "household_id"),
)

# -- the interview round -----------------------------------------------------------------------

# Field staff: officers (PPL), their supervisors (PML / Koseka) and administrators.
staff = Table(
    "staff",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(40), nullable=False, unique=True),
    Column("full_name", String(120), nullable=False),
    Column("role", String(16), nullable=False),  # officer | supervisor | admin
    Column("password_hash", String(128), nullable=False),
    Column("supervisor_id", Integer, ForeignKey("staff.id"), nullable=True, index=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("last_sync_at", UtcDateTime(), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

# A signed-in device: only the SHA-256 of its random token is kept, so the table cannot be
# used to sign in, and an administrator can revoke one lost phone.
staff_sessions = Table(
    "staff_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=False, index=True),
    Column("device_label", String(80), nullable=False, default=""),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("revoked_at", UtcDateTime(), nullable=True),
)

# One SLS (an RT within an RW of a village) and the officer who enumerates it. The code is
# the village code and a 4-digit serial, as BPS numbers SLS.
enumeration_areas = Table(
    "enumeration_areas",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(14), nullable=False, unique=True),
    Column("name", String(120), nullable=False),
    Column("village_code", String(10), nullable=False),
    Column("rt", String(3), nullable=False),
    Column("rw", String(3), nullable=False),
    Column("officer_id", Integer, ForeignKey("staff.id"), nullable=True, index=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    UniqueConstraint("village_code", "rt", "rw", name="uq_enumeration_areas_sls"),
)

# A household an officer is to visit. ``id`` is a UUID: made by the server, or by the device
# for a household found in the field. A household has at most one assignment not removed.
assignments = Table(
    "assignments",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("household_id", Integer, ForeignKey("households.id"), nullable=False),
    Column("area_id", Integer, ForeignKey("enumeration_areas.id"), nullable=False, index=True),
    Column("officer_id", Integer, ForeignKey("staff.id"), nullable=False, index=True),
    Column("status", String(16), nullable=False),  # open | visited | completed | removed
    Column("removed_reason", String(16), nullable=True),  # self_responded | reassigned | struck
    # The latest visit by the device's clock, kept here for the progress figures.
    Column("last_outcome", String(24), nullable=True),
    Column("last_visit_at", UtcDateTime(), nullable=True),
    Column("revisit_at", UtcDateTime(), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Index(
        "uq_assignments_active_household",
        "household_id",
        unique=True,
        sqlite_where=text("status != 'removed'"),
        postgresql_where=text("status != 'removed'"),
    ),
)

# A visit to an assigned household and its outcome, as the officer's device recorded it.
visits = Table(
    "visits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", String(36), nullable=False, unique=True),
    Column("assignment_id", String(36), ForeignKey("assignments.id"), nullable=False, index=True),
    Column("household_id", Integer, ForeignKey("households.id"), nullable=False),
    Column("officer_id", Integer, ForeignKey("staff.id"), nullable=False),
    Column("outcome", String(24), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("revisit_at", UtcDateTime(), nullable=True),
    Column("recorded_at", UtcDateTime(), nullable=False),  # the device's clock
    Column("received_at", UtcDateTime(), nullable=False),
)

# The officer's check of one household of the SLS population list (registry plus online
# results): confirmed, corrected, moved, not found, or merged into another household.
listing_checks = Table(
    "listing_checks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", String(36), nullable=False, unique=True),
    Column("household_id", Integer, ForeignKey("households.id"), nullable=False, index=True),
    Column("area_id", Integer, ForeignKey("enumeration_areas.id"), nullable=False),
    Column("officer_id", Integer, ForeignKey("staff.id"), nullable=False),
    Column("result", String(16), nullable=False),
    Column("corrections", Text, nullable=False, default="{}"),  # JSON: what the list got wrong
    Column("merged_into_id", Integer, ForeignKey("households.id"), nullable=True),
    Column("note", Text, nullable=False, default=""),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("received_at", UtcDateTime(), nullable=False),
)

# What became of every record a device sent, by its client-made id: stored once, replays
# answered from here, rejections kept (with the reason) until a fixed version is stored.
sync_records = Table(
    "sync_records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", String(36), nullable=False, unique=True),
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # visit | interview | listing_check | new_household
    Column("status", String(16), nullable=False),  # stored | superseded | rejected
    Column("payload_hash", String(64), nullable=True),
    Column("error_code", String(40), nullable=True),
    Column("error_fields", Text, nullable=True),  # JSON: [{"path", "code"}]
    Column("next_step", String(16), nullable=True),  # retry | fix | ask_supervisor
    Column("attempts", Integer, nullable=False, default=1),
    Column("received_at", UtcDateTime(), nullable=False),
)
