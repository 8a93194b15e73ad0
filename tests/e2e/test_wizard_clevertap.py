"""The whole Talon.One -> CleverTap journey in the real wizard, fired at the sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QLineEdit, QWizard
from pytestqt.qtbot import QtBot
from talon_one.models.new_webhook import NewWebhook

from app.core.destination import paths
from app.core.destination.profile import load_profile
from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MASK, SERVICE
from app.core.support.history import History
from app.ui.pages.credentials import CredentialsPage
from app.ui.pages.fire import FirePage
from app.ui.pages.handover import HandoverPage
from app.ui.pages.integration import IntegrationPage
from app.ui.pages.payload import PayloadPage
from app.ui.pages.region import RegionPage
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import (
    ScriptedPrompter,
    click,
    open_wizard,
    press_next,
    walk_to_payload,
)

PASSCODE = "sandbox-passcode"


def fire(qtbot: QtBot, wizard: HooksmithWizard) -> FirePage:
    page = wizard.page_for(PageId.FIRE)
    assert isinstance(page, FirePage)
    with qtbot.waitSignal(page.runner.resultReady, timeout=10_000):
        click(qtbot, page.fire_button)
    return page


def paste_template(qtbot: QtBot, page: PayloadPage, text: str) -> None:
    """Select all and paste, as a user replacing the payload would."""
    QGuiApplication.clipboard().setText(text)
    page.editor.setFocus()
    qtbot.keyClick(page.editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert page.editor.toPlainText() == text


def test_whole_journey_fires_at_the_sandbox_exports_and_saves(
    qtbot: QtBot, services: Services, sandbox: Sandbox, memory_keyring: object
) -> None:
    prompter = ScriptedPrompter()
    wizard = open_wizard(qtbot, services, prompter)
    walk_to_payload(qtbot, wizard)
    profile = wizard.session.profile
    assert profile is not None

    # The passcode went to the keyring at "Next", never to the profile.
    stored = memory_keyring.passwords  # type: ignore[attr-defined]
    assert stored[(SERVICE, f"{profile.id}/passcode")] == PASSCODE
    assert "passcode" not in profile.credentials

    payload = wizard.page_for(PageId.PAYLOAD)
    assert isinstance(payload, PayloadPage)
    head = payload.head.toPlainText()
    assert f"X-CleverTap-Passcode: {MASK}" in head and PASSCODE not in head
    assert '"identity": "customer-0042"' in payload.body.toPlainText()
    assert payload.problems.problems() == []

    press_next(qtbot, wizard, PageId.FIRE)
    before = len(sandbox.received)
    page = fire(qtbot, wizard)
    assert prompter.asked == []  # the sandbox needs no confirmation
    assert page.response.summary.text().startswith("200 OK")
    assert page.response.verdict.text() == "All records were processed."
    assert '"status": "success"' in page.response.body.toPlainText()
    received = sandbox.received[before:]
    assert len(received) == 1 and received[0].header("X-CleverTap-Passcode") == PASSCODE
    entries = History().entries()
    assert len(entries) == 1 and entries[0].status == 200  # kept in the fire history
    history_files = list((paths.data_dir() / "history").iterdir())
    assert history_files and all(PASSCODE not in f.read_text() for f in history_files)

    press_next(qtbot, wizard, PageId.HANDOVER)
    handover = wizard.page_for(PageId.HANDOVER)
    assert isinstance(handover, HandoverPage)
    exported = handover.export.toPlainText()
    assert PASSCODE not in exported
    webhook = NewWebhook.from_dict(json.loads(exported))
    assert webhook is not None
    assert webhook.title == "Send CleverTap Email" and webhook.verb == "POST"
    assert not any("X-CleverTap-Passcode" in h for h in webhook.headers)  # in a credential
    assert handover.rows["Header key"].text() == "X-CleverTap-Passcode"  # type: ignore[attr-defined]
    assert [p.title for p in webhook.params] == ["ProfileID", "CouponCode"]
    assert "region.sandbox" in handover.checklist.readiness.ids()
    assert not handover.checklist.readiness.ready
    url_row = handover.rows["URL"]
    assert isinstance(url_row, QLineEdit) and url_row.text().endswith("/clevertap/1/upload")

    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    assert wizard.result() == QWizard.DialogCode.Accepted
    saved = paths.profiles_dir() / "Send-CleverTap-Email.hooksmith.json"
    assert saved.is_file() and PASSCODE not in saved.read_text()
    assert load_profile(saved).id == profile.id

    # Reopen it in a fresh wizard: from the saved list, back at the region page.
    again = open_wizard(qtbot, services)
    start = again.page_for(PageId.INTEGRATION)
    assert isinstance(start, IntegrationPage)
    item = start.saved.item(0)
    assert item.text() == "Send CleverTap Email — Talon.One → CleverTap"
    start.saved.setCurrentItem(item)
    click(qtbot, start.open_button)
    assert again.current() == PageId.REGION
    region = again.page_for(PageId.REGION)
    assert isinstance(region, RegionPage) and region.radios["sandbox"].isChecked()
    press_next(qtbot, again, PageId.CREDENTIALS)
    credentials = again.page_for(PageId.CREDENTIALS)
    assert isinstance(credentials, CredentialsPage)
    assert credentials.fields["passcode"].text() == PASSCODE  # from the keyring
    assert credentials.fields["passcode"].edit.echoMode() == QLineEdit.EchoMode.Password  # type: ignore[union-attr]


def test_wrong_passcode_is_explained_as_passcode_or_region(
    qtbot: QtBot, services: Services
) -> None:
    wizard = open_wizard(qtbot, services)
    walk_to_payload(qtbot, wizard, passcode="not-the-passcode")
    press_next(qtbot, wizard, PageId.FIRE)
    page = fire(qtbot, wizard)
    assert page.response.summary.text().startswith("401")
    assert page.response.verdict.text() == "Wrong passcode or wrong region (401)."
    assert "another region" in page.response.details.text()
    assert "not-the-passcode" not in page.response.sent.toPlainText()


def test_trailing_comma_is_shown_with_its_line_and_clicking_goes_there(
    qtbot: QtBot, services: Services
) -> None:
    wizard = open_wizard(qtbot, services)
    walk_to_payload(qtbot, wizard)
    payload = wizard.page_for(PageId.PAYLOAD)
    assert isinstance(payload, PayloadPage)
    editor = payload.editor
    found = editor.document().find('"${$CouponCode}"')
    assert not found.isNull()
    cursor = editor.textCursor()
    cursor.setPosition(found.selectionEnd())
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, ",")
    line = found.blockNumber() + 1

    def shows_trailing_comma() -> bool:
        return any(p.code == "json.invalid" for p in payload.problems.problems())

    qtbot.waitUntil(shows_trailing_comma, timeout=2000)
    problem = next(p for p in payload.problems.problems() if p.code == "json.invalid")
    assert problem.line == line
    assert "Trailing comma" in problem.message
    item = payload.problems.item(0)
    assert item.text().startswith(f"line {line}, column")
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    rect = payload.problems.visualItemRect(item)
    qtbot.mouseClick(payload.problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.cursor_line_col() == (problem.line, problem.column)
    assert editor.hasFocus()


PARTIAL = """{
  "d": [
    {"type": "event", "evtName": "Coupon Generated", "identity": "${$ProfileID}",
     "evtData": {"CouponCode": "${$CouponCode}"}},
    {"type": "event", "identity": "${$ProfileID}",
     "evtData": {"CouponCode": "${$CouponCode}"}}
  ]
}"""


def test_partial_answer_explains_each_rejected_record(qtbot: QtBot, services: Services) -> None:
    wizard = open_wizard(qtbot, services)
    walk_to_payload(qtbot, wizard)
    payload = wizard.page_for(PageId.PAYLOAD)
    assert isinstance(payload, PayloadPage)
    paste_template(qtbot, payload, PARTIAL)
    qtbot.waitUntil(lambda: any(p.code.startswith("rule.") for p in payload.problems.problems()))
    press_next(qtbot, wizard, PageId.FIRE)
    page = wizard.page_for(PageId.FIRE)
    assert isinstance(page, FirePage)
    assert page.problems_note.isVisible()
    fire(qtbot, wizard)
    assert page.last_explanation is not None and page.last_explanation.verdict == "partial"
    assert page.response.verdict.text().startswith("Some records were rejected")
    table = page.response.records
    assert table.isVisible() and table.rowCount() == 1
    row = [table.item(0, c).text() for c in range(3)]
    assert row == ["1", "509", "The event name (evtName) is missing."]


@pytest.fixture(autouse=True)
def _no_profiles_yet(hooksmith_home: Path) -> None:
    """Each test starts with an empty profiles folder (its own HOOKSMITH_HOME)."""
    assert not paths.profiles_dir().exists()
