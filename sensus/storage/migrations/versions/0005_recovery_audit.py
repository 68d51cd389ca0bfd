"""Recovery codes (ADR 0016), and an audit log the database keeps append-only.

Triggers on both backends refuse any UPDATE of ``audit_log`` and any DELETE of an entry
younger than five years (the retention period, docs/SECURITY.md): the application has no
path that changes the log, and a bug or an injected statement cannot add one.

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

# Keep equal to sensus.storage.retention.AUDIT_DAYS (a test checks).
AUDIT_DAYS = 1827

_POSTGRES = f"""
CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.at < now() - interval '{AUDIT_DAYS} days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
"""

_SQLITE = (
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only (UPDATE)'); END""",
    f"""CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    WHEN OLD.at >= datetime('now', '-{AUDIT_DAYS} days')
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only (DELETE)'); END""",
)


def upgrade() -> None:
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("household_id", sa.Integer, nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("issued_by", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_recovery_codes"),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name="fk_recovery_codes_household_id_households"
        ),
    )
    op.create_index("ix_recovery_codes_household_id", "recovery_codes", ["household_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRES)
    else:
        for statement in _SQLITE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute("DROP TRIGGER audit_log_no_delete")
    op.drop_index("ix_recovery_codes_household_id", table_name="recovery_codes")
    op.drop_table("recovery_codes")
