"""The settings dialog: timeouts, CA bundle and proxy, checked before they are kept."""

from __future__ import annotations

from pathlib import Path

import trustme
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QWizard
from pytestqt.qtbot import QtBot

from app.core.http.settings import FireSettings, load_settings
from app.core.journey.services import Services
from app.ui.settings_dialog import SettingsDialog
from tests.helpers.wizard_helpers import ScriptedPrompter, click, open_wizard, retype


def dialog(qtbot: QtBot, settings: FireSettings, prompter: ScriptedPrompter) -> SettingsDialog:
    widget = SettingsDialog(settings, prompter)
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


def ok(qtbot: QtBot, widget: SettingsDialog) -> None:
    box = widget.findChild(QDialogButtonBox)
    assert box is not None
    click(qtbot, box.button(QDialogButtonBox.StandardButton.Ok))


def test_values_round_trip_and_other_fields_are_kept(qtbot: QtBot, tmp_path: Path) -> None:
    ca = tmp_path / "corp-root.pem"
    trustme.CA().cert_pem.write_to_path(str(ca))
    original = FireSettings(connect_timeout=10, read_timeout=30, max_redirects=3)
    prompter = ScriptedPrompter()
    widget = dialog(qtbot, original, prompter)
    widget.connect_timeout.setFocus()
    widget.connect_timeout.selectAll()
    qtbot.keyClicks(widget.connect_timeout, "4")
    prompter.paths = [str(ca)]
    browse = next(
        b
        for b in widget.findChildren(type(box_button(widget)))
        if "Browse" in b.text().replace("&", "")
    )
    click(qtbot, browse)
    retype(qtbot, widget.proxy, "http://proxy.corp.example:3128")
    with qtbot.waitSignal(widget.accepted, timeout=1000):
        ok(qtbot, widget)
    chosen = widget.settings()
    assert chosen.connect_timeout == 4.0 and chosen.read_timeout == 30.0
    assert chosen.ca_bundle == str(ca) and chosen.proxy == "http://proxy.corp.example:3128"
    assert chosen.max_redirects == 3
    assert original.connect_timeout == 10  # the dialog edits a copy


def box_button(widget: SettingsDialog) -> object:
    box = widget.findChild(QDialogButtonBox)
    assert box is not None
    return box.button(QDialogButtonBox.StandardButton.Ok)


def test_a_missing_ca_bundle_or_a_bad_proxy_is_explained_and_nothing_is_lost(
    qtbot: QtBot, tmp_path: Path
) -> None:
    widget = dialog(qtbot, FireSettings(), ScriptedPrompter())
    retype(qtbot, widget.ca_bundle, str(tmp_path / "missing.pem"))
    ok(qtbot, widget)
    assert widget.isVisible() and "does not exist" in widget.error.text()
    retype(qtbot, widget.ca_bundle, "")
    retype(qtbot, widget.proxy, "socks5://proxy:1080")
    ok(qtbot, widget)
    assert widget.isVisible() and "SOCKS proxies are not supported" in widget.error.text()
    assert widget.proxy.text() == "socks5://proxy:1080" and widget.proxy.hasFocus()


def test_the_wizard_settings_button_opens_it_and_keeps_the_result(
    qtbot: QtBot, memory_services: Services
) -> None:
    wizard = open_wizard(qtbot, memory_services)
    seen: list[str] = []

    def edit_and_accept() -> None:
        modal = wizard.findChild(SettingsDialog)
        if modal is None or not modal.isVisible():
            QTimer.singleShot(10, edit_and_accept)  # exec() has not shown it yet
            return
        seen.append(modal.windowTitle())
        modal.read_timeout.setValue(2.5)
        qtbot.keyClick(modal, Qt.Key.Key_Return)  # OK is the default button

    QTimer.singleShot(0, edit_and_accept)
    click(qtbot, wizard.button(QWizard.WizardButton.CustomButton1))
    assert seen == ["Hooksmith settings"]
    assert memory_services.settings.read_timeout == 2.5
    assert load_settings().settings.read_timeout == 2.5  # kept for next time
