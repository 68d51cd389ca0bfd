"""Alembic environment: the engine is handed in by ``sensus.storage.migrate``."""

from __future__ import annotations

from alembic import context

from sensus.storage.tables import metadata

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    with connection.begin():
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        context.run_migrations()
    if connection.dialect.name == "sqlite":
        # A migration that copies tables turns foreign keys off; inside its transaction it
        # cannot turn them on again, so it is done here, before the connection goes back to
        # the pool (a PRAGMA outside a transaction takes effect at once).
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
