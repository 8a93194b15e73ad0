"""Where the preview's time goes: pyinstrument over many keystrokes at the largest size.

Run with ``bash benchmarks/run.sh --only preview --profile``. pyinstrument comes with
the ``bench`` extra (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

from app.core.catalogue import SANDBOX_REGION, get_destination
from benchmarks.payloads import grown_template
from benchmarks.preview import broken_record, keystroke_work


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
