"""Start-up and memory: fresh processes, timed from spawn to the first idle wizard page.

Each run is a new process (``QT_QPA_PLATFORM=offscreen``, a fresh ``HOOKSMITH_HOME``
so the app sees a first start). The launched process prints the CLOCK_MONOTONIC time
at which its first page was shown and the event loop went idle; the harness took the
same clock just before spawning it. Peak RSS comes from ``wait4`` (the kernel's
``ru_maxrss`` for that one child). The first run of each command warms the OS file
cache and is not counted, so "cold" means a new process, not an empty page cache.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import ROOT, Row, mib, ms, skipped
from benchmarks.probe import JOURNEY, READY, now_ns

#: What packaging/linux/build.sh leaves: the portable tarball users download, and the
#: frozen one-folder build it was made from.
TARBALLS = "hooksmith-*-linux-*.tar.gz"
FROZEN = ROOT / "build" / "linux" / "frozen" / "hooksmith" / "hooksmith"
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
        cpu: the CPU seconds it used over its whole life (user + system); on a
            loaded machine this moves far less than ``ready``.
        marks: the peak RSS (VmHWM, KiB) the process reported at each mark.
    """

    ready: float
    peak_kib: int
    cpu: float = 0.0
    marks: dict[str, int] = field(default_factory=dict)


def bench_env(home: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a launched process: offscreen Qt, its own HOOKSMITH_HOME."""
    env = dict(os.environ)
    paths = [str(ROOT), *filter(None, [env.get("PYTHONPATH")])]
    env.update(QT_QPA_PLATFORM="offscreen", HOOKSMITH_HOME=home, PYTHONPATH=os.pathsep.join(paths))
    env.update(extra or {})
    return env


def run_fresh(module: str, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run ``python -m module args`` offscreen in a fresh HOOKSMITH_HOME; its output
    is captured, its exit status left to the caller."""
    with tempfile.TemporaryDirectory(prefix="hooksmith-bench-home-") as home:
        return subprocess.run(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            env=bench_env(home),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


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
    cpu = usage.ru_utime + usage.ru_stime
    return Launch(ready, usage.ru_maxrss, cpu, {k: v[1] for k, v in marks.items()})


def interleaved(
    launcher: Callable[[list[str]], Launch],
    commands: dict[str, tuple[list[str], int]],
    *,
    warm: bool = True,
) -> dict[str, list[Launch]]:
    """Launch each command its number of times, taking turns, after one warm-up each.

    Taking turns means a change in the machine's load hits the app and its baseline
    alike, so the ratio between them holds even when the times move. The warm-up
    launch fills the OS file cache and is not counted.
    """
    if warm:
        for command, _ in commands.values():
            launcher(command)
    results: dict[str, list[Launch]] = {name: [] for name in commands}
    for turn in range(max(count for _, count in commands.values())):
        for name, (command, count) in commands.items():
            if turn < count:
                results[name].append(launcher(command))
    return results


def python_module(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


#: Issue 15's targets, as ratios to the bare QWizard measured in the same run.
STARTUP_TARGET = 1.5
MEMORY_TARGET = 1.5


def _against(ratio: float, target: float | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    return f"<= {target:.1f}x", "met" if ratio <= target else "MISSED"


def _startup_row(
    what: str,
    ours: list[Launch],
    base: list[Launch],
    base_name: str,
    target: float | None = STARTUP_TARGET,
) -> Row:
    """Median wall time to ready, with the median CPU time of the whole process beside it."""
    mine = statistics.median(r.ready for r in ours)
    floor = statistics.median(r.ready for r in base)
    mine_cpu = statistics.median(r.cpu for r in ours)
    floor_cpu = statistics.median(r.cpu for r in base)
    return Row(
        "Start-up",
        what,
        f"{ms(mine)} (CPU {ms(mine_cpu)})",
        f"{ms(floor)} (CPU {ms(floor_cpu)}, {base_name})",
        mine / floor,
        *_against(mine / floor, target),
    )


def _memory_row(
    what: str, ours_kib: float, base_kib: float, base_name: str, target: float | None = None
) -> Row:
    ratio = ours_kib / base_kib
    return Row(
        "Memory",
        what,
        mib(ours_kib),
        f"{mib(base_kib)} ({base_name})",
        ratio,
        *_against(ratio, target),
    )


def app_available() -> str | None:
    """None when the real wizard can be launched, else why not."""
    if not (ROOT / "app" / "ui" / "launch.py").exists():
        return "the wizard (app/ui/launch.py) does not exist yet"
    return None


@contextlib.contextmanager
def packaged_app(wanted: bool = True) -> Iterator[tuple[Path | None, str]]:
    """The packaged app's executable and where it came from, or (None, why not).

    The newest portable tarball in dist/ is unpacked to a temporary folder, as a user
    would; without one, the frozen folder of the last build is used.
    """
    if not wanted:
        yield None, "not measured with --quick"
        return
    tarballs = sorted((ROOT / "dist").glob(TARBALLS), key=lambda p: p.stat().st_mtime)
    if tarballs:
        with tempfile.TemporaryDirectory(prefix="hooksmith-bench-pkg-") as folder:
            with tarfile.open(tarballs[-1]) as archive:
                archive.extractall(folder, filter="tar")
            found = sorted(Path(folder).glob("*/hooksmith"))
            if found:
                yield found[0], tarballs[-1].name
                return
    if FROZEN.exists() and os.access(FROZEN, os.X_OK):
        yield FROZEN, "build/linux/frozen"
        return
    yield None, "no build in dist/ (run packaging/linux/build.sh)"


def _median_peak(launches: list[Launch]) -> float:
    return statistics.median(r.peak_kib for r in launches)


def _offscreen(runs: int, warm: bool) -> tuple[list[Row], list[Row]]:
    bare_command = python_module("benchmarks.bare_wizard")
    why_not = app_available()
    if why_not:
        bare = interleaved(launch, {BARE: (bare_command, runs)}, warm=warm)[BARE]
        floor = ms(statistics.median(r.ready for r in bare))
        peak = mib(_median_peak(bare))
        return (
            [Row("Start-up", "bare QWizard alone (the floor)", floor, "-", None, "", why_not)],
            [Row("Memory", "bare QWizard alone (the floor)", peak, "-", None, "", why_not)],
        )
    found = interleaved(
        launch,
        {
            BARE: (bare_command, runs),
            "app": (python_module("benchmarks.app_wizard"), runs),
            "journey": (python_module("benchmarks.app_wizard", "--journey"), max(1, runs // 3)),
        },
        warm=warm,
    )
    bare, app = found[BARE], found["app"]
    startup = [_startup_row("first page shown and idle, offscreen (median)", app, bare, BARE)]
    memory = [
        _memory_row(
            "peak RSS after start-up", _median_peak(app), _median_peak(bare), BARE, MEMORY_TARGET
        ),
        _memory_row(
            "peak RSS after a whole journey to a sandbox fire",
            _median_peak(found["journey"]),
            _median_peak(bare),
            BARE,
        ),
    ]
    return startup, memory


def _on_x11(runs: int, warm: bool, with_packaged: bool) -> tuple[list[Row], list[Row]]:
    from benchmarks import x11

    what = "window mapped on Xvfb, real entry point"
    why_not = x11.unavailable() or app_available()
    if why_not:
        return [skipped("Start-up", what, why_not)], []
    with x11.screen() as screen, packaged_app(with_packaged) as (binary, origin):
        commands = {
            BARE: (python_module("benchmarks.bare_wizard"), runs),
            "source": (python_module("app"), runs),
        }
        if binary is not None:
            commands["packaged"] = ([str(binary)], runs)
        found = interleaved(screen.launch, commands, warm=warm)
    source = found["source"]
    startup = [_startup_row(f"{what} (python -m app)", source, found[BARE], BARE)]
    memory: list[Row] = []
    if "packaged" not in found:
        startup.append(skipped("Start-up", "packaged app", origin))
        return startup, memory
    packaged = found["packaged"]
    startup.append(
        _startup_row(
            f"{what}, packaged app ({origin})", packaged, source, "source install", target=1.0
        )
    )
    memory.append(
        _memory_row(
            f"peak RSS at window mapped, packaged app ({origin})",
            _median_peak(packaged),
            _median_peak(source),
            "source install",
        )
    )
    return startup, memory


def run(quick: bool = False) -> list[Row]:
    """Start-up and memory rows: the app (source and packaged) against the bare QWizard."""
    runs, warm = (1, False) if quick else (10, True)
    startup, memory = _offscreen(runs, warm)
    more_startup, more_memory = _on_x11(runs, warm, with_packaged=not quick)
    return startup + more_startup + memory + more_memory
