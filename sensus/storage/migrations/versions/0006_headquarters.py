"""Census headquarters (ADR 0021): each household carries the mode and the day (UTC) of its
final record, under two indexes that answer the progress of any region level and the
responses per day from the index alone.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

FINAL = "submissions.household_id = households.id AND submissions.is_final = :yes"
DAY = {
    "sqlite": "date(submitted_at)",
    "postgresql": "(submitted_at AT TIME ZONE 'UTC')::date",
}


def upgrade() -> None:
    with op.batch_alter_table("households") as batch:
        batch.add_column(sa.Column("response_mode", sa.String(16), nullable=True))
        batch.add_column(sa.Column("responded_on", sa.Date, nullable=True))
    op.create_index("ix_households_progress", "households", ["village_code", "response_mode"])
    op.create_index(
        "ix_households_days", "households", ["responded_on", "response_mode", "village_code"]
    )
    day = DAY[op.get_bind().dialect.name]
    backfill = sa.text(
        "UPDATE households SET"  # noqa: S608 (constants only, no input)
        f" response_mode = (SELECT mode FROM submissions WHERE {FINAL}),"
        f" responded_on = (SELECT {day} FROM submissions WHERE {FINAL})"
    ).bindparams(yes=True)
    op.execute(backfill)


def downgrade() -> None:
    op.drop_index("ix_households_days", table_name="households")
    op.drop_index("ix_households_progress", table_name="households")
    # Plain ALTER TABLE DROP COLUMN (SQLite 3.35+): a batch copy of ``households`` would
    # have to drop the table that submissions and assignments refer to.
    op.drop_column("households", "responded_on")
    op.drop_column("households", "response_mode")
