"""``sensus trial ...``: the trial's tools on the command line (registered in ``sensus.cli``)."""

from __future__ import annotations

import json
import signal
import threading
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sensus.services.demo import DEFAULT_SEED
from sensus.trial.faultproxy import Faults, running_proxy
from sensus.trial.profiles import PROFILES, parse_profiles
from sensus.trial.report import text_summary
from sensus.trial.run import (
    TrialOptions,
    build_spec,
    remote_target,
    report_of_ledgers,
    run_trial,
    start_blackouts,
)
from sensus.trial.thresholds import Thresholds

trial_app = typer.Typer(help="The census trial: bad networks and peak load.", no_args_is_help=True)


def _host_port(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise typer.BadParameter("expected host:port, such as 127.0.0.1:8000")
    return host, int(port)


@trial_app.command("proxy")
def proxy(
    upstream: Annotated[str, typer.Option(help="The server, as host:port.")] = "127.0.0.1:8000",
    port: Annotated[int, typer.Option(help="Where to listen on 127.0.0.1.")] = 8080,
    latency_ms: Annotated[int, typer.Option(min=0, help="Added each way.")] = 0,
    down_kbps: Annotated[int | None, typer.Option(min=1, help="Server→client kbit/s.")] = None,
    up_kbps: Annotated[int | None, typer.Option(min=1, help="Client→server kbit/s.")] = None,
    refuse_503: Annotated[float, typer.Option(help="Chance of a 503 + Retry-After.")] = 0.0,
    retry_after: Annotated[int, typer.Option(min=0, help="Retry-After of those 503s.")] = 1,
    reset_after_request: Annotated[
        float, typer.Option(help="Chance the server answers but the client sees a reset.")
    ] = 0.0,
    reset_mid_response: Annotated[
        float, typer.Option(help="Chance of a reset halfway through the response.")
    ] = 0.0,
    path_prefix: Annotated[str, typer.Option(help="Only requests under this path.")] = "",
    method: Annotated[str | None, typer.Option(help="Only requests with this method.")] = None,
    seed: Annotated[int, typer.Option(help="Same seed, same faults.")] = 0,
    profile: Annotated[
        str | None,
        typer.Option(help=f"A network profile instead of the faults above: {', '.join(PROFILES)}."),
    ] = None,
) -> None:
    """Put a fault-injecting proxy in front of a running server, until Ctrl-C."""
    host, upstream_port = _host_port(upstream)
    chosen = None
    try:
        if profile is not None:
            chosen = parse_profiles(profile)[0]
        faults = (
            chosen.faults
            if chosen is not None
            else Faults(
                latency_ms=latency_ms,
                bandwidth_down_kbps=down_kbps,
                bandwidth_up_kbps=up_kbps,
                refuse_503=refuse_503,
                retry_after_s=retry_after,
                reset_after_request=reset_after_request,
                reset_mid_response=reset_mid_response,
                path_prefix=path_prefix,
                method=method,
            )
        )
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    with running_proxy(host, upstream_port, faults=faults, seed=seed, port=port) as started:
        typer.echo(f"fault proxy on {started.url} -> http://{host}:{upstream_port}; Ctrl-C stops")
        stop = threading.Event()
        if chosen is not None and chosen.blackout_every_s:
            start_blackouts(started, chosen, stop, seed)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        stop.set()
    counts = ", ".join(f"{name} {count}" for name, count in started.stats.snapshot().items())
    typer.echo(counts)


def _duration(value: str) -> float:
    """``90``, ``90s``, ``5m`` or ``1h`` as seconds."""
    text = value.strip().lower()
    scale = {"s": 1, "m": 60, "h": 3600}.get(text[-1:])
    number = text[:-1] if scale else text
    try:
        seconds = float(number) * (scale or 1)
    except ValueError:
        raise typer.BadParameter("a duration such as 90s, 5m or 1h") from None
    if seconds <= 0:
        raise typer.BadParameter("a duration must be positive")
    return seconds


@trial_app.command("run")
def run(
    url: Annotated[
        str | None, typer.Option(help="The deployment to try, http://host:port.")
    ] = None,
    against_demo: Annotated[
        bool, typer.Option("--against-demo", help="Start a demo server (SQLite) and try it.")
    ] = False,
    households: Annotated[int, typer.Option(min=1, help="Simulated households.")] = 300,
    profile: Annotated[
        str, typer.Option(help=f"Network profiles, comma-separated: {', '.join(PROFILES)}.")
    ] = "flaky",
    duration: Annotated[str, typer.Option(help="At most this long: 90s, 5m, 1h.")] = "10m",
    report: Annotated[
        Path | None, typer.Option(help="Write report.html and report.json here.")
    ] = None,
    database_url: Annotated[
        str | None, typer.Option(help="Verify against this database (else through the API).")
    ] = None,
    users: Annotated[int, typer.Option(min=1, help="Journeys played at once.")] = 50,
    officers: Annotated[int, typer.Option(min=0, help="Simulated officers.")] = 2,
    officer: Annotated[
        list[str] | None, typer.Option(help="An officer's login, username:password (repeat).")
    ] = None,
    pace: Annotated[float, typer.Option(min=0, help="Mean pause between typing, s.")] = 2.0,
    thresholds: Annotated[
        Path | None, typer.Option(help="Go / no-go thresholds (JSON), see docs/trial.md.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Same seed, same trial.")] = DEFAULT_SEED,
    network: Annotated[
        str,
        typer.Option(
            help="auto: as root, the clients in a network namespace shaped by tc, and the"
            " fault proxy; proxy: the fault proxy alone."
        ),
    ] = "auto",
) -> None:
    """Simulated households and officers over bad networks; verify nothing was lost.

    Exit code 0 only when nothing was lost or stored twice and the thresholds hold.
    """
    if against_demo == (url is not None):
        raise typer.BadParameter("give either --url or --against-demo")
    if network not in ("auto", "proxy"):
        raise typer.BadParameter("--network is auto or proxy")
    try:
        chosen = parse_profiles(profile)
        limits = Thresholds.load(thresholds) if thresholds else Thresholds()
    except (ValueError, OSError) as error:
        raise typer.BadParameter(str(error)) from None
    logins = tuple(_login(value) for value in officer or [])
    options = TrialOptions(
        profiles=chosen, households=households, url=url, database_url=database_url,
        duration_s=_duration(duration), seed=seed, users=users, officers=officers,
        officer_logins=logins, think_s=pace, day_s=min(pace * 2, 30.0), thresholds=limits,
        network=network,
    )  # fmt: skip
    # A SIGTERM unwinds like Ctrl-C, so that the namespace, proxies and demo server go too.
    signal.signal(signal.SIGTERM, _interrupt)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Trial", total=None)
        summary = run_trial(
            options, report, lambda done, total: bar.update(task, completed=done, total=total)
        )
    typer.echo(text_summary(summary))
    for failure in summary["thresholds_failed"]:
        typer.echo(f"threshold not met: {failure}")
    if report is not None:
        typer.echo(f"report: {report / 'report.html'}")
    if not summary["go"]:
        raise typer.Exit(1)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _login(value: str) -> tuple[str, str]:
    username, _, password = value.partition(":")
    if not username or not password:
        raise typer.BadParameter("an officer's login is username:password")
    return username, password


@trial_app.command("plan")
def plan(
    url: Annotated[str, typer.Option(help="The deployment to try, http://host:port.")],
    out: Annotated[Path, typer.Option(help="Write the spec here (JSON).")],
    households: Annotated[int, typer.Option(min=1, help="Simulated households.")] = 300,
    profile: Annotated[str, typer.Option(help="Network profiles, comma-separated.")] = "flaky",
    proxy_port: Annotated[
        int, typer.Option(help="Each load machine's proxy of the first profile; the next +1.")
    ] = 8080,
    duration: Annotated[str, typer.Option(help="At most this long: 90s, 5m, 1h.")] = "30m",
    officers: Annotated[int, typer.Option(min=0, help="Simulated officers.")] = 2,
    pace: Annotated[float, typer.Option(min=0, help="Mean pause between typing, s.")] = 2.0,
    seed: Annotated[int, typer.Option(help="Same seed, same trial.")] = DEFAULT_SEED,
) -> None:
    """Write the journeys of a trial for Locust's workers on several machines (docs/trial.md)."""
    try:
        chosen = parse_profiles(profile)
        target = remote_target(url, None)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    options = TrialOptions(
        profiles=chosen, households=households, url=url, duration_s=_duration(duration),
        seed=seed, officers=officers, think_s=pace, day_s=min(pace * 2, 30.0),
    )  # fmt: skip
    proxies = {p.name: f"http://127.0.0.1:{proxy_port + i}" for i, p in enumerate(chosen)}
    out.write_text(json.dumps(build_spec(options, target, proxies)))
    typer.echo(f"{households} households over {', '.join(proxies)}: {out}")


@trial_app.command("verify")
def verify(
    spec: Annotated[Path, typer.Argument(help="The spec the workers played.")],
    ledgers: Annotated[list[Path], typer.Argument(help="The workers' ledger-<i>.json files.")],
    database_url: Annotated[
        str | None, typer.Option(help="Verify against this database (else through the API).")
    ] = None,
    report: Annotated[
        Path | None, typer.Option(help="Write report.html and report.json here.")
    ] = None,
) -> None:
    """Verify and report a trial that Locust's workers played; exit 1 unless nothing was lost."""
    parts = [json.loads(path.read_text()) for path in ledgers]
    summary = report_of_ledgers(json.loads(spec.read_text()), parts, database_url, report)
    typer.echo(text_summary(summary))
    if not summary["go"]:
        raise typer.Exit(1)
