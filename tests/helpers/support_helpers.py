"""Helpers for the support-view tests: open a tool like a user, list visible mnemonics."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractButton, QDialog, QLabel, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from app.ui.pages.integration import IntegrationPage
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import click

#: A CleverTap request as a support ticket might quote it, passcode and all.
CURL = """curl -sS -X POST 'https://in1.api.clevertap.com/1/upload' \\
  -H 'X-CleverTap-Account-Id: W9R-486-4W5Z' \\
  -H 'X-CleverTap-Passcode: MARKER-gui-curl-passcode' \\
  -H 'Content-Type: application/json; charset=utf-8' \\
  --data-raw '{"d": [{"type": "event", "evtName": "Coupon Generated",
    "identity": "customer-0042", "evtData": {"CouponCode": "NY-1"}}]}'"""


def open_tool(qtbot: QtBot, wizard: HooksmithWizard, name: str) -> Any:
    """Click the tool's button on the first page, as a user would; returns its window."""
    page = wizard.page_for(PageId.INTEGRATION)
    assert isinstance(page, IntegrationPage)
    click(qtbot, page.tool_buttons[name])
    dialog = {
        "import": wizard.support.import_dialog,
        "diagnose": wizard.support.diagnose_dialog,
        "logs": wizard.support.logs_dialog,
        "history": wizard.support.history_dialog,
    }[name]
    assert isinstance(dialog, QDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def visible_mnemonics(window: QWidget) -> list[str]:
    """Alt+letter keys of the visible buddied labels, buttons and tab titles in ``window``."""
    texts = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            texts.append(widget.text())
        elif isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
    keys = []
    for text in texts:
        text = text.replace("&&", "")
        at = text.find("&")
        if at != -1 and at + 1 < len(text):
            keys.append(text[at + 1].lower())
    return keys
