"""Regions, registry households and persons, submissions, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "regions",
        sa.Column("code", sa.String(10), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("level", sa.SmallInteger, nullable=False),
        sa.Column("parent_code", sa.String(10), nullable=True),
        sa.PrimaryKeyConstraint("code", name="pk_regions"),
    )
    op.create_index("ix_regions_parent_code", "regions", ["parent_code"])
    op.create_table(
        "households",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("kk", sa.String(16), nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("rt", sa.String(3), nullable=False),
        sa.Column("rw", sa.String(3), nullable=False),
        sa.Column("village_code", sa.String(10), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("needs_verification", sa.Boolean, nullable=False),
        sa.Column("registrant_nik", sa.String(16), nullable=True),
        sa.Column("password_hash", sa.String(128), nullable=True),
        sa.Column("failed_attempts", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("draft", sa.Text, nullable=True),
        sa.Column("draft_version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_households"),
        sa.UniqueConstraint("kk", name="uq_households_kk"),
    )
    op.create_index("ix_households_village_code", "households", ["village_code"])
    op.create_index("ix_households_status", "households", ["status"])
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("household_id", sa.Integer, nullable=False),
        sa.Column("line_no", sa.SmallInteger, nullable=False),
        sa.Column("nik", sa.String(16), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("sex", sa.SmallInteger, nullable=False),
        sa.Column("birth_place", sa.String(80), nullable=False),
        sa.Column("birth_date", sa.Date, nullable=False),
        sa.Column("relationship", sa.SmallInteger, nullable=False),
        sa.Column("religion", sa.SmallInteger, nullable=True),
        sa.Column("marital_status", sa.SmallInteger, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_persons"),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name="fk_persons_household_id_households"
        ),
        sa.UniqueConstraint("nik", name="uq_persons_nik"),
    )
    op.create_index("ix_persons_household_id", "persons", ["household_id"])
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("household_id", sa.Integer, nullable=False),
        sa.Column("submission_id", sa.String(36), nullable=False),
        sa.Column("receipt_code", sa.String(16), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("questionnaire_id", sa.String(40), nullable=False),
        sa.Column("questionnaire_version", sa.String(20), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("payload_hash", sa.String(64), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_final", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_submissions"),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name="fk_submissions_household_id_households"
        ),
        sa.UniqueConstraint("submission_id", name="uq_submissions_submission_id"),
        sa.UniqueConstraint("receipt_code", name="uq_submissions_receipt_code"),
    )
    op.create_index("ix_submissions_household_id", "submissions", ["household_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("household_id", sa.Integer, nullable=True),
        sa.Column("detail", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name="fk_audit_log_household_id_households"
        ),
    )
    op.create_index("ix_audit_log_household_id", "audit_log", ["household_id"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("submissions")
    op.drop_table("persons")
    op.drop_table("households")
    op.drop_table("regions")
