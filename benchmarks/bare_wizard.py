"""The floor for start-up and memory: a bare PySide6 script showing an empty QWizard.

Three empty pages, nothing else imported: no app can start faster or smaller with
the same toolkit. Run by the harness as ``python -m benchmarks.bare_wizard``; it
reports when the first page is shown and idle, then quits.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QWizard, QWizardPage

from benchmarks.probe import quit_when_idle


def main() -> int:
    app = QApplication(sys.argv)
    wizard = QWizard()
    for number in (1, 2, 3):
        page = QWizardPage()
        page.setTitle(f"Page {number}")
        wizard.addPage(page)
    wizard.show()
    quit_when_idle(app)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
