"""Hooksmith's real start-up, reporting when its first wizard page is shown and idle.

It runs the ``hooksmith`` entry point itself (``app.cli.main([])``: argument parsing,
logging, the secret store, the services, the wizard) and only watches: the first
time a top-level QWizard is shown, a zero-delay timer reports the moment the event
loop goes idle. With ``--journey`` it then walks the wizard as a user would, to a
fire at the built-in sandbox, and reports again when the answer is on screen.

Secrets: the journey types the sandbox's demo passcode; the launcher swaps the
secret store for an in-memory one first, so no keyring is touched.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget, QWizard

from benchmarks.probe import JOURNEY, fail, quit_when_idle, report


def watch_first_show(app: QApplication, then: Any) -> None:
    """Call ``quit_when_idle(app, then(wizard))`` when the first QWizard window shows.

    ``QWidget.show`` is wrapped rather than an event filter installed, because an
    application-wide filter would run Python for every event and slow the very
    start-up being measured.
    """
    original = QWidget.show
    seen: list[QWizard] = []

    def show(widget: QWidget) -> None:
        original(widget)
        if not seen and isinstance(widget, QWizard) and widget.isWindow():
            seen.append(widget)
            QWidget.show = original  # type: ignore[method-assign]
            quit_when_idle(app, then(widget))

    QWidget.show = show  # type: ignore[method-assign]


def journey(app: QApplication, wizard: Any) -> None:
    """Walk CleverTap -> sandbox -> demo credentials -> default mapping -> fire."""
    from app.core.secrets.store import MemoryStore
    from app.ui.wizard import PageId

    wizard.session.services.store = MemoryStore()
    integration = wizard.page_for(PageId.INTEGRATION)
    integration.radios["clevertap"].click()
    _next(wizard, PageId.REGION)
    wizard.page_for(PageId.REGION).radios["sandbox"].click()
    _next(wizard, PageId.CREDENTIALS)
    credentials = wizard.page_for(PageId.CREDENTIALS)
    account = wizard.session.destination.demo_accounts[0]
    credentials.set_value("account_id", account["account_id"])
    credentials.set_value("passcode", account["passcode"])
    _next(wizard, PageId.MAPPING)
    _next(wizard, PageId.PAYLOAD)
    _next(wizard, PageId.FIRE)
    page = wizard.page_for(PageId.FIRE)

    def answered(result: Any) -> None:
        explanation = page.last_explanation
        if result.status != 200 or explanation is None or explanation.verdict != "ok":
            fail(f"the sandbox fire did not succeed: {result.status} {result.error}")
        report(JOURNEY)
        wizard.done(0)  # end without the "unsaved changes" question that closing asks
        app.quit()

    page.runner.resultReady.connect(answered)
    page.fire_button.click()


def _next(wizard: Any, expect: Any) -> None:
    wizard.next()
    if wizard.currentId() != expect:
        page = wizard.currentPage()
        message = page.message.text() if hasattr(page, "message") else ""
        fail(f"the wizard stayed on page {wizard.currentId()} instead of {expect}: {message}")


def main(argv: list[str] | None = None) -> int:
    # Not argparse: the app's own start does not import it, so neither may its harness.
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["--journey"]):
        fail(f"usage: python -m benchmarks.app_wizard [--journey] (not {' '.join(args)})")
    walk = args == ["--journey"]
    app = QApplication(sys.argv[:1])  # run_gui reuses it (QApplication.instance())

    def then(wizard: QWizard) -> Any:
        return (lambda: journey(app, wizard)) if walk else None

    watch_first_show(app, then)
    from app.cli import main as hooksmith

    code = hooksmith([])
    if code != 0:
        fail(f"hooksmith exited with {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
