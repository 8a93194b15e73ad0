"""The whole journey with the keyboard alone: arrows, Return, Alt+mnemonics."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget, QWizard
from pytestqt.qtbot import QtBot

from app.core.destination import paths
from app.core.journey.services import Services
from app.ui.pages.credentials import CredentialsPage
from app.ui.pages.fire import FirePage
from app.ui.pages.region import RegionPage
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import open_wizard

ALT = Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def key(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def alt_next(qtbot: QtBot, wizard: HooksmithWizard, expect: PageId) -> None:
    """Alt+N: mnemonics click buttons with a short animation, so wait for the page."""
    key(qtbot, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: wizard.current() == expect, timeout=2000)


def test_the_journey_needs_no_mouse(qtbot: QtBot, memory_services: Services) -> None:
    wizard: HooksmithWizard = open_wizard(qtbot, memory_services)
    assert wizard.button(QWizard.WizardButton.NextButton).isDefault()
    key(qtbot, Qt.Key.Key_Return)  # the first integration is chosen: Return goes on
    assert wizard.current() == PageId.REGION

    region = wizard.page_for(PageId.REGION)
    assert isinstance(region, RegionPage)
    region.radios["eu"].setFocus()  # where Tab lands: the chosen region
    for _ in range(len(region.radios)):
        if region.radios["sandbox"].isChecked():
            break
        key(qtbot, Qt.Key.Key_Down)
    assert region.radios["sandbox"].isChecked()
    key(qtbot, Qt.Key.Key_Return)
    assert wizard.current() == PageId.CREDENTIALS

    credentials = wizard.page_for(PageId.CREDENTIALS)
    assert isinstance(credentials, CredentialsPage)
    qtbot.waitUntil(lambda: focused().objectName() == "credential_account_id")  # typing starts here
    key(qtbot, Qt.Key.Key_D, ALT)  # "Use the sandbox's demo credentials" (an animated click)
    qtbot.waitUntil(lambda: credentials.fields["passcode"].text() != "")
    key(qtbot, Qt.Key.Key_P, ALT)  # the Project ID field, by its mnemonic
    assert focused().objectName() == "credential_account_id"
    key(qtbot, Qt.Key.Key_Return)
    assert wizard.current() == PageId.MAPPING
    alt_next(qtbot, wizard, PageId.PAYLOAD)
    key(qtbot, Qt.Key.Key_L, ALT)  # the template editor ("Payload temp&late")
    assert focused().objectName() == "templateEditor"
    key(qtbot, Qt.Key.Key_Tab)  # Tab leaves the editor instead of typing a tab
    assert focused().objectName() != "templateEditor"
    alt_next(qtbot, wizard, PageId.FIRE)

    fire = wizard.page_for(PageId.FIRE)
    assert isinstance(fire, FirePage)
    with qtbot.waitSignal(fire.runner.resultReady, timeout=10_000):
        key(qtbot, Qt.Key.Key_F, ALT)
    assert fire.response.verdict.text() == "All records were processed."
    alt_next(qtbot, wizard, PageId.HANDOVER)
    saved = paths.profiles_dir() / "Send-CleverTap-Email.hooksmith.json"
    key(qtbot, Qt.Key.Key_S, ALT)  # Save profile
    qtbot.waitUntil(saved.is_file)
    key(qtbot, Qt.Key.Key_F, ALT)  # Finish
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted)


def mnemonics(window: QWidget) -> list[str]:
    """The Alt+letter keys of the visible labels with buddies and buttons in ``window``."""
    keys = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        if not isinstance(widget, QLabel | QAbstractButton):
            continue
        text = widget.text().replace("&&", "")
        at = text.find("&")
        if at != -1 and at + 1 < len(text):
            keys.append(text[at + 1].lower())
    return keys


def test_no_two_visible_controls_share_a_mnemonic(qtbot: QtBot, memory_services: Services) -> None:
    from app.ui.settings_dialog import SettingsDialog
    from tests.helpers.wizard_helpers import walk_to_payload

    wizard = open_wizard(qtbot, memory_services)
    seen: dict[PageId, list[str]] = {}
    seen[wizard.current()] = mnemonics(wizard)
    walk_to_payload(qtbot, wizard)
    seen[PageId.PAYLOAD] = mnemonics(wizard)
    for page_id in (PageId.FIRE, PageId.HANDOVER):
        wizard.next()
        seen[page_id] = mnemonics(wizard)
    while wizard.current() != PageId.REGION:
        wizard.back()
        seen[wizard.current()] = mnemonics(wizard)
    dialog = SettingsDialog(memory_services.settings, wizard.session.prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    seen_dialog = mnemonics(dialog)
    for page_id, keys in seen.items():
        assert len(keys) == len(set(keys)), (page_id, sorted(keys))
        assert len(keys) >= 2, page_id
    assert len(seen_dialog) == len(set(seen_dialog)), sorted(seen_dialog)
    assert len(seen) == 7
