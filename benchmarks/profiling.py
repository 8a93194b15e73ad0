"""What dominates the figures: start-up step by step, and the preview under pyinstrument.

Run with ``bash benchmarks/run.sh --profile`` (add ``--only preview`` to skip the
table's start-up rows). pyinstrument comes with the ``bench`` extra
(``pip install -e '.[bench]'``).
"""

from __future__ import annotations

from app.core.destination.catalogue import SANDBOX_REGION, get_destination
from benchmarks.payloads import grown_template
from benchmarks.preview import broken_record, keystroke_work
from benchmarks.startup import run_fresh


def startup_phases() -> str:
    """The table of ``python -m benchmarks.phases``, run in a fresh offscreen process."""
    done = run_fresh("benchmarks.phases", timeout=120)
    if done.returncode != 0:
        return f"Start-up phases failed: {done.stderr.strip()[-2000:]}"
    return "Start-up, step by step (one fresh process):\n" + done.stdout


def page_profile(quick: bool = False) -> str:
    """A pyinstrument call tree of the payload page's whole refresh (widgets included)."""
    try:
        import pyinstrument  # noqa: F401
    except ImportError:
        return "Page profile skipped: pyinstrument is not installed (pip install -e '.[bench]')."
    done = run_fresh("benchmarks.page_refresh", "--profile", "10" if quick else "1000", timeout=300)
    if done.returncode != 0:
        return f"Page profile failed: {done.stderr.strip()[-2000:]}"
    return "The payload page's refresh, widgets included:\n" + done.stdout


def preview_profile(quick: bool = False, *, broken: bool = True) -> str:
    """A text call tree of the preview's per-keystroke work for 1000 CleverTap records.

    Args:
        quick: 10 records instead of 1000 (for the smoke test).
        broken: profile the case where one record breaks a rule (the slower path).
    """
    try:
        from pyinstrument import Profiler
    except ImportError:
        return "Profile skipped: pyinstrument is not installed (pip install -e '.[bench]')."
    destination = get_destination("clevertap")
    profile, _ = grown_template(destination, 10 if quick else 1000)
    profile.region = SANDBOX_REGION
    if broken:
        profile = broken_record(profile)
    keystroke, _ = keystroke_work(profile, destination)
    keystroke()
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(5 if quick else 50):
        keystroke()
    profiler.stop()
    return profiler.output_text(unicode=False, color=False, short_mode=False)
