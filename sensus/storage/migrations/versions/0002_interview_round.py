"""The interview round: staff and sessions, enumeration areas, assignments, field records.

Households gain their area and a provisional id (their KK may be unknown when an officer
finds them in the field); submissions gain the interview's officer, assignment and review.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        # SQLite alters a table by copying it; with foreign keys enforced, dropping the old
        # copy would "delete" every household that persons and submissions point to.
        op.execute("PRAGMA foreign_keys=OFF")
    _create_staff()
    _create_areas()
    _alter_households()
    _create_assignments()
    _create_field_records()
    _alter_submissions()
    _create_sync_records()
    if sqlite:
        op.execute("PRAGMA foreign_keys=ON")


def _create_staff() -> None:
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("username", sa.String(40), nullable=False),
        sa.Column("full_name", sa.String(120), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(128), nullable=False),
        sa.Column("supervisor_id", sa.Integer, nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("failed_attempts", sa.Integer, nullable=False),
        sa.Column("locked_until", TZ, nullable=True),
        sa.Column("last_sync_at", TZ, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_staff"),
        sa.UniqueConstraint("username", name="uq_staff_username"),
        sa.ForeignKeyConstraint(
            ["supervisor_id"], ["staff.id"], name="fk_staff_supervisor_id_staff"
        ),
    )
    op.create_index("ix_staff_supervisor_id", "staff", ["supervisor_id"])
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("staff_id", sa.Integer, nullable=False),
        sa.Column("device_label", sa.String(80), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_staff_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_staff_sessions_token_hash"),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name="fk_staff_sessions_staff_id_staff"
        ),
    )
    op.create_index("ix_staff_sessions_staff_id", "staff_sessions", ["staff_id"])


def _create_areas() -> None:
    op.create_table(
        "enumeration_areas",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("code", sa.String(14), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("village_code", sa.String(10), nullable=False),
        sa.Column("rt", sa.String(3), nullable=False),
        sa.Column("rw", sa.String(3), nullable=False),
        sa.Column("officer_id", sa.Integer, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_enumeration_areas"),
        sa.UniqueConstraint("code", name="uq_enumeration_areas_code"),
        sa.UniqueConstraint("village_code", "rt", "rw", name="uq_enumeration_areas_sls"),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["staff.id"], name="fk_enumeration_areas_officer_id_staff"
        ),
    )
    op.create_index("ix_enumeration_areas_officer_id", "enumeration_areas", ["officer_id"])


def _alter_households() -> None:
    with op.batch_alter_table("households") as batch:
        batch.alter_column("kk", existing_type=sa.String(16), nullable=True)
        batch.add_column(sa.Column("enumeration_area_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("provisional_id", sa.String(38), nullable=True))
        batch.create_foreign_key(
            "fk_households_enumeration_area_id_enumeration_areas",
            "enumeration_areas",
            ["enumeration_area_id"],
            ["id"],
        )
        batch.create_unique_constraint("uq_households_provisional_id", ["provisional_id"])
        batch.create_index("ix_households_enumeration_area_id", ["enumeration_area_id"])


def _create_assignments() -> None:
    op.create_table(
        "assignments",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("household_id", sa.Integer, nullable=False),
        sa.Column("area_id", sa.Integer, nullable=False),
        sa.Column("officer_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("removed_reason", sa.String(16), nullable=True),
        sa.Column("last_outcome", sa.String(24), nullable=True),
        sa.Column("last_visit_at", TZ, nullable=True),
        sa.Column("revisit_at", TZ, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assignments"),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name="fk_assignments_household_id_households"
        ),
        sa.ForeignKeyConstraint(
            ["area_id"], ["enumeration_areas.id"], name="fk_assignments_area_id_enumeration_areas"
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["staff.id"], name="fk_assignments_officer_id_staff"
        ),
    )
    op.create_index("ix_assignments_area_id", "assignments", ["area_id"])
    op.create_index("ix_assignments_officer_id", "assignments", ["officer_id"])
    # At most one assignment per household that is not removed.
    active = sa.text("status != 'removed'")
    op.create_index(
        "uq_assignments_active_household",
        "assignments",
        ["household_id"],
        unique=True,
        sqlite_where=active,
        postgresql_where=active,
    )


def _create_field_records() -> None:
    op.create_table(
        "visits",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("assignment_id", sa.String(36), nullable=False),
        sa.Column("household_id", sa.Integer, nullable=False),
        sa.Column("officer_id", sa.Integer, nullable=False),
        sa.Column("outcome", sa.String(24), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("revisit_at", TZ, nullable=True),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_visits"),
        sa.UniqueConstraint("record_id", name="uq_visits_record_id"),
        sa.ForeignKeyConstraint(
            ["assignment_id"], ["assignments.id"], name="fk_visits_assignment_id_assignments"
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name="fk_visits_household_id_households"
        ),
        sa.ForeignKeyConstraint(["officer_id"], ["staff.id"], name="fk_visits_officer_id_staff"),
    )
    op.create_index("ix_visits_assignment_id", "visits", ["assignment_id"])
    op.create_table(
        "listing_checks",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("household_id", sa.Integer, nullable=False),
        sa.Column("area_id", sa.Integer, nullable=False),
        sa.Column("officer_id", sa.Integer, nullable=False),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("corrections", sa.Text, nullable=False),
        sa.Column("merged_into_id", sa.Integer, nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_listing_checks"),
        sa.UniqueConstraint("record_id", name="uq_listing_checks_record_id"),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name="fk_listing_checks_household_id_households"
        ),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["enumeration_areas.id"],
            name="fk_listing_checks_area_id_enumeration_areas",
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["staff.id"], name="fk_listing_checks_officer_id_staff"
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["households.id"],
            name="fk_listing_checks_merged_into_id_households",
        ),
    )
    op.create_index("ix_listing_checks_household_id", "listing_checks", ["household_id"])


def _alter_submissions() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.alter_column("receipt_code", existing_type=sa.String(16), nullable=True)
        batch.add_column(sa.Column("officer_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("assignment_id", sa.String(36), nullable=True))
        batch.add_column(sa.Column("recorded_at", TZ, nullable=True))
        batch.add_column(sa.Column("review_status", sa.String(16), nullable=True))
        batch.add_column(sa.Column("review_comment", sa.Text, nullable=True))
        batch.add_column(sa.Column("reviewed_by", sa.Integer, nullable=True))
        batch.add_column(sa.Column("reviewed_at", TZ, nullable=True))
        batch.create_foreign_key("fk_submissions_officer_id_staff", "staff", ["officer_id"], ["id"])
        batch.create_foreign_key(
            "fk_submissions_assignment_id_assignments", "assignments", ["assignment_id"], ["id"]
        )
        batch.create_foreign_key(
            "fk_submissions_reviewed_by_staff", "staff", ["reviewed_by"], ["id"]
        )
        batch.create_index("ix_submissions_officer_id", ["officer_id"])


def _create_sync_records() -> None:
    op.create_table(
        "sync_records",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("staff_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("payload_hash", sa.String(64), nullable=True),
        sa.Column("error_code", sa.String(40), nullable=True),
        sa.Column("error_fields", sa.Text, nullable=True),
        sa.Column("next_step", sa.String(16), nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_records"),
        sa.UniqueConstraint("record_id", name="uq_sync_records_record_id"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name="fk_sync_records_staff_id_staff"),
    )
    op.create_index("ix_sync_records_staff_id", "sync_records", ["staff_id"])


def downgrade() -> None:
    """Back to 0001: interviews, field-found households and every field record are lost."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("PRAGMA foreign_keys=OFF")
    op.drop_table("sync_records")
    op.execute("DELETE FROM submissions WHERE mode = 'interview'")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_index("ix_submissions_officer_id")
        batch.drop_constraint("fk_submissions_reviewed_by_staff", type_="foreignkey")
        batch.drop_constraint("fk_submissions_assignment_id_assignments", type_="foreignkey")
        batch.drop_constraint("fk_submissions_officer_id_staff", type_="foreignkey")
        for column in (
            "reviewed_at",
            "reviewed_by",
            "review_comment",
            "review_status",
            "recorded_at",
            "assignment_id",
            "officer_id",
        ):
            batch.drop_column(column)
        batch.alter_column("receipt_code", existing_type=sa.String(16), nullable=False)
    op.drop_table("listing_checks")
    op.drop_table("visits")
    op.drop_table("assignments")
    op.execute(
        "DELETE FROM audit_log WHERE household_id IN (SELECT id FROM households WHERE kk IS NULL)"
    )
    op.execute("DELETE FROM households WHERE kk IS NULL")
    with op.batch_alter_table("households") as batch:
        batch.drop_index("ix_households_enumeration_area_id")
        batch.drop_constraint("uq_households_provisional_id", type_="unique")
        batch.drop_constraint(
            "fk_households_enumeration_area_id_enumeration_areas", type_="foreignkey"
        )
        batch.drop_column("provisional_id")
        batch.drop_column("enumeration_area_id")
        batch.alter_column("kk", existing_type=sa.String(16), nullable=False)
    op.drop_table("enumeration_areas")
    op.drop_table("staff_sessions")
    op.drop_table("staff")
    if sqlite:
        op.execute("PRAGMA foreign_keys=ON")
