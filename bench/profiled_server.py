"""``sensus serve`` under cProfile, every thread included, from SIGUSR1 until SIGINT.

    python bench/profiled_server.py PORT OUT.prof      (settings from SENSUS_* as usual)

cProfile sees only the thread that enabled it, and the routes of the submission path are
plain functions that Starlette runs in worker threads. So each thread enables a profiler of
its own on its first event after SIGUSR1, and all of them are added up when the server
stops. Recording starts on the signal so that start-up and warm-up (imports, the region
master, the first Argon2 check) stay out of the profile.
"""

from __future__ import annotations

import cProfile
import pstats
import signal
import sys
import threading
from types import FrameType
from typing import Any

import uvicorn

_recording = threading.Event()
_profiles: list[cProfile.Profile] = []
_lock = threading.Lock()


def _profile_this_thread(_frame: FrameType, _event: str, _arg: Any) -> None:
    if not _recording.is_set():
        return
    profile = cProfile.Profile()
    with _lock:
        _profiles.append(profile)
    profile.enable()  # replaces this hook for the rest of the thread's life


def main() -> None:
    port, out = int(sys.argv[1]), sys.argv[2]
    main_thread = cProfile.Profile()

    def start(_signum: int, _frame: FrameType | None) -> None:
        main_thread.enable()  # signal handlers run in the main thread: the event loop's
        _recording.set()

    signal.signal(signal.SIGUSR1, start)
    threading.setprofile(_profile_this_thread)
    # What ``sensus serve`` runs (sensus/cli.py), with one worker.
    uvicorn.run("sensus.app:create_app", factory=True, host="127.0.0.1", port=port)
    main_thread.disable()
    stats = pstats.Stats(main_thread)
    with _lock:
        for profile in _profiles:
            stats.add(profile)
    stats.dump_stats(out)


if __name__ == "__main__":
    main()
