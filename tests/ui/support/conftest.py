"""Fixtures for the support views: a shown wizard with a scripted prompter."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from wizard_helpers import ScriptedPrompter, open_wizard

from app.core.journey.services import Services
from app.ui.wizard import HooksmithWizard


@pytest.fixture
def prompter() -> ScriptedPrompter:
    return ScriptedPrompter()


@pytest.fixture
def wizard(qtbot: QtBot, services: Services, prompter: ScriptedPrompter) -> HooksmithWizard:
    return open_wizard(qtbot, services, prompter)
