"""Fixtures for the support views: a shown wizard with a scripted prompter."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.ui.wizard import HooksmithWizard
from tests.helpers.wizard_helpers import ScriptedPrompter, open_wizard


@pytest.fixture
def prompter() -> ScriptedPrompter:
    return ScriptedPrompter()


@pytest.fixture
def wizard(qtbot: QtBot, services: Services, prompter: ScriptedPrompter) -> HooksmithWizard:
    return open_wizard(qtbot, services, prompter)
