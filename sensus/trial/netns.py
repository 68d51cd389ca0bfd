"""Linux traffic control for the trial, when it may: a network namespace and shaped links.

With root and ``ip netns``, the trial's simulated clients (the Locust process) run in a
network namespace of their own, ``sensus-trial-<hex>``, joined to the host by a veth pair;
the fault proxies listen on the host's end. Every byte between a simulated phone and its
proxy then crosses the veth, where the kernel shapes it:

- **bandwidth**: an htb class per profile on each end of the veth (down: the host's end,
  by the proxy's source port; up: the namespace's end, by the proxy's destination port),
  at the profile's per-phone rate times the journeys played at once (the shared link all
  of that profile's phones are on). The proxy keeps throttling each connection to one
  phone's rate, so the kernel's queues sit in front of a per-phone pace;
- **latency and jitter**: ``netem`` under each class, *if the kernel has it* (found out at
  run time: many container kernels lack ``sch_netem``); then the proxy adds none. Without
  it the proxy adds them, as without root;
- loss, resets, 503s and blackouts stay the fault proxy's (netem's packet loss would only
  slow TCP down; the proxy's faults are the ones a client must survive).

The namespace (and so the veth pair and its qdiscs) is removed when the trial ends, also
when it fails or is interrupted. Without root, or where ``ip netns`` does not work, the
trial uses the fault proxy alone, and the report says why (``setup.network``).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from sensus.trial.profiles import Profile

PROXY_ONLY = "fault proxy (h11)"
_DEFAULT_CLASS = 99  # traffic that is no profile's (none is expected): unshaped
_UNSHAPED = "10gbit"


class NamespaceError(RuntimeError):
    """A command that sets up the namespace failed."""


@dataclass(frozen=True)
class ShapedLink:
    """What one profile's traffic meets in the kernel."""

    port: int  # the profile's proxy port on the host's end
    down_kbit: int | None
    up_kbit: int | None
    delay_ms: int = 0
    jitter_ms: int = 0


@dataclass
class Namespace:
    """A namespace for the clients, its veth pair and how it was shaped."""

    name: str
    host_if: str
    ns_if: str
    host_ip: str
    ns_ip: str
    netem: bool
    netem_reason: str
    shaped: dict[str, ShapedLink] = field(default_factory=dict)

    @property
    def exec_prefix(self) -> list[str]:
        """Run a command inside the namespace: ``[*ns.exec_prefix, "python", …]``."""
        return ["ip", "netns", "exec", self.name]

    def describe(self) -> dict[str, str]:
        """The report's ``setup.network``: exactly what shaped the traffic, and why."""
        links = "; ".join(
            f"{name}: {_kbit(link.down_kbit)} down / {_kbit(link.up_kbit)} up"
            for name, link in self.shaped.items()
        )
        return {
            "method": "tc",
            "shaping": f"tc htb in namespace {self.name} (veth {self.host_if}/{self.ns_if},"
            f" clients at {self.ns_ip}, proxies at {self.host_ip}); per profile, shared by"
            f" its phones: {links}",
            "netem": "used: latency and jitter under each profile's class"
            if self.netem
            else f"unavailable: {self.netem_reason}",
            "faults": PROXY_ONLY
            + (": loss, resets, 503s, blackouts" if self.netem else ": latency, jitter, loss,")
            + ("" if self.netem else " resets, 503s, blackouts")
            + "; and each connection throttled to one phone's rate",
        }


def proxy_only(reason: str) -> dict[str, str]:
    """The report's ``setup.network`` when the kernel shapes nothing."""
    return {
        "method": "proxy",
        "shaping": f"none by the kernel ({reason}); the fault proxy throttles each connection",
        "netem": f"not used ({reason})",
        "faults": PROXY_ONLY + ": latency, jitter, loss, bandwidth, resets, 503s, blackouts",
    }


def unavailable() -> str | None:
    """Why the trial cannot use a namespace here (None: it can try)."""
    if os.name != "posix" or not hasattr(os, "geteuid"):
        return "not Linux"
    if os.geteuid() != 0:
        return "not root"
    for tool in ("ip", "tc"):
        if shutil.which(tool) is None:
            return f"no `{tool}` command (iproute2)"
    return None


def run(command: Sequence[str]) -> str:
    done = subprocess.run(list(command), capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise NamespaceError(f"`{' '.join(command)}` failed: {done.stderr.strip()}")
    return done.stdout


@contextmanager
def client_namespace(*, want_netem: bool = True) -> Iterator[Namespace]:
    """A namespace for the clients joined to the host by a veth pair (``shape`` it once the
    proxies listen); removed on exit, whatever happens.

    Raises ``NamespaceError`` (having removed what it made) when a step fails.
    """
    suffix = secrets.token_hex(3)
    name = f"sensus-trial-{suffix}"
    host_if, ns_if = f"st{suffix}h", f"st{suffix}n"
    subnet = 64 + secrets.randbelow(128)
    host_ip, ns_ip = f"10.213.{subnet}.1", f"10.213.{subnet}.2"
    inside = ["ip", "netns", "exec", name]
    run(["ip", "netns", "add", name])
    try:
        run(["ip", "link", "add", host_if, "type", "veth", "peer", "name", ns_if])
        try:
            run(["ip", "link", "set", ns_if, "netns", name])
        except NamespaceError:
            run(["ip", "link", "del", host_if])
            raise
        run(["ip", "addr", "add", f"{host_ip}/30", "dev", host_if])
        run(["ip", "link", "set", host_if, "up"])
        run([*inside, "ip", "addr", "add", f"{ns_ip}/30", "dev", ns_if])
        run([*inside, "ip", "link", "set", ns_if, "up"])
        run([*inside, "ip", "link", "set", "lo", "up"])
        netem, reason = _netem_works(inside, ns_if) if want_netem else (False, "not asked for")
        yield Namespace(name, host_if, ns_if, host_ip, ns_ip, netem, reason)
    finally:
        remove(name)


def remove(name: str) -> None:
    """Delete the namespace: its end of the veth goes with it, and so the host's end."""
    subprocess.run(["ip", "netns", "del", name], capture_output=True, check=False)  # noqa: S603, S607


def _netem_works(inside: list[str], ns_if: str) -> tuple[bool, str]:
    """Whether this kernel has netem: try it on the namespace's end, then take it away."""
    try:
        run([*inside, "tc", "qdisc", "add", "dev", ns_if, "root", "netem", "delay", "1ms"])
    except NamespaceError as error:
        text = str(error)
        if "unknown" in text.lower():
            return False, "kernel lacks sch_netem (tc: Specified qdisc kind is unknown)"
        return False, f"netem refused: {text.rpartition(': ')[2]}"
    run([*inside, "tc", "qdisc", "del", "dev", ns_if, "root"])
    return True, ""


def shape(namespace: Namespace, links: dict[str, ShapedLink]) -> None:
    """An htb class per profile on each end; netem under each class when the kernel has it."""
    namespace.shaped = dict(links)
    ends: tuple[tuple[list[str], str, str, str], ...] = (
        ([], namespace.host_if, "sport", "down"),  # proxy → phone leaves by the host's end
        (namespace.exec_prefix, namespace.ns_if, "dport", "up"),  # phone → proxy
    )
    for prefix, device, match, direction in ends:
        tc = [*prefix, "tc"]
        run([*tc, "qdisc", "add", "dev", device, "root", "handle", "1:", "htb",
             "default", str(_DEFAULT_CLASS)])  # fmt: skip
        run([*tc, "class", "add", "dev", device, "parent", "1:", "classid",
             f"1:{_DEFAULT_CLASS}", "htb", "rate", _UNSHAPED])  # fmt: skip
        for number, link in enumerate(namespace.shaped.values(), start=10):
            kbit = link.down_kbit if direction == "down" else link.up_kbit
            rate = f"{kbit}kbit" if kbit else _UNSHAPED
            run([*tc, "class", "add", "dev", device, "parent", "1:", "classid",
                 f"1:{number}", "htb", "rate", rate, "ceil", rate])  # fmt: skip
            run([*tc, "filter", "add", "dev", device, "parent", "1:", "protocol", "ip",
                 "prio", "1", "u32", "match", "ip", match, str(link.port), "0xffff",
                 "flowid", f"1:{number}"])  # fmt: skip
            if namespace.netem and (link.delay_ms or link.jitter_ms):
                run([*tc, "qdisc", "add", "dev", device, "parent", f"1:{number}", "handle",
                     f"{number}:", "netem", "delay", f"{link.delay_ms}ms",
                     f"{link.jitter_ms}ms"])  # fmt: skip


def links_for(
    profiles: Sequence[Profile], ports: dict[str, int], users: int
) -> dict[str, ShapedLink]:
    """Each profile's shared link: one phone's rate times the phones on it at once."""
    share = max(1, -(-users // max(1, len(profiles))))
    links = {}
    for profile in profiles:
        faults = profile.faults
        down, up = faults.bandwidth_down_kbps, faults.bandwidth_up_kbps
        links[profile.name] = ShapedLink(
            port=ports[profile.name],
            down_kbit=down * share if down else None,
            up_kbit=up * share if up else None,
            delay_ms=faults.latency_ms,
            jitter_ms=faults.jitter_ms,
        )
    return links


def _kbit(kbit: int | None) -> str:
    return f"{kbit:,} kbit/s" if kbit else "unlimited"
