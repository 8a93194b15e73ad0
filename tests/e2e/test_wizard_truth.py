"""What the wizard shows is true for what is configured now, whatever path the user took:
switching integration or region midway, editing after a fire, going back, the keyboard
alone, Cancel with unsaved work, and a configuration that must not go live."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QWizard
from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MASK
from app.ui.pages.fire import FirePage
from app.ui.pages.integration import IntegrationPage
from app.ui.pages.region import RegionPage
from app.ui.widgets import CopyButton
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.servers import FaultServer
from tests.helpers.wizard_helpers import ScriptedPrompter, click, open_wizard, press_next, retype
from tests.helpers.wizard_steps import (
    fire,
    handover_page,
    mapping_page,
    page,
    payload_page,
    start,
    type_credentials,
)

CLEVERTAP = {"account_id": "SANDBOX-PROJECT", "passcode": "sandbox-passcode"}


@pytest.fixture(scope="module")
def loopback() -> Iterator[FaultServer]:
    """A host that is not the sandbox: Talon.One's Track Event path answers 200."""
    with FaultServer("127.0.0.1") as server:
        server.aliases["/v2/events"] = "/status/200"
        yield server


def fire_page(wizard: HooksmithWizard) -> FirePage:
    return page(wizard, PageId.FIRE, FirePage)


def clevertap_fired(qtbot: QtBot, services: Services, prompter: ScriptedPrompter | None = None):
    wizard = start(qtbot, services, "clevertap", prompter)
    type_credentials(qtbot, wizard, CLEVERTAP)
    press_next(qtbot, wizard, PageId.MAPPING)
    press_next(qtbot, wizard, PageId.PAYLOAD)
    press_next(qtbot, wizard, PageId.FIRE)
    fire(qtbot, wizard)
    assert "All records were processed" in fire_page(wizard).response.summary_text()
    return wizard


def back_to(qtbot: QtBot, wizard: HooksmithWizard, target: PageId) -> None:
    while wizard.current() != target:
        click(qtbot, wizard.button(QWizard.WizardButton.BackButton))


def test_another_integrations_answer_is_never_shown(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    wizard = clevertap_fired(qtbot, services)
    back_to(qtbot, wizard, PageId.INTEGRATION)
    integration = page(wizard, PageId.INTEGRATION, IntegrationPage)
    click(qtbot, integration.radios["mparticle"])
    press_next(qtbot, wizard, PageId.REGION)
    click(qtbot, page(wizard, PageId.REGION, RegionPage).radios["sandbox"])
    press_next(qtbot, wizard, PageId.CREDENTIALS)
    type_credentials(
        qtbot, wizard, {"api_key": "sandbox-mp-key", "api_secret": "sandbox-mp-secret"}
    )
    press_next(qtbot, wizard, PageId.MAPPING)
    press_next(qtbot, wizard, PageId.PAYLOAD)
    press_next(qtbot, wizard, PageId.FIRE)
    shown = fire_page(wizard).response.summary_text()
    assert "records were processed" not in shown and shown == "No response yet."


def test_an_answer_is_withdrawn_when_the_region_or_payload_changes(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    wizard = clevertap_fired(qtbot, services)
    back_to(qtbot, wizard, PageId.PAYLOAD)
    payload = payload_page(wizard)
    payload.editor.setFocus()
    payload.editor.moveCursor(payload.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(payload.editor, " ")
    press_next(qtbot, wizard, PageId.FIRE)
    page_ = fire_page(wizard)
    assert page_.response.summary_text() == "No response yet."
    assert page_.stale_note.isVisible()
    assert "earlier configuration" in page_.stale_note.text()
    fire(qtbot, wizard)
    assert not page_.stale_note.isVisible()
    back_to(qtbot, wizard, PageId.REGION)
    click(qtbot, page(wizard, PageId.REGION, RegionPage).radios["eu"])
    press_next(qtbot, wizard, PageId.CREDENTIALS)
    press_next(qtbot, wizard, PageId.MAPPING)
    press_next(qtbot, wizard, PageId.PAYLOAD)
    press_next(qtbot, wizard, PageId.FIRE)
    assert page_.response.summary_text() == "No response yet."


def test_the_handover_blocks_demo_credentials_at_a_real_host(
    qtbot: QtBot, services: Services, sandbox: Sandbox, loopback: FaultServer
) -> None:
    wizard = open_wizard(qtbot, services)
    click(qtbot, page(wizard, PageId.INTEGRATION, IntegrationPage).radios["talon-event"])
    press_next(qtbot, wizard, PageId.REGION)
    region = page(wizard, PageId.REGION, RegionPage)
    retype(qtbot, next(iter(region.edits.values())), loopback.base_url)
    press_next(qtbot, wizard, PageId.CREDENTIALS)
    type_credentials(qtbot, wizard, {"api_key": "sandbox-integration-key"})
    press_next(qtbot, wizard, PageId.MAPPING)
    event_type = mapping_page(wizard).slots["event_type"]
    assert isinstance(event_type, QLineEdit)
    retype(qtbot, event_type, "pageview")
    press_next(qtbot, wizard, PageId.PAYLOAD)
    press_next(qtbot, wizard, PageId.FIRE)
    fire(qtbot, wizard)
    press_next(qtbot, wizard, PageId.HANDOVER)
    handover = handover_page(wizard)
    assert not handover.checklist.readiness.ready
    assert "credentials.demo" in handover.checklist.readiness.ids()
    assert "Ready to hand over" not in handover.checklist.headline.text()
    button = handover.checklist.buttons["credentials.demo"]
    click(qtbot, button)
    assert wizard.current() == PageId.CREDENTIALS
    type_credentials(qtbot, wizard, {"api_key": "my-own-integration-key"})
    press_next(qtbot, wizard, PageId.MAPPING)
    press_next(qtbot, wizard, PageId.PAYLOAD)
    press_next(qtbot, wizard, PageId.FIRE)
    assert fire_page(wizard).response.summary_text() == "No response yet."
    fire(qtbot, wizard)
    press_next(qtbot, wizard, PageId.HANDOVER)
    readiness = handover.checklist.readiness
    assert readiness.ready, readiness.text()
    assert "Ready to hand over" in handover.checklist.headline.text()


def test_the_handover_blocks_an_invalid_payload_and_a_sandbox_url(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    wizard = clevertap_fired(qtbot, services)
    press_next(qtbot, wizard, PageId.HANDOVER)
    handover = handover_page(wizard)
    assert "region.sandbox" in handover.checklist.readiness.ids()
    back_to(qtbot, wizard, PageId.PAYLOAD)
    payload = payload_page(wizard)
    payload.editor.setPlainText(payload.editor.toPlainText() + "}")
    press_next(qtbot, wizard, PageId.FIRE)
    press_next(qtbot, wizard, PageId.HANDOVER)
    ids = handover.checklist.readiness.ids()
    assert {"payload.errors", "fire.none"} <= ids
    assert not handover.checklist.readiness.ready


def test_no_copy_button_puts_a_mask_on_the_clipboard(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    wizard = clevertap_fired(qtbot, services)
    press_next(qtbot, wizard, PageId.HANDOVER)
    handover = handover_page(wizard)
    clipboard = QGuiApplication.clipboard()
    buttons = [b for b in handover.findChildren(CopyButton) if b.isVisibleTo(handover)]
    assert buttons
    for button in buttons:
        clipboard.setText("")
        button.click()
        assert MASK not in clipboard.text(), button.accessibleName()


def test_saving_on_the_handover_lists_the_profile_and_later_changes_are_unsaved(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    wizard = clevertap_fired(qtbot, services)
    press_next(qtbot, wizard, PageId.HANDOVER)
    handover = handover_page(wizard)
    click(qtbot, handover.save_button)
    assert handover.saved_label.text().startswith("Saved as")
    back_to(qtbot, wizard, PageId.REGION)
    click(qtbot, page(wizard, PageId.REGION, RegionPage).radios["eu"])
    for target in (PageId.CREDENTIALS, PageId.MAPPING, PageId.PAYLOAD, PageId.FIRE):
        press_next(qtbot, wizard, target)
    press_next(qtbot, wizard, PageId.HANDOVER)
    assert "not saved" in handover.saved_label.text()
    assert "handover.unsaved" in handover.checklist.readiness.ids()
    back_to(qtbot, wizard, PageId.INTEGRATION)
    integration = page(wizard, PageId.INTEGRATION, IntegrationPage)
    names = [integration.saved.item(i).text() for i in range(integration.saved.count())]
    assert any("CleverTap" in name for name in names), names


@pytest.mark.parametrize("answer", ["discard", "back", "save"])
def test_cancel_with_unsaved_work_asks(
    qtbot: QtBot, services: Services, sandbox: Sandbox, answer: str, hooksmith_home: Path
) -> None:
    prompter = ScriptedPrompter()
    wizard = clevertap_fired(qtbot, services, prompter)
    prompter.choices.append(answer)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert prompter.asked and "unsaved" in prompter.asked[-1][1].lower()
    if answer == "back":
        assert wizard.isVisible()
        assert wizard.current() == PageId.FIRE
    else:
        assert not wizard.isVisible()
    saved = list(hooksmith_home.rglob("*.hooksmith.json"))
    assert bool(saved) == (answer == "save")


def test_closing_without_changes_does_not_ask(qtbot: QtBot, services: Services) -> None:
    prompter = ScriptedPrompter()
    wizard = open_wizard(qtbot, services, prompter)
    wizard.close()
    assert not prompter.asked and not wizard.isVisible()


def test_arrow_keys_on_a_later_page_leave_the_first_page_alone(
    qtbot: QtBot, services: Services
) -> None:
    wizard = open_wizard(qtbot, services)
    integration = page(wizard, PageId.INTEGRATION, IntegrationPage)
    radio = integration.radios["clevertap"]
    radio.setFocus()
    qtbot.keyClick(radio, Qt.Key.Key_Space)
    qtbot.keyClick(radio, Qt.Key.Key_Return)  # Next, by keyboard: focus was on the radio
    assert wizard.current() == PageId.REGION
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not radio)
    focused = QApplication.focusWidget()
    assert focused is not None and focused.isVisible()
    qtbot.keyClick(focused, Qt.Key.Key_Down)
    assert radio.isChecked()
    assert wizard.session.destination is not None
    assert wizard.session.destination.id == "clevertap"


def test_return_on_the_payload_page_goes_next(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    prompter = ScriptedPrompter()
    wizard = start(qtbot, services, "clevertap", prompter)
    type_credentials(qtbot, wizard, CLEVERTAP)
    press_next(qtbot, wizard, PageId.MAPPING)
    press_next(qtbot, wizard, PageId.PAYLOAD)
    payload = payload_page(wizard)
    payload.editor.setFocus()
    qtbot.keyClicks(payload.editor, " ")  # an edit, so Regenerate would ask first
    qtbot.keyClick(payload.editor, Qt.Key.Key_Tab)
    payload.regenerate.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(payload.regenerate, Qt.Key.Key_Return)
    assert not prompter.asked
    assert wizard.current() == PageId.FIRE


def test_the_dry_run_sentence_follows_its_checkbox(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    wizard = start(qtbot, services, "clevertap")
    type_credentials(qtbot, wizard, CLEVERTAP)
    for target in (PageId.MAPPING, PageId.PAYLOAD, PageId.FIRE):
        press_next(qtbot, wizard, target)
    page_ = fire_page(wizard)
    page_.dry_run.setChecked(True)
    on = page_.dry_run_note.text()
    page_.dry_run.setChecked(False)
    off = page_.dry_run_note.text()
    assert on != off
    assert "stores nothing" in on and "real event" in off
