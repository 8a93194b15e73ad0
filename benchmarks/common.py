"""What every benchmark shares: rows of the result table, timing loops, the machine.

Figures on a shared 2-core machine move by tens of percent from run to run, so each
row carries its baseline measured in the same run and the ratio between them; the
ratio is the figure to compare across machines and commits.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    """One line of the table: our figure beside its baseline.

    Attributes:
        section: ``Start-up``, ``Memory``, ``Preview`` or ``Firing``.
        what: the case measured, in words.
        ours: the figure for Hooksmith, already formatted (``412 ms``).
        baseline: the baseline figure with what it is (``250 ms (bare QWizard)``).
        ratio: ours / baseline, where lower is better; None when not comparable.
        target: the target, formatted, or empty.
        verdict: ``met``, ``MISSED`` or empty; a note when the row was skipped.
    """

    section: str
    what: str
    ours: str
    baseline: str
    ratio: float | None = None
    target: str = ""
    verdict: str = ""


def skipped(section: str, what: str, why: str) -> Row:
    """A row for a case that could not be measured in this run, saying why."""
    return Row(section, what, "-", "-", None, "", f"skipped: {why}")


def ms(seconds: float) -> str:
    """Milliseconds with two significant decimals below 10 ms, none above."""
    value = seconds * 1000
    if value < 1:
        return f"{value:.3f} ms"
    if value < 10:
        return f"{value:.2f} ms"
    return f"{value:.0f} ms"


def mib(kib: float) -> str:
    return f"{kib / 1024:.0f} MiB"


def median_time(
    func: Callable[[], object],
    *,
    min_runs: int,
    min_seconds: float,
    clock: Callable[[], float] = time.thread_time,
) -> float:
    """Median time of ``func`` over at least ``min_runs`` calls and ``min_seconds``.

    The default clock is this thread's CPU time: on a shared machine, wall time also
    counts the moments another process had the core, which says nothing about this
    code (on an idle machine the two agree for work that never waits). One call
    first warms caches (imports, regex compilation), as the preview is warm after
    the user's first keystroke.
    """
    func()
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < min_runs or time.perf_counter() - started < min_seconds:
        t0 = clock()
        func()
        times.append(clock() - t0)
        if len(times) >= 10_000:
            break
    return statistics.median(times)


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table, ready for the README."""
    head = ["Measure", "Hooksmith", "Baseline (same run)", "Ratio", "Target", "Verdict"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
        cells = [
            f"{row.section}: {row.what}",
            row.ours,
            row.baseline,
            ratio,
            row.target or "-",
            row.verdict or "-",
        ]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def machine() -> str:
    """One line naming the machine, Python and Qt, for the table's caption."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import PySide6

        qt = f"PySide6 {PySide6.__version__}"
    except ImportError:
        qt = "PySide6 not installed"
    python = f"Python {sys.version.split()[0]}"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    system = f"{platform.system()} {platform.release()}"
    return f"{cores} CPUs ({cpu}), {system}, {python}, {qt}{load}"
