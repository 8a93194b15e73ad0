"""Start-up and memory: fresh processes, timed from spawn to the first idle wizard page.

Each run is a new process (``QT_QPA_PLATFORM=offscreen``, a fresh ``HOOKSMITH_HOME``
so the app sees a first start). The launched process prints the CLOCK_MONOTONIC time
at which its first page was shown and the event loop went idle; the harness took the
same clock just before spawning it. Peak RSS comes from ``wait4`` (the kernel's
``ru_maxrss`` for that one child). The first run of each command warms the OS file
cache and is not counted, so "cold" means a new process, not an empty page cache.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field

from benchmarks.common import ROOT, Row, mib, ms, skipped
from benchmarks.probe import JOURNEY, READY, now_ns

#: The packaged one-folder build made by packaging/linux/build.sh.
PACKAGED = ROOT / "dist" / "hooksmith" / "hooksmith"
TIMEOUT = 60.0
BARE = "bare QWizard"


class LaunchError(RuntimeError):
    """A launched process failed or never reported; the message holds its stderr."""


@dataclass
class Launch:
    """What one launched process reported.

    Attributes:
        ready: seconds from spawn to the first idle page.
        peak_kib: the process's peak RSS over its whole life (``ru_maxrss``).
        marks: the peak RSS (VmHWM, KiB) the process reported at each mark.
    """

    ready: float
    peak_kib: int
    marks: dict[str, int] = field(default_factory=dict)


def bench_env(home: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a launched process: offscreen Qt, its own HOOKSMITH_HOME."""
    env = dict(os.environ)
    paths = [str(ROOT), *filter(None, [env.get("PYTHONPATH")])]
    env.update(QT_QPA_PLATFORM="offscreen", HOOKSMITH_HOME=home, PYTHONPATH=os.pathsep.join(paths))
    env.update(extra or {})
    return env


def launch(command: list[str], extra_env: dict[str, str] | None = None) -> Launch:
    """Run ``command`` once in a fresh HOOKSMITH_HOME and collect its report."""
    with tempfile.TemporaryDirectory(prefix="hooksmith-bench-home-") as home, \
            tempfile.TemporaryFile() as errors:  # fmt: skip
        started = now_ns()
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=bench_env(home, extra_env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        killer = threading.Timer(TIMEOUT, proc.kill)
        killer.start()
        try:
            assert proc.stdout is not None
            output = proc.stdout.read()
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stdout.close()
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace").strip()
    marks: dict[str, tuple[int, int]] = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] in (READY, JOURNEY):
            marks[parts[0]] = (int(parts[1]), int(parts[2]))
    if proc.returncode != 0 or READY not in marks:
        raise LaunchError(
            f"{' '.join(command)} exited with {proc.returncode} without reporting: "
            f"{stderr[-2000:] or output[-2000:]}"
        )
    ready = (marks[READY][0] - started) / 1e9
    return Launch(ready, usage.ru_maxrss, {k: v[1] for k, v in marks.items()})


def repeated(
    command: list[str], runs: int, extra_env: dict[str, str] | None = None, *, warm: bool = True
) -> list[Launch]:
    """``runs`` counted launches, after one uncounted launch that warms the file cache."""
    if warm:
        launch(command, extra_env)
    return [launch(command, extra_env) for _ in range(runs)]


def python_module(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


def _startup_row(what: str, ours: list[Launch], base: list[Launch], base_name: str) -> Row:
    mine = statistics.median(r.ready for r in ours)
    floor = statistics.median(r.ready for r in base)
    return Row("Start-up", what, ms(mine), f"{ms(floor)} ({base_name})", mine / floor)


def _memory_row(what: str, ours_kib: float, base_kib: float, base_name: str) -> Row:
    return Row("Memory", what, mib(ours_kib), f"{mib(base_kib)} ({base_name})", ours_kib / base_kib)


def app_available() -> str | None:
    """None when the real wizard can be launched, else why not."""
    if not (ROOT / "app" / "ui" / "launch.py").exists():
        return "the wizard (app/ui/launch.py) does not exist yet"
    return None


def _offscreen(runs: int, warm: bool) -> tuple[list[Row], list[Row]]:
    bare = repeated(python_module("benchmarks.bare_wizard"), runs, warm=warm)
    bare_peak = statistics.median(r.peak_kib for r in bare)
    why_not = app_available()
    if why_not:
        floor = ms(statistics.median(r.ready for r in bare))
        return (
            [Row("Start-up", "bare QWizard alone (the floor)", floor, "-", None, "", why_not)],
            [
                Row(
                    "Memory",
                    "bare QWizard alone (the floor)",
                    mib(bare_peak),
                    "-",
                    None,
                    "",
                    why_not,
                )
            ],
        )
    source = repeated(python_module("benchmarks.app_wizard"), runs, warm=warm)
    journeys = repeated(
        python_module("benchmarks.app_wizard", "--journey"), max(1, runs // 3), warm=warm
    )
    startup = [_startup_row("first page shown and idle, offscreen (median)", source, bare, BARE)]
    memory = [
        _memory_row(
            "peak RSS after start-up",
            statistics.median(r.peak_kib for r in source),
            bare_peak,
            BARE,
        ),
        _memory_row(
            "peak RSS after a whole journey to a sandbox fire",
            statistics.median(r.peak_kib for r in journeys),
            bare_peak,
            BARE,
        ),
    ]
    return startup, memory


def _on_x11(runs: int, warm: bool) -> tuple[list[Row], list[Row]]:
    from benchmarks import x11

    what = "window mapped on Xvfb, real entry point"
    why_not = x11.unavailable() or app_available()
    if why_not:
        return [skipped("Start-up", what, why_not)], []
    with x11.screen() as screen:
        bare = screen.repeated(python_module("benchmarks.bare_wizard"), runs, warm=warm)
        source = screen.repeated(python_module("app"), runs, warm=warm)
        packaged = None
        if PACKAGED.exists() and os.access(PACKAGED, os.X_OK):
            packaged = screen.repeated([str(PACKAGED)], runs, warm=warm)
    startup = [_startup_row(f"{what} (python -m app)", source, bare, BARE)]
    memory: list[Row] = []
    if packaged is None:
        startup.append(
            skipped("Start-up", "packaged app", "no build in dist/ (packaging/linux/build.sh)")
        )
    else:
        startup.append(_startup_row(f"{what}, packaged app", packaged, source, "source install"))
        memory.append(
            _memory_row(
                "peak RSS at window mapped, packaged app",
                statistics.median(r.peak_kib for r in packaged),
                statistics.median(r.peak_kib for r in source),
                "source install",
            )
        )
    return startup, memory


def run(quick: bool = False) -> list[Row]:
    """Start-up and memory rows: the app (source and packaged) against the bare QWizard."""
    runs, warm = (1, False) if quick else (10, True)
    startup, memory = _offscreen(runs, warm)
    more_startup, more_memory = _on_x11(runs, warm)
    return startup + more_startup + memory + more_memory
