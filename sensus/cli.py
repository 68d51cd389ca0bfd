"""The ``sensus`` command line: database, registry, demo data and the server."""

from __future__ import annotations

import typer

from sensus.config import get_settings
from sensus.storage.database import Database

app = typer.Typer(help="sensus: population census platform", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")


def open_database() -> Database:
    return Database.connect(get_settings().database_url)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema."""
    database = open_database()
    database.upgrade()
    database.dispose()
    typer.echo("database is at the newest schema")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Start the web server (pages and API)."""
    import uvicorn

    uvicorn.run("sensus.app:create_app", factory=True, host=host, port=port, workers=workers)
