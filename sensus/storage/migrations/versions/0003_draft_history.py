"""Draft history and open conflicts (ADR 0010, issue 13).

Every stored version of a household's draft keeps the changes that made it, so that an
answer another device's save replaced stays recoverable on the server; the draft gains the
conflicts its devices left open, so that every device shows them until a person chooses.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("households") as batch:
        batch.add_column(sa.Column("draft_conflicts", sa.Text, nullable=True))
    op.create_table(
        "draft_versions",
        sa.Column("household_id", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("changes", sa.Text, nullable=False),
        sa.Column("conflicts", sa.Text, nullable=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("household_id", "version", name="pk_draft_versions"),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name="fk_draft_versions_household_id_households"
        ),
    )


def downgrade() -> None:
    op.drop_table("draft_versions")
    # Plain ALTER TABLE DROP COLUMN (SQLite 3.35+), not a batch copy of ``households``, which
    # other tables refer to (see 0004).
    op.drop_column("households", "draft_conflicts")
