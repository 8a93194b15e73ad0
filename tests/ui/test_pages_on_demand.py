"""Only the first page is built before the window shows; the others are built one per
turn of the event loop after the first paint, or at once when something needs them. A
user who is quicker than that never notices: Next, a chosen integration, the saved
credentials all find every page there, showing the journey chosen now."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from app.core.destination.catalogue import load_catalogue
from app.core.journey.services import Services
from app.ui.pages.integration import IntegrationPage
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import ScriptedPrompter

EVERY_PAGE = [int(p) for p in PageId]


def test_the_first_page_shows_before_the_others_are_built(
    qtbot: QtBot, memory_services: Services
) -> None:
    load_catalogue.cache_clear()  # as in a new process
    wizard = HooksmithWizard(memory_services, ScriptedPrompter())
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.pageIds() == [PageId.INTEGRATION]
    assert load_catalogue.cache_info().currsize == 0  # the first page lists the index
    # After the first paint they are built, one per turn of the event loop.
    qtbot.waitUntil(lambda: wizard.pageIds() == EVERY_PAGE, timeout=5000)
    assert "Step 7 of 7" in QWizard.page(wizard, PageId.HANDOVER).title()
    # Then the destinations the first page listed from the index, before the first Next.
    qtbot.waitUntil(lambda: load_catalogue.cache_info().currsize == 1, timeout=5000)


def test_a_user_quicker_than_the_build_goes_on_with_the_keyboard(
    qtbot: QtBot, memory_services: Services
) -> None:
    wizard = HooksmithWizard(memory_services, ScriptedPrompter())
    qtbot.addWidget(wizard)
    wizard.show()
    integration = QWizard.page(wizard, PageId.INTEGRATION)
    assert isinstance(integration, IntegrationPage)
    integration.radios["braze"].setFocus()
    qtbot.keyClick(integration.radios["braze"], Qt.Key.Key_Space)
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    assert wizard.current() == PageId.REGION
    # Next made the journey, and every page was built before it, to show it.
    assert wizard.pageIds() == EVERY_PAGE
    assert wizard.session.destination is not None
    assert wizard.session.destination.id == "braze"
    assert "Step 2 of 7" in wizard.currentPage().title()


def test_asking_for_a_page_builds_it(qtbot: QtBot, memory_services: Services) -> None:
    wizard = HooksmithWizard(memory_services, ScriptedPrompter())
    qtbot.addWidget(wizard)
    assert wizard.pageIds() == [PageId.INTEGRATION]
    assert wizard.page_for(PageId.FIRE) is not None
    assert wizard.pageIds() == EVERY_PAGE


def test_closing_before_the_pages_are_built_asks_nothing_and_stops_cleanly(
    qtbot: QtBot, memory_services: Services
) -> None:
    prompter = ScriptedPrompter()
    wizard = HooksmithWizard(memory_services, prompter)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.close()
    assert not wizard.isVisible()
    assert prompter.asked == []


def test_ctrl_comma_opens_the_settings_once_the_window_is_up(
    qtbot: QtBot, memory_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's shortcut for Settings…, on every platform (Qt's standard
    Preferences key has no binding on most Linux desktops)."""
    opened: list[bool] = []
    monkeypatch.setattr(HooksmithWizard, "open_settings", lambda self: opened.append(True))
    wizard = HooksmithWizard(memory_services, ScriptedPrompter())
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    qtbot.waitUntil(lambda: wizard.pageIds() == EVERY_PAGE, timeout=5000)
    wizard.activateWindow()
    qtbot.keyClick(wizard.currentPage(), Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert opened == [True]
