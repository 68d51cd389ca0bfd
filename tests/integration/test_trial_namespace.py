"""As root, the trial's clients get a network namespace shaped by tc; it goes when done.

Needs root and ``ip netns`` (CI and the development machine run as root); elsewhere the
tests skip, saying why. Bounded: one namespace, a few kilobytes through it, no timing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from sensus.config import ROOT
from sensus.trial import netns
from sensus.trial.faultproxy import Faults, running_proxy
from sensus.trial.profiles import PROFILES
from tests.serving import serving

pytestmark = pytest.mark.xdist_group("trial")

WHY = netns.unavailable()


def namespaces() -> str:
    return subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout


def _can_make_one() -> str | None:
    if WHY is not None:
        return WHY
    try:
        with netns.client_namespace(want_netem=False):
            return None
    except netns.NamespaceError as error:
        return str(error)


REASON = _can_make_one()
needs_namespace = pytest.mark.skipif(REASON is not None, reason=f"no network namespace: {REASON}")


BIG = Starlette(routes=[Route("/", lambda _: PlainTextResponse("x" * 20_000))])


@needs_namespace
def test_clients_in_the_namespace_reach_the_proxy_through_a_shaped_veth() -> None:
    profile = PROFILES["3g"]
    with serving(BIG) as (host, port), netns.client_namespace() as namespace:
        assert namespace.name in namespaces()
        with running_proxy(host, port, faults=Faults(), host=namespace.host_ip) as proxy:
            links = netns.links_for([profile], {"3g": proxy.port}, users=4)
            netns.shape(namespace, links)
            fetch = (
                "import urllib.request,sys;"
                f"sys.stdout.write(str(len(urllib.request.urlopen('{proxy.url}/').read())))"
            )
            done = subprocess.run(
                [*namespace.exec_prefix, sys.executable, "-c", fetch],
                capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            assert done.stdout == "20000", done.stderr
        # The answer went down through the profile's class, at the profile's rate x phones.
        classes = netns.run(["tc", "-s", "class", "show", "dev", namespace.host_if])
        shaped = classes.split("class htb 1:10 ")[1].split("class htb")[0]
        assert f"rate {profile.faults.bandwidth_down_kbps * 4 // 1000}Mbit" in shaped
        sent = int(shaped.split("Sent ")[1].split(" bytes")[0])
        assert sent >= 20_000
        assert namespace.describe()["shaping"].startswith(f"tc htb in namespace {namespace.name}")
        name = namespace.name
    assert name not in namespaces()


@needs_namespace
def test_the_namespace_goes_even_when_the_trial_fails() -> None:
    with pytest.raises(RuntimeError), netns.client_namespace(want_netem=False) as namespace:
        name = namespace.name
        raise RuntimeError("the trial broke")
    assert name not in namespaces()


@needs_namespace
def test_a_trial_as_root_says_the_kernel_shaped_it_and_leaves_no_namespace(
    tmp_path: Path,
) -> None:
    report = tmp_path / "report"
    command = [
        sys.executable, "-m", "sensus.cli", "trial", "run", "--against-demo",
        "--households", "12", "--profile", "3g", "--duration", "12s", "--pace", "0.1",
        "--officers", "0", "--report", str(report),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    figures = json.loads((report / "report.json").read_text())
    assert (figures["lost"], figures["duplicated"]) == (0, 0)
    # Traffic went through (how much a loaded machine manages in 12 s varies: no count).
    assert figures["setup"]["proxy"]["3g"]["forwarded"] > 0
    network = figures["setup"]["network"]
    assert network["method"] == "tc"
    assert network["shaping"].startswith("tc htb in namespace sensus-trial-")
    assert network["netem"].startswith(("used", "unavailable: "))
    assert "fault proxy (h11)" in network["faults"]
    assert "network shaping: tc htb in namespace" in done.stdout
    assert "tc htb in namespace" in (report / "report.html").read_text()
    # Its own namespace is gone (other trials on the machine may have theirs meanwhile).
    own = network["shaping"].split("namespace ")[1].split(" ")[0]
    assert own.startswith("sensus-trial-") and own not in namespaces()


def test_without_root_or_namespaces_the_report_says_the_proxy_did_it_all() -> None:
    network = netns.proxy_only("not root")
    assert network["method"] == "proxy"
    assert "not root" in network["shaping"] and "not root" in network["netem"]
    assert network["faults"].startswith("fault proxy (h11)")
