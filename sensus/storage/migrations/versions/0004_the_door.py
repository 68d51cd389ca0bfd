"""The door (ADR 0013): household sessions kept on the server, failure counters per KK
number, device and address, and self-registrations that claim a KK another household holds.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("households") as batch:
        batch.add_column(sa.Column("claimed_kk", sa.String(16), nullable=True))
        batch.create_index("ix_households_claimed_kk", ["claimed_kk"])
    op.create_table(
        "household_sessions",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("household_id", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_household_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_household_sessions_token_hash"),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name="fk_household_sessions_household_id_households",
        ),
    )
    op.create_index("ix_household_sessions_household_id", "household_sessions", ["household_id"])
    op.create_table(
        "door_counters",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_door_counters"),
    )
    op.create_index("ix_door_counters_updated_at", "door_counters", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_door_counters_updated_at", table_name="door_counters")
    op.drop_table("door_counters")
    op.drop_index("ix_household_sessions_household_id", table_name="household_sessions")
    op.drop_table("household_sessions")
    # Plain ALTER TABLE DROP COLUMN (SQLite 3.35+), not a batch copy: copying ``households``
    # would drop the table that other tables refer to, and a PRAGMA cannot turn foreign keys
    # off inside the downgrade's transaction.
    op.drop_index("ix_households_claimed_kk", table_name="households")
    op.drop_column("households", "claimed_kk")
