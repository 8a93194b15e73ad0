"""Where am I, and what is left: each page's title says it, for the journey chosen now;
steps that do not apply (Payload for a URL-only destination) are skipped, not empty."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.ui.pages.integration import IntegrationPage
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import click, open_wizard, press_next


def title(wizard: HooksmithWizard, page_id: PageId) -> str:
    return wizard.page_for(page_id).title()


def test_the_step_follows_the_integration_chosen_now(
    qtbot: QtBot, memory_services: Services
) -> None:
    wizard = open_wizard(qtbot, memory_services)
    assert "Step 1 of 7 · next: Region, Credentials, Mapping" in title(wizard, PageId.INTEGRATION)
    integration = wizard.page_for(PageId.INTEGRATION)
    assert isinstance(integration, IntegrationPage)
    click(qtbot, integration.radios["bloomreach-referral"])
    press_next(qtbot, wizard, PageId.REGION)
    assert "Step 2 of 6 · next: Credentials, Mapping, Test fire, Hand-over" in title(
        wizard, PageId.REGION
    )
    assert "Payload" not in title(wizard, PageId.REGION)

    # Back, and another integration: the Payload step is there again.
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    click(qtbot, integration.radios["clevertap"])
    press_next(qtbot, wizard, PageId.REGION)
    assert "Step 2 of 7 · next: Credentials, Mapping, Payload, Test fire" in title(
        wizard, PageId.REGION
    )
    assert "Step 7 of 7 · the last step" in title(wizard, PageId.HANDOVER)
