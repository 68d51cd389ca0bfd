"""Census headquarters (ADR 0021): each household carries the mode and moment of its final
record, under one index that answers the progress of any region level from the index alone.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BACKFILL = sa.text(
    "UPDATE households SET"
    " response_mode = (SELECT mode FROM submissions"
    " WHERE submissions.household_id = households.id AND submissions.is_final = :yes),"
    " responded_at = (SELECT submitted_at FROM submissions"
    " WHERE submissions.household_id = households.id AND submissions.is_final = :yes)"
).bindparams(yes=True)


def upgrade() -> None:
    with op.batch_alter_table("households") as batch:
        batch.add_column(sa.Column("response_mode", sa.String(16), nullable=True))
        batch.add_column(sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_households_progress",
        "households",
        ["village_code", "response_mode", "responded_at"],
    )
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_index("ix_households_progress", table_name="households")
    with op.batch_alter_table("households") as batch:
        batch.drop_column("responded_at")
        batch.drop_column("response_mode")
