"""Helpers to drive the wizard in tests: a scripted prompter and page navigation."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QRadioButton, QWidget, QWizard
from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.ui.dialogs import Prompter
from app.ui.wizard import HooksmithWizard, PageId


class ScriptedPrompter(Prompter):
    """Answers the wizard's questions from lists instead of showing modal dialogs.

    Unscripted questions are answered "no" (the safe answer) and recorded, so a test
    can assert exactly which questions were asked.
    """

    def __init__(self) -> None:
        self.answers: list[bool] = []
        self.paths: list[str] = []
        self.asked: list[tuple[str, str]] = []
        self.errors: list[tuple[str, str]] = []
        #: Answers to multiple-choice questions (keys); unscripted ones get the safe answer.
        self.choices: list[str] = []

    def confirm(self, parent: QWidget | None, title: str, text: str, accept: str) -> bool:
        self.asked.append((title, text))
        return self.answers.pop(0) if self.answers else False

    def choose(
        self, parent: QWidget | None, title: str, text: str, choices: list[tuple[str, str]]
    ) -> str:
        self.asked.append((title, text))
        return self.choices.pop(0) if self.choices else choices[-1][0]

    def inform(self, parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
        self.asked.append((title, text))

    def error(self, parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
        self.errors.append((title, text))

    def open_file(self, parent: Any, caption: str, directory: str, filter_: str) -> str | None:
        return self.paths.pop(0) if self.paths else None

    def save_file(self, parent: Any, caption: str, path: str, filter_: str) -> str | None:
        return self.paths.pop(0) if self.paths else None


def open_wizard(
    qtbot: QtBot, services: Services, prompter: ScriptedPrompter | None = None
) -> HooksmithWizard:
    wizard = HooksmithWizard(services, prompter or ScriptedPrompter())
    qtbot.addWidget(wizard)
    show(qtbot, wizard)
    return wizard


def show(qtbot: QtBot, wizard: HooksmithWizard) -> None:
    """Show the wizard and wait until it is the active window (so focus works)."""
    with qtbot.waitActive(wizard):
        wizard.show()
        wizard.activateWindow()


def press_next(qtbot: QtBot, wizard: HooksmithWizard, expect: PageId) -> None:
    """Click Next like a user and check the wizard arrived on ``expect``."""
    button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.waitUntil(button.isEnabled, timeout=2000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert wizard.current() == expect, (wizard.current(), _message(wizard))


def _message(wizard: HooksmithWizard) -> str:
    page = wizard.currentPage()
    return page.message.text() if hasattr(page, "message") else ""


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Replace a line edit's text by typing, as a user would."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def click(qtbot: QtBot, widget: QWidget) -> None:
    """Click a button; radio buttons and check boxes on their indicator."""
    if isinstance(widget, QRadioButton | QCheckBox):
        middle = widget.height() // 2
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(middle, middle))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def walk_to_payload(
    qtbot: QtBot,
    wizard: HooksmithWizard,
    *,
    project: str = "SANDBOX-PROJECT",
    passcode: str = "sandbox-passcode",
) -> None:
    """Integration (CleverTap) -> sandbox region -> credentials typed -> default mapping."""
    from app.ui.pages.credentials import CredentialsPage
    from app.ui.pages.integration import IntegrationPage
    from app.ui.pages.region import RegionPage

    integration = wizard.page_for(PageId.INTEGRATION)
    assert isinstance(integration, IntegrationPage)
    click(qtbot, integration.radios["clevertap"])
    press_next(qtbot, wizard, PageId.REGION)
    region = wizard.page_for(PageId.REGION)
    assert isinstance(region, RegionPage)
    click(qtbot, region.radios["sandbox"])
    press_next(qtbot, wizard, PageId.CREDENTIALS)
    credentials = wizard.page_for(PageId.CREDENTIALS)
    assert isinstance(credentials, CredentialsPage)
    account = credentials.fields["account_id"]
    secret = credentials.fields["passcode"]
    assert isinstance(account, QLineEdit)
    retype(qtbot, account, project)
    retype(qtbot, secret.edit, passcode)  # type: ignore[union-attr]
    press_next(qtbot, wizard, PageId.MAPPING)
    press_next(qtbot, wizard, PageId.PAYLOAD)


def wizard_at(
    qtbot: QtBot,
    services: Services,
    page: PageId,
    prompter: ScriptedPrompter | None = None,
    destination: Any = "clevertap",
    secrets: dict[str, str] | None = None,
    **changes: Any,
) -> HooksmithWizard:
    """A wizard opened directly on ``page`` with a fresh profile for ``destination``.

    Args:
        destination: a catalogue id, or a Destination object (data-driven tests).
        secrets: stored in the services' store for the profile before the page opens.
        changes: profile attributes to set (region, custom_base, credentials...).
    """
    from app.core.destination.catalogue import get_destination

    wizard = HooksmithWizard(services, prompter or ScriptedPrompter())
    qtbot.addWidget(wizard)
    chosen = get_destination(destination) if isinstance(destination, str) else destination
    wizard.session.choose(chosen)
    profile = wizard.session.profile
    assert profile is not None
    for key, value in changes.items():
        setattr(profile, key, value)
    for field, value in (secrets or {}).items():
        services.store.set(profile.id, field, value)
    if secrets:  # read them as opening a profile does: off the UI thread
        wizard.session.load()
        qtbot.waitUntil(lambda: not wizard.session.background.busy, timeout=5000)
    wizard.setStartId(page)
    show(qtbot, wizard)
    assert wizard.current() == page
    return wizard
