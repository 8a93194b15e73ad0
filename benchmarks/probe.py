"""What a launched process reports to the start-up harness, on one line of stdout.

Kept free of Qt imports so that importing it costs the measured process nothing but
itself; the launchers call :func:`quit_when_idle` once their window is shown.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

#: The line prefix the harness looks for; anything else on stdout is ignored.
READY = "HOOKSMITH-BENCH-READY"
JOURNEY = "HOOKSMITH-BENCH-JOURNEY"


def now_ns() -> int:
    """CLOCK_MONOTONIC is one clock for the whole machine, so parent and child agree."""
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


def peak_rss_kib() -> int:
    """The process's peak resident set size so far (VmHWM), in KiB; 0 if unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def report(prefix: str) -> None:
    print(f"{prefix} {now_ns()} {peak_rss_kib()}", flush=True)


def quit_when_idle(app: Any, then: Callable[[], None] | None = None) -> None:
    """Report READY the first time the event loop is idle, then run ``then`` or quit.

    A zero-delay timer fires only after the events already queued (show, layout,
    expose, paint) have been handled: the window is on screen and waits for input.
    """
    from PySide6.QtCore import QTimer

    def ready() -> None:
        report(READY)
        if then is None:
            app.quit()
        else:
            then()

    QTimer.singleShot(0, ready)


def fail(message: str) -> None:
    """End a launcher with a message the harness shows (stderr, exit status 3)."""
    print(f"benchmark launcher: {message}", file=sys.stderr, flush=True)
    raise SystemExit(3)
