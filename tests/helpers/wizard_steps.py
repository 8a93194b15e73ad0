"""Steps every integration's wizard journey shares: choose it, aim at the sandbox, type
the credentials, fire, and read the hand-over rows."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget, QWizard
from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.ui.pages.credentials import CredentialsPage
from app.ui.pages.fire import FirePage
from app.ui.pages.handover import HandoverPage
from app.ui.pages.integration import IntegrationPage
from app.ui.pages.mapping import MappingPage
from app.ui.pages.payload import PayloadPage
from app.ui.pages.region import RegionPage
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import ScriptedPrompter, click, open_wizard, press_next, retype

P = TypeVar("P", bound=QWidget)


def page(wizard: HooksmithWizard, page_id: PageId, cls: type[P]) -> P:
    found = wizard.page_for(page_id)
    assert isinstance(found, cls), found
    return found


def start(
    qtbot: QtBot,
    services: Services,
    destination: str,
    prompter: ScriptedPrompter | None = None,
    address: str = "",
) -> HooksmithWizard:
    """A new wizard on ``destination``, aimed at the sandbox, on the credentials page.

    Args:
        address: typed first, for destinations whose URL is the user's (the sandbox
            then keeps its path).
    """
    wizard = open_wizard(qtbot, services, prompter)
    click(qtbot, page(wizard, PageId.INTEGRATION, IntegrationPage).radios[destination])
    press_next(qtbot, wizard, PageId.REGION)
    region = page(wizard, PageId.REGION, RegionPage)
    if address:
        retype(qtbot, next(iter(region.edits.values())), address)
    click(qtbot, region.radios["sandbox"])
    press_next(qtbot, wizard, PageId.CREDENTIALS)
    return wizard


def type_credentials(qtbot: QtBot, wizard: HooksmithWizard, values: dict[str, str]) -> None:
    """Type each value into its field (secret ones through their masked edit)."""
    credentials = page(wizard, PageId.CREDENTIALS, CredentialsPage)
    for field_id, value in values.items():
        widget = credentials.fields[field_id]
        edit = widget if isinstance(widget, QLineEdit) else widget.edit
        retype(qtbot, edit, value)


def past_credentials(
    qtbot: QtBot,
    services: Services,
    destination: str,
    values: dict[str, str],
    until: PageId = PageId.MAPPING,
) -> HooksmithWizard:
    """A new wizard on ``destination`` at the sandbox, ``values`` typed as its
    credentials, then Next up to ``until`` (Mapping or Payload)."""
    wizard = start(qtbot, services, destination, ScriptedPrompter())
    type_credentials(qtbot, wizard, values)
    press_next(qtbot, wizard, PageId.MAPPING)
    if until == PageId.PAYLOAD:
        press_next(qtbot, wizard, PageId.PAYLOAD)
    return wizard


def credentials_page(wizard: HooksmithWizard) -> CredentialsPage:
    return page(wizard, PageId.CREDENTIALS, CredentialsPage)


def mapping_page(wizard: HooksmithWizard) -> MappingPage:
    return page(wizard, PageId.MAPPING, MappingPage)


def payload_page(wizard: HooksmithWizard) -> PayloadPage:
    return page(wizard, PageId.PAYLOAD, PayloadPage)


def handover_page(wizard: HooksmithWizard) -> HandoverPage:
    return page(wizard, PageId.HANDOVER, HandoverPage)


def fire(qtbot: QtBot, wizard: HooksmithWizard) -> FirePage:
    """Click Fire and wait for the answer (off the UI thread)."""
    fire_page = page(wizard, PageId.FIRE, FirePage)
    with qtbot.waitSignal(fire_page.runner.resultReady, timeout=10_000):
        click(qtbot, fire_page.fire_button)
    return fire_page


def row_text(handover: HandoverPage, label: str) -> str:
    """A hand-over row's value as shown (one-line field or multi-line view)."""
    widget = handover.rows[label]
    if isinstance(widget, QLineEdit):
        return widget.text()
    assert isinstance(widget, QPlainTextEdit), widget
    return widget.toPlainText()


def finish(qtbot: QtBot, wizard: HooksmithWizard) -> None:
    """Finish saves the profile and closes the wizard."""
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    assert wizard.result() == QWizard.DialogCode.Accepted


__all__ = ["finish", "fire", "page", "press_next", "row_text", "start", "type_credentials"]
