"""A custom webhook in the real wizard: bearer authentication kept in the keyring, the
same preview, validation, fire (the sandbox echoes the request back, token included,
and the view masks it), export and save; reopened, the token comes from the keyring."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QPushButton
from pytestqt.qtbot import QtBot
from talon_one.models.new_webhook import NewWebhook

from app.core.destination import paths
from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MASK, SERVICE
from app.ui.pages.integration import IntegrationPage
from app.ui.wizard import PageId
from tests.helpers.wizard_helpers import ScriptedPrompter, click, open_wizard, press_next
from tests.helpers.wizard_steps import (
    credentials_page,
    finish,
    fire,
    handover_page,
    page,
    payload_page,
    row_text,
    start,
    type_credentials,
)

TOKEN = "custom-bearer-Zx81q"


def test_bearer_token_from_the_keyring_fire_export_save_and_reopen(
    qtbot: QtBot, services: Services, sandbox: Sandbox, memory_keyring: object
) -> None:
    prompter = ScriptedPrompter()
    wizard = start(qtbot, services, "custom", prompter, "https://hooks.example.com/talon/in")
    credentials = credentials_page(wizard)
    auth = credentials.options.widgets["auth"]
    assert isinstance(auth, QComboBox) and auth.currentData() == "none"
    assert not credentials.form_box.isVisible()  # no authentication: no fields
    auth.setCurrentIndex(auth.findData("bearer"))
    assert credentials.fields["token"].isVisible()
    assert not credentials.fields["password"].isVisible()
    type_credentials(qtbot, wizard, {"token": TOKEN})
    press_next(qtbot, wizard, PageId.MAPPING)
    profile = wizard.session.profile
    assert profile is not None and profile.options["auth"] == "bearer"
    passwords = memory_keyring.passwords  # type: ignore[attr-defined]
    assert passwords[(SERVICE, f"{profile.id}/token")] == TOKEN
    assert TOKEN not in json.dumps(profile.to_json())

    press_next(qtbot, wizard, PageId.PAYLOAD)
    payload = payload_page(wizard)
    head = payload.head.toPlainText()
    assert f"Authorization: {MASK}" in head and TOKEN not in head
    assert payload.problems.problems() == []
    # The payload is checked as it is typed: a missing closing brace is named at once.
    payload.editor.moveCursor(payload.editor.textCursor().MoveOperation.End)
    payload.editor.setFocus()
    qtbot.keyClick(payload.editor, Qt.Key.Key_Backspace)  # the closing brace
    qtbot.waitUntil(lambda: bool(payload.problems.problems()), timeout=2000)
    qtbot.keyClicks(payload.editor, "}")
    qtbot.waitUntil(lambda: payload.problems.problems() == [], timeout=2000)

    press_next(qtbot, wizard, PageId.FIRE)
    before = len(sandbox.received)
    response = fire(qtbot, wizard).response
    assert response.verdict.text() == "The endpoint accepted the request (200)."
    assert sandbox.received[before].header("Authorization") == f"Bearer {TOKEN}"
    echoed = response.body.toPlainText()
    assert '"Authorization": "Bearer ' in echoed and TOKEN not in echoed  # masked echo
    headers = [response.headers.item(r, 1).text() for r in range(response.headers.rowCount())]
    assert all(TOKEN not in value for value in headers)

    press_next(qtbot, wizard, PageId.HANDOVER)
    handover = handover_page(wizard)
    # The token goes into a Talon.One "Custom HTTP" credential, not into the webhook.
    assert row_text(handover, "Header key") == "Authorization"
    assert row_text(handover, "Header value") == f"Bearer {MASK}"
    exported = handover.export.toPlainText()
    assert TOKEN not in exported
    webhook = NewWebhook.from_dict(json.loads(exported))
    assert not any(h.startswith("Authorization") for h in webhook.headers)
    reveal = handover.findChild(QPushButton, "reveal_Header value")
    assert reveal is not None
    prompter.answers = [True]
    click(qtbot, reveal)
    assert QGuiApplication.clipboard().text() == f"Bearer {TOKEN}"
    QGuiApplication.clipboard().clear()
    finish(qtbot, wizard)
    saved = paths.profiles_dir() / "Custom-webhook.hooksmith.json"
    assert saved.is_file() and TOKEN not in saved.read_text()

    again = open_wizard(qtbot, services)
    start_page = page(again, PageId.INTEGRATION, IntegrationPage)
    start_page.saved.setCurrentRow(0)
    click(qtbot, start_page.open_button)
    press_next(qtbot, again, PageId.CREDENTIALS)
    reopened = credentials_page(again)
    qtbot.waitUntil(lambda: reopened.fields["token"].text() == TOKEN, timeout=5000)
    auth = reopened.options.widgets["auth"]
    assert isinstance(auth, QComboBox) and auth.currentData() == "bearer"
