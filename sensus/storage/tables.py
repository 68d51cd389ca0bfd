"""Table definitions, created by the Alembic migrations (a test keeps the two equal)."""

from __future__ import annotations

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
)

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
# registered it when the registry extract did not have its KK yet.
households = Table(
    "households",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kk", String(16), nullable=False, unique=True),
    Column("address", Text, nullable=False, default=""),
    Column("rt", String(3), nullable=False, default=""),
    Column("rw", String(3), nullable=False, default=""),
    Column("village_code", String(10), nullable=False, index=True),
    Column("source", String(16), nullable=False),  # registry | self_registered
    Column("needs_verification", Boolean, nullable=False, default=False),
    # The NIK a respondent registered a household with when the registry did not know its KK.
    Column("registrant_nik", String(16), nullable=True),
    Column("password_hash", String(128), nullable=True),
    Column("failed_attempts", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("status", String(16), nullable=False, default="not_started", index=True),
    Column("draft", Text, nullable=True),
    Column("draft_version", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
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
    Column("receipt_code", String(16), nullable=False, unique=True),
    Column("mode", String(16), nullable=False),  # self_response | interview
    Column("questionnaire_id", String(40), nullable=False),
    Column("questionnaire_version", String(20), nullable=False),
    Column("payload", Text, nullable=False),
    Column("payload_hash", String(64), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("is_final", Boolean, nullable=False),
)

# Who did what to which household, for the decisions that must be explainable later.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("action", String(40), nullable=False),
    Column("household_id", Integer, ForeignKey("households.id"), nullable=True),
    Column("detail", Text, nullable=False, default="{}"),
    Index("ix_audit_log_household_id", "household_id"),
)
