"""Where the server's time goes on the HTTP submission path, read from its cProfile.

Two views of the same profile, both per submission and as a share of the server's busy
time (everything recorded, less the worker threads waiting for work):

* the path through sensus, by cumulative time of the functions a submission passes;
* self time by package, which shows what the frameworks and the database driver cost.

cProfile slows Python code far more than C code and I/O, so shares of pure-Python work
(the rule evaluation above all) come out larger than they are; compare with the figures
measured without the profiler.
"""

from __future__ import annotations

import pstats
from collections import defaultdict
from pathlib import Path

Key = tuple[str, int, str]

# (label, file suffix, function): the submission's way through sensus, outermost first.
PATH = [
    ("session check (cookie, household read)", "sensus/api/deps.py", "signed_in_household"),
    ("submission route", "sensus/api/self_response.py", "submit"),
    ("  SelfResponseService.submit", "sensus/services/self_response.py", "submit"),
    ("    replay check (submission by id)", "sensus/services/self_response.py", "_replay"),
    ("    validation (_validate)", "sensus/services/self_response.py", "_validate"),
    ("      registry members read", "sensus/storage/households.py", "registry_persons"),
    ("      validate_document", "sensus/domain/questionnaire/validate.py", "validate_document"),
    ("    storing (_store)", "sensus/services/self_response.py", "_store"),
    ("      clean_document", "sensus/domain/questionnaire/validate.py", "clean_document"),
    (
        "      store_submission (one transaction)",
        "sensus/storage/households.py",
        "store_submission",
    ),
    ("        of which COMMIT (fsync)", "~", "<method 'commit' of 'sqlite3.Connection' objects>"),
    ("      receipt (_receipt)", "sensus/services/self_response.py", "_receipt"),
    ("    household reads (_household)", "sensus/services/self_response.py", "_household"),
]
IDLE = ("~", "<method 'acquire' of '_thread.lock' objects>")  # threads waiting for work


def summarise(path: Path, submissions: int, concurrency: int) -> None:
    stats = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
    idle = sum(entry[2] for key, entry in stats.items() if (key[0], key[2]) == IDLE)
    busy = sum(entry[2] for entry in stats.values()) - idle
    per = 1000 / submissions
    if concurrency > 1:
        # Threads overlap: their times add up to more than the wall clock, waits included.
        print("  (several connections: times are per thread and overlap, waits included)")
    print(f"  server busy time: {busy * per:.2f} ms per submission under the profiler")
    print("  the path through sensus (cumulative):")
    ours = 0.0
    for label, suffix, function in PATH:
        seconds = _cumulative(stats, suffix, function)
        if not label.startswith(" "):  # the outermost entries do not overlap
            ours += seconds
        print(f"    {label:<46} {seconds * per:6.2f} ms  {seconds / busy:4.0%}")
    rest = busy - ours
    label = "HTTP, ASGI, FastAPI, threads (the rest)"
    print(f"    {label:<46} {rest * per:6.2f} ms  {rest / busy:4.0%}")
    print("  self time by package:")
    packages = sorted(_by_package(stats).items(), key=lambda item: -item[1])
    for package, seconds in packages[:14]:
        print(f"    {package:<46} {seconds * per:6.2f} ms  {seconds / busy:4.0%}")


def _cumulative(
    stats: dict[Key, tuple[int, int, float, float, object]], suffix: str, name: str
) -> float:
    # Recursive functions list their outermost calls' time once, as cumulative time.
    return sum(
        entry[3] for key, entry in stats.items() if key[0].endswith(suffix) and key[2] == name
    )


def _by_package(stats: dict[Key, tuple[int, int, float, float, object]]) -> dict[str, float]:
    totals: defaultdict[str, float] = defaultdict(float)
    for (filename, _line, function), entry in stats.items():
        if (filename, function) == IDLE:
            continue
        totals[_package(filename, function)] += entry[2]
    return totals


def _package(filename: str, function: str) -> str:
    if filename == "~":
        if "sqlite3" in function:
            return "sqlite3 driver in C (execute, commit)"
        return "built-ins (C)"
    if "/sensus/" in filename:
        layer = filename.split("/sensus/", 1)[1].split("/")[0].removesuffix(".py")
        return f"sensus.{layer}"
    if "/site-packages/" in filename:
        return filename.split("/site-packages/", 1)[1].split("/")[0].removesuffix(".py")
    if "/lib/python" in filename:
        module = filename.rsplit("/lib/python", 1)[1].split("/", 1)[1]
        return f"stdlib {module.split('/')[0].removesuffix('.py')}"
    return filename
