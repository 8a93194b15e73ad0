"""The support tools with the keyboard alone: Alt+letter opens them and works them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.ui.support.import_dialog import CURL_TAB, ImportDialog
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.support_helpers import CURL, visible_mnemonics

ALT = Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def alt(qtbot: QtBot, letter: Qt.Key) -> None:
    qtbot.keyClick(focused(), letter, ALT)


def test_import_from_curl_with_the_keyboard_alone(qtbot: QtBot, wizard: HooksmithWizard) -> None:
    keys = visible_mnemonics(wizard)
    assert {"i", "d", "g", "h"} <= set(keys) and len(keys) == len(set(keys))
    alt(qtbot, Qt.Key.Key_I)  # "Import a webhook…" (an animated click)
    qtbot.waitUntil(lambda: wizard.support.import_dialog is not None)
    dialog = wizard.support.import_dialog
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    alt(qtbot, Qt.Key.Key_C)  # the "From curl" tab
    qtbot.waitUntil(lambda: dialog.tabs.currentIndex() == CURL_TAB)
    alt(qtbot, Qt.Key.Key_U)  # "Paste a c&url command"
    assert focused() is dialog.curl_source.text
    dialog.curl_source.text.insertPlainText(CURL)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # Tab leaves the command box
    assert focused() is not dialog.curl_source.text
    alt(qtbot, Qt.Key.Key_I)  # Import
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 1)
    assert focused() is dialog.open_button
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # "Open in the wizard"
    qtbot.waitUntil(lambda: wizard.current() == PageId.REGION)
    assert not dialog.isVisible()


def test_every_tool_opens_by_its_key(qtbot: QtBot, wizard: HooksmithWizard) -> None:
    for letter, name in (
        (Qt.Key.Key_D, "diagnose"),
        (Qt.Key.Key_G, "logs"),
        (Qt.Key.Key_H, "history"),
    ):
        wizard.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
        alt(qtbot, letter)
        qtbot.waitUntil(lambda n=name: getattr(wizard.support, f"{n}_dialog") is not None)
        dialog = getattr(wizard.support, f"{name}_dialog")
        qtbot.waitUntil(dialog.isVisible)
        keys = visible_mnemonics(dialog)
        assert len(keys) == len(set(keys)), (name, sorted(keys))
        dialog.close()
