"""Screenshots of the support views (docs/screenshots/2N-*.png), checked for clipped text.

Used by test_support_screenshots.py, in this process and (for 200 % scaling and the
dark palette) in a child process:

    python tests/helpers/support_screens.py OUT_DIR [--dark]
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: the app and tests.helpers
    sys.path.insert(0, str(ROOT))

from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.ui.compat import collect_garbage_between_events  # noqa: E402
from tests.helpers.screens import SIZE, clipped, dark_palette, settle, wait  # noqa: E402

DIALOG_SIZE = (1000, 700)
CURL = """curl -sS -X POST 'https://in1.api.clevertap.com/1/upload' \\
  -H 'X-CleverTap-Account-Id: W9R-486-4W5Z' \\
  -H 'X-CleverTap-Passcode: pasted-from-a-ticket' \\
  -H 'Content-Type: application/json; charset=utf-8' \\
  --data-raw '{"d": [{"type": "event", "evtName": "Coupon Generated",
    "identity": "customer-0042", "evtData": {"CouponCode": "NY-1"}}]}'"""
GUIDE = ROOT / "tests" / "data" / "mparticle_guide_enrichment.txt"


def fire_once(services: object) -> None:
    """One CleverTap fire at the sandbox, from a wizard opened on its fire page."""
    from app.core.destination.catalogue import get_destination
    from app.ui.dialogs import Prompter
    from app.ui.pages.fire import FirePage
    from app.ui.wizard import HooksmithWizard, PageId

    class Discard(Prompter):
        def choose(self, *args: object) -> str:
            return "discard"

    wizard = HooksmithWizard(services, Discard())  # type: ignore[arg-type]
    wizard.session.choose(get_destination("clevertap"))
    profile = wizard.session.profile
    assert profile is not None
    profile.region = "sandbox"
    profile.credentials["account_id"] = "SANDBOX-PROJECT"
    services.store.set(profile.id, "passcode", "sandbox-passcode")  # type: ignore[attr-defined]
    wizard.setStartId(PageId.FIRE)
    wizard.show()
    page = wizard.page_for(PageId.FIRE)
    assert isinstance(page, FirePage)
    fired: list[object] = []
    page.runner.resultReady.connect(fired.append)
    page.fire_button.click()
    wait(lambda: bool(fired))
    wizard.close()


def walk(out: Path) -> dict[str, list[str]]:
    """Save every support view to ``out``; returns the clipped widgets found per shot."""
    from app.core.journey.services import Services
    from app.core.sandbox.management import address, demo_keys
    from app.core.sandbox.server import Sandbox
    from app.core.secrets.store import MemoryStore
    from app.ui.dialogs import Prompter
    from app.ui.support.import_dialog import CURL_TAB, TALON_TAB
    from app.ui.wizard import HooksmithWizard

    scratch = Path(tempfile.mkdtemp(prefix="hooksmith-shots-"))

    class Yes(Prompter):
        def confirm(self, *args: object) -> bool:
            return True

        def choose(self, *args: object) -> str:
            return "discard"  # closing a shot's wizard loses nothing

        def inform(self, *args: object) -> None:
            return None

        def save_file(self, *args: object) -> str | None:
            return str(scratch / "hooksmith-support.zip")

    out.mkdir(parents=True, exist_ok=True)
    report: dict[str, list[str]] = {}
    with Sandbox() as sandbox:
        services = Services(store=MemoryStore(), sandbox_factory=lambda: sandbox)
        wizard = HooksmithWizard(services, Yes())
        wizard.resize(*SIZE)
        wizard.show()
        tools = wizard.support

        def shot(name: str, widget: QWidget) -> None:
            settle()
            widget.grab().save(str(out / f"{name}.png"))
            report[name] = clipped(widget)

        shot("20-support-tools", wizard)

        importer = tools.open_import()
        importer.resize(*DIALOG_SIZE)
        importer.tabs.setCurrentIndex(CURL_TAB)
        importer.curl_source.text.setPlainText(CURL)
        importer.curl_source.title.setText("Coupon email from ticket 4711")
        shot("21-import-curl", importer)
        importer.import_button.click()
        assert importer.stack.currentIndex() == 1, importer.message.text()
        shot("22-import-result", importer)
        importer.show_sources()
        importer.tabs.setCurrentIndex(TALON_TAB)
        connection = importer.picker.connection
        connection.address.setText(address(sandbox))
        connection.key.setText(demo_keys(sandbox)[0])
        importer.picker.load_button.click()
        wait(lambda: importer.picker.table.rowCount() > 0)
        importer.picker.search.setText("clevertap")
        shot("23-import-talon", importer)
        importer.close()

        diagnose = tools.open_diagnose()
        diagnose.resize(*DIALOG_SIZE)
        diagnose.set_payload(GUIDE.read_text(encoding="utf-8"))
        problem = diagnose.problems.item(0)
        diagnose.problems.setCurrentItem(problem)
        diagnose.problems.on_item(problem)
        shot("24-diagnose", diagnose)

        wizard.next()  # the wizard now has a CleverTap profile to compare with
        logs = tools.open_logs()
        logs.resize(*DIALOG_SIZE)
        logs.load_button.click()
        wait(lambda: logs.table.rowCount() > 0)
        logs.table.selectRow(next(i for i, e in enumerate(logs.entries) if e.id == "msg-0003"))
        shot("25-delivery-logs", logs)
        logs.diagnose_button.click()
        assert diagnose.choose_profile(wizard.session.profile.id)  # type: ignore[union-attr]
        diagnose.tabs.setCurrentIndex(2)
        shot("26-diagnose-diff", diagnose)
        diagnose.close()
        logs.close()

        fire_once(services)
        history = tools.open_history()
        history.resize(*DIALOG_SIZE)
        replayed: list[object] = []
        history.runner.resultReady.connect(replayed.append)
        history.replay()
        wait(lambda: bool(replayed) and not history.runner.busy)
        assert history.entries[0].status == 200, history.entries[0].outcome()
        shot("27-history", history)
        assert history.bundle()
        shot("28-history-bundle", history)
        history.close()
        wizard.close()
        services.shutdown()
    return report


def main(argv: list[str]) -> int:
    app = QApplication(argv[:1])
    collect_garbage_between_events(app)  # as the application does
    if "--dark" in argv:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    report = walk(Path(argv[1]))
    print(json.dumps({"scale": QGuiApplication.primaryScreen().devicePixelRatio(), **report}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
