"""Drop the first lockout's columns: households and staff are both held back by the door's
counters (``door_counters``, ADR 0013), and nothing reads ``failed_attempts`` or
``locked_until`` any more (ADR 0016, 0028).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = ("households", "staff")


def upgrade() -> None:
    # Plain ALTER TABLE DROP COLUMN (SQLite 3.35+): a batch copy of ``households`` would
    # have to drop the table that submissions and assignments refer to.
    for table in TABLES:
        op.drop_column(table, "locked_until")
        op.drop_column(table, "failed_attempts")


def downgrade() -> None:
    for table in TABLES:
        op.add_column(
            table,
            sa.Column("failed_attempts", sa.Integer, nullable=False, server_default="0"),
        )
        op.add_column(table, sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
