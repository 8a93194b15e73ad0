"""The GUI's part of the leak test: drive the real wizard with the trip's marker secrets
through credentials, preview, a sandbox fire, the hand-over (export saved, every plain
Copy button), Finish (save), reopen and fire again, the credentials manager and the crash
dialog, recording the text of every widget on screen with ``trip.show``.

Only what the user explicitly asks to see in clear is left out: the masked line edits
(recorded as shown, bullets) and the "with secret" copy actions, which are declined.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTabWidget,
    QWidget,
    QWizard,
)

from app.core.destination import paths
from app.core.journey.services import Services
from app.core.secrets.store import open_store
from app.ui.compat import guard_refcounts
from app.ui.dialogs import Prompter

if TYPE_CHECKING:
    from test_no_leaks import Trip

    from app.ui.wizard import HooksmithWizard


class _Careful(Prompter):
    """Says yes to everything except showing or copying a secret in clear."""

    def __init__(self, save_to: str) -> None:
        self.save_to = save_to
        self.asked: list[str] = []

    def confirm(self, parent: QWidget | None, title: str, text: str, accept: str) -> bool:
        self.asked.append(f"{title}\n{text}")
        return "secret" not in title.lower()

    def inform(self, parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
        self.asked.append(f"{title}\n{text}\n{detail}")

    def error(self, parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
        self.asked.append(f"{title}\n{text}\n{detail}")

    def save_file(self, parent: Any, caption: str, path: str, filter_: str) -> str | None:
        return self.save_to

    def open_file(self, parent: Any, caption: str, directory: str, filter_: str) -> str | None:
        return None


def wait(condition: Callable[[], bool], timeout_ms: int = 10_000) -> None:
    """Run the event loop until ``condition`` holds (no sleeping)."""
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(10)
    poll.timeout.connect(lambda: loop.quit() if condition() else None)
    QTimer.singleShot(timeout_ms, loop.quit)
    poll.start()
    if not condition():
        loop.exec()
    poll.stop()
    assert condition(), "the GUI did not get there in time"


def widget_texts(root: QWidget) -> str:
    """Every text ``root`` and its children show, as shown (masked fields as bullets)."""
    out = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        out.append(widget.toolTip())
        if isinstance(widget, QLabel):
            out.append(widget.text())
        elif isinstance(widget, QLineEdit):
            out += [widget.displayText(), widget.placeholderText()]
        elif isinstance(widget, QPlainTextEdit):
            out.append(widget.toPlainText())
        elif isinstance(widget, QAbstractButton):
            out.append(widget.text())
        elif isinstance(widget, QComboBox):
            out += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QTableWidget):
            out += [
                widget.item(r, c).text()
                for r in range(widget.rowCount())
                for c in range(widget.columnCount())
                if widget.item(r, c) is not None
            ]
        elif isinstance(widget, QListWidget):
            out += [widget.item(r).text() for r in range(widget.count())]
        elif isinstance(widget, QTabWidget):
            out += [widget.tabText(i) for i in range(widget.count())]
    return "\n".join(t for t in out if t)


def gui_journey(trip: Trip) -> None:
    """The wizard end to end with marker secrets; every screen's text is recorded."""
    guard_refcounts()
    app = QApplication.instance() or QApplication([])
    assert app is not None
    from app.ui.wizard import HooksmithWizard

    services = Services(store=open_store(), sandbox_factory=lambda: trip.sandbox)
    prompter = _Careful(str(trip.work / "gui-webhook.json"))
    wizard = HooksmithWizard(services, prompter)
    wizard.show()
    try:
        _first_run(trip, wizard)
        _copy_buttons(trip, wizard)
        _finish(trip, wizard)
    finally:
        wizard.close()
        wizard.deleteLater()
    again = HooksmithWizard(services, prompter)
    again.show()
    try:
        _reopen(trip, again)
        _manager(trip, again)
        _crash_dialog(trip, again)
    finally:
        again.close()
        again.deleteLater()
    trip.show("gui questions asked", "\n".join(prompter.asked))
    services.shutdown()


def _show_page(trip: Trip, wizard: HooksmithWizard, label: str) -> None:
    trip.show(f"gui {label} ({wizard.current().name.lower()})", widget_texts(wizard))


def _next(wizard: HooksmithWizard) -> None:
    before = wizard.current()
    wizard.next()
    assert wizard.current() != before, widget_texts(wizard.currentPage())[-500:]


def _first_run(trip: Trip, wizard: HooksmithWizard) -> None:
    from app.ui.wizard import PageId

    dest = trip.destination
    wizard.page_for(PageId.INTEGRATION).radios[dest.id].setChecked(True)  # type: ignore[attr-defined]
    _next(wizard)
    region = wizard.page_for(PageId.REGION)
    if dest.url == "{base}":
        edit = next(iter(region.edits.values()))  # type: ignore[attr-defined]
        edit.setText("https://hooks.example.com/leak")
        edit.textEdited.emit(edit.text())
    region.choose("sandbox")  # type: ignore[attr-defined]
    _next(wizard)
    credentials = wizard.page_for(PageId.CREDENTIALS)
    for option, value in trip.journey.choices:
        box = credentials.options.widgets[option]  # type: ignore[attr-defined]
        box.setCurrentIndex(box.findData(value))
    plain = dict(trip.plain)
    for field in credentials.active():  # type: ignore[attr-defined]
        if not field.secret and field.id not in plain:  # required by the page, not the CLI
            example = field.placeholder if " " not in field.placeholder else ""
            plain[field.id] = example or field.default or f"LEAKTEST-{field.id}"
    for field_id, value in {**plain, **trip.secrets}.items():
        credentials.set_value(field_id, value)  # type: ignore[attr-defined]
    _show_page(trip, wizard, "credentials typed")
    _next(wizard)
    mapping = wizard.page_for(PageId.MAPPING)
    # The sandbox's known ids for the slots that need one (campaign_id <- campaign_ids).
    account = (dest.demo_accounts or ({},))[0]
    for slot_id, edit in mapping.slots.items():  # type: ignore[attr-defined]
        if isinstance(edit, QLineEdit) and f"{slot_id}s" in account:
            edit.setText(account[f"{slot_id}s"].split()[0])
    _show_page(trip, wizard, "mapping")
    _next(wizard)
    if wizard.current() == PageId.PAYLOAD:  # not for a destination called with a URL alone
        wizard.page_for(PageId.PAYLOAD).refresh()  # type: ignore[attr-defined]
        _show_page(trip, wizard, "preview")
        _next(wizard)
    _fire(trip, wizard, "fire")
    _next(wizard)
    _show_page(trip, wizard, "hand-over")
    handover = wizard.page_for(PageId.HANDOVER)
    handover.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    _show_page(trip, wizard, "export")
    handover.save_json.click()  # type: ignore[attr-defined]


def _fire(trip: Trip, wizard: HooksmithWizard, label: str) -> None:
    from app.ui.wizard import PageId

    page = wizard.page_for(PageId.FIRE)
    results: list[object] = []
    page.runner.resultReady.connect(results.append)  # type: ignore[attr-defined]
    page.fire_button.click()  # type: ignore[attr-defined]
    wait(lambda: bool(results))
    response = page.response  # type: ignore[attr-defined]
    assert page.last_result.status is not None, page.last_result.error  # type: ignore[attr-defined]
    if trip.journey.strict:
        assert page.last_result.status < 300, response.body.toPlainText()  # type: ignore[attr-defined]
    for index in range(response.tabs.count()):
        response.tabs.setCurrentIndex(index)
        _show_page(trip, wizard, f"{label}, tab {index}")
    response.detail_toggle.setChecked(True)
    trip.show(f"gui {label}: summary copied", response.summary_text())
    _copy_buttons(trip, wizard, f"{label}: ")


def _copy_buttons(trip: Trip, wizard: HooksmithWizard, label: str = "hand-over: ") -> None:
    """Every plain Copy button of the page: the clipboard never holds a secret."""
    from app.ui.widgets import CopyButton

    copied = []
    for button in wizard.currentPage().findChildren(CopyButton):
        button.click()
        copied.append(QGuiApplication.clipboard().text())
    assert copied, "the page has copy buttons"
    trip.show(f"gui {label}clipboard after each Copy", "\n".join(copied))
    QGuiApplication.clipboard().clear()


def _finish(trip: Trip, wizard: HooksmithWizard) -> None:
    from app.ui.wizard import PageId

    wizard.page_for(PageId.HANDOVER).tabs.setCurrentIndex(0)  # type: ignore[attr-defined]
    wizard.button(QWizard.WizardButton.FinishButton).click()  # saves, like a user
    assert list(paths.profiles_dir().glob("*.hooksmith.json")), "Finish saved no profile"


def _reopen(trip: Trip, wizard: HooksmithWizard) -> None:
    from app.ui.wizard import PageId

    start = wizard.page_for(PageId.INTEGRATION)
    start.saved.setCurrentRow(0)  # type: ignore[attr-defined]
    _show_page(trip, wizard, "saved profiles")
    start.open_button.click()  # type: ignore[attr-defined]
    assert wizard.current() == PageId.REGION
    _next(wizard)
    credentials = wizard.page_for(PageId.CREDENTIALS)
    first = next(iter(trip.secrets))
    wait(lambda: credentials.fields[first].text() == trip.secrets[first])  # type: ignore[attr-defined]
    _show_page(trip, wizard, "reopened credentials")
    while wizard.current() != PageId.FIRE:
        _next(wizard)
    _fire(trip, wizard, "fire after reopening")


def _manager(trip: Trip, wizard: HooksmithWizard) -> None:
    from app.ui.credentials_manager import CredentialsDialog

    dialog = CredentialsDialog(wizard.session, wizard)
    dialog.show()
    wait(lambda: not dialog.background.busy and dialog.table.rowCount() > 0)
    for row in range(dialog.table.rowCount()):
        dialog.table.selectRow(row)
        trip.show(f"gui credentials manager, row {row}", widget_texts(dialog))
    dialog.reveal_button.click()  # the warning is declined: nothing is shown
    assert not dialog.reveal_panel.isVisible()
    dialog.reject()
    dialog.deleteLater()


def _crash_dialog(trip: Trip, wizard: HooksmithWizard) -> None:
    """An exception quoting a secret, as a careless backend raises it, reaches the crash
    dialog and the log masked."""
    from app.ui.launch import make_excepthook

    shown: list[QMessageBox] = []
    original = QMessageBox.exec
    QMessageBox.exec = lambda box: shown.append(box) or 0  # type: ignore[assignment,method-assign]
    secret = next(iter(trip.secrets.values()))
    hook = make_excepthook("", wizard)
    try:
        raise RuntimeError(f"backend refused {secret!r}")
    except RuntimeError as exc:
        hook(type(exc), exc, exc.__traceback__)
    finally:
        QMessageBox.exec = original  # type: ignore[method-assign]
    assert shown, "the crash dialog was not shown"
    box = shown[0]
    texts = (box.text(), box.informativeText(), box.detailedText())
    assert "backend refused" in box.text()
    trip.show("gui crash dialog", "\n".join(texts))
    box.deleteLater()
