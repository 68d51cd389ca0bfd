"""``sensus trial run`` refuses what it cannot do before it starts anything."""

from __future__ import annotations

from typer.testing import CliRunner

from sensus.cli import app


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["trial", "run", *args])
    return result.exit_code, result.output


def test_a_trial_needs_either_a_url_or_the_demo() -> None:
    assert run()[0] == 2
    assert run("--url", "http://127.0.0.1:1", "--against-demo")[0] == 2


def test_an_unknown_profile_is_named() -> None:
    code, output = run("--against-demo", "--profile", "flaky,5g")
    assert code == 2
    assert "5g" in output


def test_a_bad_duration_is_refused() -> None:
    code, output = run("--against-demo", "--duration", "soon")
    assert code == 2
    assert "90s" in output
