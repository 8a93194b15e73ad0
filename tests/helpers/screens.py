"""Walk the wizard through the CleverTap journey and save a screenshot of every page.

Used by test_screenshots.py, in this process and (for 200 % scaling and the dark
palette, which must be set before the QApplication exists) in a child process:

    python tests/helpers/screens.py OUT_DIR [--dark] [--only 05-payload]

Every shot is also checked with the layout check (layout_check.py): text, placeholders
and drop-down items that do not fit, overlaps, rows and lines shown, nested scrolling.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: the app and tests.helpers
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.ui.compat import collect_garbage_between_events  # noqa: E402
from tests.helpers.layout_check import check_layout  # noqa: E402

SIZE = (1000, 720)
PARTIAL = """{
  "d": [
    {"type": "event", "evtName": "Coupon Generated", "identity": "${$ProfileID}",
     "evtData": {"CouponCode": "${$CouponCode}"}},
    {"type": "event", "identity": "${$ProfileID}",
     "evtData": {"CouponCode": "${$CouponCode}"}}
  ]
}"""


def clipped(root: QWidget) -> list[str]:
    """What does not fit under ``root``: the layout check of layout_check.py (cut text,
    placeholders and drop-down items, overlaps, rows and lines shown, nested scrolling),
    the screen aside (the shots are taken at a fixed size)."""
    return check_layout(root, screen=False)


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2b2e",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e20",
        QPalette.ColorRole.AlternateBase: "#2a2a2d",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#3a3a3e",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#3d6fb4",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#3a3a3e",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#9a9a9a",
        QPalette.ColorRole.Link: "#7fb0ff",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


def wait(condition: Callable[[], bool], timeout_ms: int = 10_000) -> None:
    """Run the event loop until ``condition`` holds (no sleeping)."""
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(10)
    deadline = QTimer()
    deadline.setSingleShot(True)
    timer.timeout.connect(lambda: loop.quit() if condition() else None)
    deadline.timeout.connect(loop.quit)
    timer.start()
    deadline.start(timeout_ms)
    if not condition():
        loop.exec()
    if not condition():
        raise TimeoutError("the wizard did not get there in time")


def settle() -> None:
    """Let pending layouts and the payload's debounce run before a grab."""
    done: list[int] = []
    QTimer.singleShot(200, lambda: done.append(1))
    wait(lambda: bool(done))


def walk(out: Path, only: str = "") -> dict[str, list[str]]:
    """Save every page to ``out``; returns the clipped widgets found per shot."""
    from app.core.journey.services import Services
    from app.core.sandbox.server import Sandbox
    from app.core.secrets.store import MemoryStore
    from app.ui.dialogs import Prompter
    from app.ui.pages.fire import FirePage
    from app.ui.pages.payload import PayloadPage
    from app.ui.settings_dialog import SettingsDialog
    from app.ui.wizard import HooksmithWizard, PageId

    class Yes(Prompter):
        def confirm(self, *args: object) -> bool:
            return True

        def choose(self, *args: object) -> str:
            return "discard"  # closing a shot's wizard loses nothing

    out.mkdir(parents=True, exist_ok=True)
    report: dict[str, list[str]] = {}
    with Sandbox() as sandbox:
        services = Services(store=MemoryStore(), sandbox_factory=lambda: sandbox)
        wizard = HooksmithWizard(services, Yes())
        wizard.resize(*SIZE)
        wizard.show()

        def shot(name: str, widget: QWidget | None = None) -> None:
            settle()
            target = widget or wizard
            if not only or only == name:
                target.grab().save(str(out / f"{name}.png"))
                report[name] = clipped(target)

        def fire() -> None:
            page = wizard.page_for(PageId.FIRE)
            assert isinstance(page, FirePage)
            results: list[object] = []
            page.runner.resultReady.connect(results.append)
            page.fire_button.click()
            wait(lambda: bool(results))

        shot("01-integration")
        wizard.next()
        wizard.page_for(PageId.REGION).choose("sandbox")  # type: ignore[attr-defined]
        shot("02-region")
        wizard.next()
        wizard.page_for(PageId.CREDENTIALS).demo.click()  # type: ignore[attr-defined]
        shot("03-credentials")
        wizard.next()
        shot("04-mapping")
        wizard.next()
        shot("05-payload")
        payload = wizard.page_for(PageId.PAYLOAD)
        assert isinstance(payload, PayloadPage)
        wizard.next()
        fire()
        shot("06-fire")
        wizard.next()
        shot("07-handover")
        wizard.page_for(PageId.HANDOVER).tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
        shot("08-export")
        wizard.back()
        wizard.back()
        found = payload.editor.document().find('"${$CouponCode}"')
        cursor = payload.editor.textCursor()
        cursor.setPosition(found.selectionEnd())
        cursor.insertText(",")
        payload.editor.setTextCursor(cursor)
        payload.refresh()
        shot("09-payload-problem")
        payload.editor.moveCursor(QTextCursor.MoveOperation.Start)
        payload.editor.setPlainText(PARTIAL)
        payload.refresh()
        wizard.next()
        fire()
        shot("10-fire-partial")
        wizard.next()
        wizard.page_for(PageId.HANDOVER).tabs.setCurrentIndex(0)  # type: ignore[attr-defined]
        shot("12-checklist")  # the sandbox and a partly rejected fire: not ready, and why
        dialog = SettingsDialog(services.settings, Yes(), wizard)
        dialog.show()
        shot("11-settings", dialog)
        dialog.close()
        wizard.close()
        services.shutdown()
    return report


def main(argv: list[str]) -> int:
    out = Path(argv[1])
    only = argv[argv.index("--only") + 1] if "--only" in argv else ""
    app = QApplication(argv[:1])
    collect_garbage_between_events(app)  # as the application does
    if "--dark" in argv:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    report = walk(out, only)
    print(json.dumps({"scale": QGuiApplication.primaryScreen().devicePixelRatio(), **report}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
