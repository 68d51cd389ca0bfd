"""Census headquarters (ADR 0021, amended): households counted per village, area and mode,
and per day, mode and village, in two small tables kept by database triggers on
``households`` in the same transaction as every write, so that the top levels sum a few
thousand rows instead of walking a million index entries, and no write path can forget them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# What each table counts, as (key columns, the expressions over a households row).
PROGRESS = (
    ("village_code", "area_id", "response_mode"),
    ("{r}.village_code", "coalesce({r}.enumeration_area_id, 0)", "coalesce({r}.response_mode, '')"),
)
DAILY = (
    ("responded_on", "response_mode", "village_code"),
    ("{r}.responded_on", "coalesce({r}.response_mode, '')", "{r}.village_code"),
)
TABLES = {"progress_counts": PROGRESS, "daily_counts": DAILY}


def upgrade() -> None:
    op.create_table(
        "progress_counts",
        sa.Column("village_code", sa.String(10), primary_key=True),
        sa.Column("area_id", sa.Integer, primary_key=True),
        sa.Column("response_mode", sa.String(16), primary_key=True),
        sa.Column("households", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "daily_counts",
        sa.Column("responded_on", sa.Date, primary_key=True),
        sa.Column("response_mode", sa.String(16), primary_key=True),
        sa.Column("village_code", sa.String(10), primary_key=True),
        sa.Column("households", sa.Integer, nullable=False),
        # Stored in key order (SQLite): a region's sum reads the rows themselves, not an
        # index and then each row.
        sqlite_with_rowid=False,
    )
    for table, (keys, values) in TABLES.items():
        exprs = ", ".join(v.format(r="households") for v in values)
        where = " WHERE responded_on IS NOT NULL" if table == "daily_counts" else ""
        op.execute(
            f"INSERT INTO {table} ({', '.join(keys)}, households)"  # noqa: S608 (constants)
            f" SELECT {exprs}, count(*) FROM households{where} GROUP BY {exprs}"
        )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def _sqlite_triggers() -> None:
    """Row triggers: an upsert of +1 for the new row, an update of -1 for the old one."""
    for table, (keys, values) in TABLES.items():
        old = [v.format(r="OLD") for v in values]
        new = [v.format(r="NEW") for v in values]
        when_new = " WHERE NEW.responded_on IS NOT NULL" if table == "daily_counts" else " WHERE 1"
        add = (
            f"INSERT INTO {table} ({', '.join(keys)}, households) SELECT {', '.join(new)}, 1"
            f"{when_new} ON CONFLICT ({', '.join(keys)}) DO UPDATE SET households = households + 1;"
        )
        match = " AND ".join(f"{k} = {o}" for k, o in zip(keys, old, strict=True))
        remove = f"UPDATE {table} SET households = households - 1 WHERE {match};"  # noqa: S608
        changed = " OR ".join(
            f"OLD.{c} IS NOT NEW.{c}"
            for c in ("village_code", "enumeration_area_id", "response_mode", "responded_on")
            if table == "progress_counts" or c != "enumeration_area_id"
        )
        watched = "village_code, enumeration_area_id, response_mode, responded_on"
        op.execute(f"CREATE TRIGGER {table}_insert AFTER INSERT ON households BEGIN {add} END")
        op.execute(f"CREATE TRIGGER {table}_delete AFTER DELETE ON households BEGIN {remove} END")
        op.execute(
            f"CREATE TRIGGER {table}_update AFTER UPDATE OF {watched} ON households"
            f" WHEN {changed} BEGIN {remove} {add} END"
        )


def _postgresql_triggers() -> None:
    """Statement triggers over the transition tables: one grouped upsert per statement (a
    bulk import pays once, not per row), counters locked in key order (no deadlock between
    two writers of one village)."""
    for table, (keys, values) in TABLES.items():
        key_list = ", ".join(keys)
        for op_name, sides in (
            ("insert", (("new_rows", 1),)),
            ("update", (("old_rows", -1), ("new_rows", 1))),
            ("delete", (("old_rows", -1),)),
        ):
            parts = []
            for rows, sign in sides:
                exprs = ", ".join(
                    f"{v.format(r='t')} AS {k}" for k, v in zip(keys, values, strict=True)
                )
                where = " WHERE t.responded_on IS NOT NULL" if table == "daily_counts" else ""
                parts.append(f"SELECT {exprs}, {sign} AS n FROM {rows} t{where}")  # noqa: S608
            body = (
                f"INSERT INTO {table} ({key_list}, households)"  # noqa: S608
                f" SELECT {key_list}, sum(n) FROM ({' UNION ALL '.join(parts)}) AS changes"
                f" GROUP BY {key_list} HAVING sum(n) <> 0 ORDER BY {key_list}"
                f" ON CONFLICT ({key_list}) DO UPDATE"
                f" SET households = {table}.households + EXCLUDED.households"
            )
            function = f"{table}_after_{op_name}"
            op.execute(
                f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$"
                f" BEGIN {body}; RETURN NULL; END $$"
            )
            referencing = {
                "insert": "NEW TABLE AS new_rows",
                "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
                "delete": "OLD TABLE AS old_rows",
            }[op_name]
            op.execute(
                f"CREATE TRIGGER {function} AFTER {op_name.upper()} ON households"
                f" REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        for op_name in ("insert", "update", "delete"):
            if postgresql:
                op.execute(f"DROP TRIGGER {table}_after_{op_name} ON households")
                op.execute(f"DROP FUNCTION {table}_after_{op_name}()")
            else:
                op.execute(f"DROP TRIGGER {table}_{op_name}")
        op.drop_table(table)
