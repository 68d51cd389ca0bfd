"""``sensus trial ...``: the trial's tools on the command line (registered in ``sensus.cli``)."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from sensus.trial.faultproxy import Faults, running_proxy

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
) -> None:
    """Put a fault-injecting proxy in front of a running server, until Ctrl-C."""
    host, upstream_port = _host_port(upstream)
    try:
        faults = Faults(
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
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    with running_proxy(host, upstream_port, faults=faults, seed=seed, port=port) as started:
        typer.echo(f"fault proxy on {started.url} -> http://{host}:{upstream_port}; Ctrl-C stops")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    counts = ", ".join(f"{name} {count}" for name, count in started.stats.snapshot().items())
    typer.echo(counts)
