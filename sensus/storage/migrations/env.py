"""Alembic environment: the engine is handed in by ``sensus.storage.migrate``."""

from __future__ import annotations

from alembic import context

from sensus.storage.tables import metadata

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # SQLite's own procedure for schema changes (lang_altertable.html): foreign keys off
        # before the transaction (inside one a PRAGMA does nothing), so that a migration may
        # copy a table others refer to; checked whole before the commit; on again after.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()  # ends SQLAlchemy's autobegin; SQLite itself began nothing
    with connection.begin():
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"the migration left {len(broken)} broken references")
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()
