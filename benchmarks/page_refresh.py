"""The payload page's whole refresh, widgets included, in an offscreen process of its own.

The core's share of a preview update is timed in :mod:`benchmarks.preview`; this adds
what the page does with the result: the problem list, the request head and the body
view (``setPlainText`` and its JSON highlighter), then the events that lay out and
paint it. The debounce timer runs this once typing pauses; while it runs, the next
keystroke waits.

Run as ``python -m benchmarks.page_refresh RECORDS [RECORDS...]``; prints one JSON
line ``{"records": {"refresh": seconds, "floor": seconds}, ...}`` (thread CPU time,
medians; the floor is ``json.loads`` of the same payload, timed in turns with the
refresh). With ``--profile`` first,
it prints a pyinstrument call tree of the refreshes instead.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Any

from PySide6.QtWidgets import QApplication


def _time_refresh(app: QApplication, page: Any, texts: list[str]) -> tuple[float, float]:
    """Median times of one refresh after the template changed (the texts alternate) and
    of ``json.loads`` of the rendered payload, taken in turns, so that both see the
    machine alike (thread CPU time; one warm-up call each)."""
    from app.core.payload.validate import validate_profile

    rendered = validate_profile(page.profile, page.destination).body
    turn = [0]

    def keystroke() -> None:
        turn[0] += 1
        page.profile.template = texts[turn[0] % 2]
        page.refresh()
        app.processEvents()

    keystroke()
    json.loads(rendered)
    refreshes: list[float] = []
    floors: list[float] = []
    started = time.perf_counter()
    while len(refreshes) < 7 or time.perf_counter() - started < 0.5:
        t0 = time.thread_time()
        keystroke()
        refreshes.append(time.thread_time() - t0)
        t0 = time.thread_time()
        json.loads(rendered)
        floors.append(time.thread_time() - t0)
    return statistics.median(refreshes), statistics.median(floors)


def main(argv: list[str]) -> int:
    profiler = None
    if argv[:1] == ["--profile"]:
        from pyinstrument import Profiler

        argv, profiler = argv[1:], Profiler(interval=0.0005)
    app = QApplication(sys.argv[:1])
    from app.core.destination.catalogue import SANDBOX_REGION, get_destination
    from app.core.journey.services import Services
    from app.core.secrets.store import MemoryStore
    from app.ui.pages.payload import PayloadPage
    from app.ui.wizard import HooksmithWizard, PageId
    from benchmarks.payloads import grown_template
    from benchmarks.preview import edited_variant

    services = Services(store=MemoryStore())
    destination = get_destination("clevertap")
    results: dict[str, dict[str, float]] = {}
    try:
        for records in (int(a) for a in argv):
            wizard = HooksmithWizard(services)
            wizard.session.choose(destination)
            profile = wizard.session.profile
            assert profile is not None
            grown, _ = grown_template(destination, records)
            profile.template, profile.region = grown.template, SANDBOX_REGION
            wizard.setStartId(PageId.PAYLOAD)
            wizard.show()
            app.processEvents()
            page = wizard.page_for(PageId.PAYLOAD)
            assert isinstance(page, PayloadPage)
            texts = [profile.template, edited_variant(profile.template)]
            if profiler is not None:
                profiler.start()
            refresh, floor = _time_refresh(app, page, texts)
            results[str(records)] = {"refresh": refresh, "floor": floor}
            if profiler is not None:
                profiler.stop()
            wizard.done(0)  # no "unsaved changes" question between measurements
            wizard.deleteLater()
            app.processEvents()
    finally:
        services.shutdown()
    if profiler is not None:
        print(profiler.output_text(unicode=False, color=False))
    else:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
