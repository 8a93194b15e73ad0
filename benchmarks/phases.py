"""Where start-up time and memory go: the steps of ``hooksmith`` (no command), one by one.

Run as ``python -m benchmarks.phases`` (``--profile`` runs it in a fresh process). It
repeats what ``app.cli.main`` and ``app.ui.launch.run_gui`` do, in their order,
timing each step in CPU and wall time and noting the resident memory after it. Each
step pays for the imports it is first to need, so the figures say what the first
user of a module costs, not what the module costs alone.
"""

from __future__ import annotations

import sys
import time

from benchmarks.probe import peak_rss_kib


def _rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main() -> int:
    marks: list[tuple[str, float, float, int]] = []

    def mark(step: str) -> None:
        marks.append((step, time.thread_time(), time.perf_counter(), _rss_kib()))

    mark("interpreter up")
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    mark("PySide6 imported, QApplication")
    import app.cli as cli

    cli.wizard_arguments([])  # as app.cli.main does: no argparse when the wizard opens
    mark("app.cli, arguments (the wizard opens)")
    from app.core.secrets import logsafe
    from app.ui.launch import default_store, setup_logging

    logsafe.install()
    setup_logging()
    mark("app.ui.launch, log masking, log file")
    store = default_store()
    mark(f"secret store ({type(store).__name__}: keyring backend discovery)")
    from app.core.journey.services import Services
    from app.ui.wizard import HooksmithWizard

    mark("import app.ui.wizard and its pages")
    wizard = HooksmithWizard(Services(store=store))
    mark("HooksmithWizard()")
    from PySide6.QtCore import QTimer

    wizard.show()
    QTimer.singleShot(0, app.quit)
    app.exec()
    mark("shown, event loop idle")
    print(f"{'step':58} {'CPU':>8} {'wall':>8} {'RSS after':>10}")
    for (step, cpu, wall, rss), (_, cpu0, wall0, _) in zip(marks[1:], marks[:-1], strict=True):
        print(
            f"{step:58} {1000 * (cpu - cpu0):6.0f}ms {1000 * (wall - wall0):6.0f}ms "
            f"{rss / 1024:7.0f} MiB"
        )
    print(f"{'peak RSS (VmHWM)':58} {'':8} {'':8} {peak_rss_kib() / 1024:7.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
