"""History in the real GUI: a journey's fire is listed, replayed with the secret read fresh
from the keyring, deleted, and bundled for a ticket with no secret in any file."""

from __future__ import annotations

import base64
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.core.support.history import History
from app.ui.pages.credentials import CredentialsPage
from app.ui.pages.fire import FirePage
from app.ui.pages.integration import IntegrationPage
from app.ui.pages.region import RegionPage
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.leakscan import leak_forms, scan_file, scan_tree
from tests.helpers.wizard_helpers import ScriptedPrompter, click, open_wizard

SECRET = "sandbox-mp-secret"  # the sandbox's demo mParticle secret
ROTATED = "MARKER-rotated-mp-secret"


def next_to(qtbot: QtBot, wizard: HooksmithWizard, page: PageId) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.waitUntil(button.isEnabled, timeout=5000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.current() == page, timeout=5000)


def sent_secret(sandbox: Sandbox) -> str:
    header = sandbox.received[-1].header("Authorization") or ""
    return base64.b64decode(header.removeprefix("Basic ")).decode().partition(":")[2]


def test_fire_replay_delete_and_bundle_from_the_history(
    qtbot: QtBot, services: Services, sandbox: Sandbox, hooksmith_home: Path, tmp_path: Path
) -> None:
    prompter = ScriptedPrompter()
    wizard = open_wizard(qtbot, services, prompter)
    first = wizard.page_for(PageId.INTEGRATION)
    assert isinstance(first, IntegrationPage)
    click(qtbot, first.radios["mparticle"])
    next_to(qtbot, wizard, PageId.REGION)
    region = wizard.page_for(PageId.REGION)
    assert isinstance(region, RegionPage)
    click(qtbot, region.radios["sandbox"])
    next_to(qtbot, wizard, PageId.CREDENTIALS)
    credentials = wizard.page_for(PageId.CREDENTIALS)
    assert isinstance(credentials, CredentialsPage)
    qtbot.waitUntil(credentials.demo.isVisible)
    click(qtbot, credentials.demo)
    qtbot.waitUntil(lambda: credentials.fields["api_secret"].text() == SECRET)
    next_to(qtbot, wizard, PageId.MAPPING)
    next_to(qtbot, wizard, PageId.PAYLOAD)
    next_to(qtbot, wizard, PageId.FIRE)
    fire = wizard.page_for(PageId.FIRE)
    assert isinstance(fire, FirePage)
    with qtbot.waitSignal(fire.runner.resultReady, timeout=10_000):
        click(qtbot, fire.fire_button)
    assert fire.last_result is not None and fire.last_result.status == 202
    profile = wizard.session.profile
    assert profile is not None

    while wizard.current() != PageId.INTEGRATION:
        click(qtbot, wizard.button(QWizard.WizardButton.BackButton))
    click(qtbot, first.tool_buttons["history"])
    history = wizard.support.history_dialog
    assert history is not None and history.table.rowCount() == 1
    assert SECRET not in history.detail.toPlainText()

    # Someone rotates the secret (in the credentials manager); the replay uses the new one.
    services.store.set(profile.id, "api_secret", ROTATED)
    with qtbot.waitSignal(history.runner.resultReady, timeout=10_000):
        click(qtbot, history.replay_button)
    assert sent_secret(sandbox) == ROTATED
    assert history.table.item(0, 1).text() == "403 error (replay)"
    services.store.set(profile.id, "api_secret", SECRET)
    with qtbot.waitSignal(history.runner.resultReady, timeout=10_000):
        click(qtbot, history.replay_button)
    assert sent_secret(sandbox) == SECRET
    assert history.table.item(0, 1).text() == "202 ok (replay)"

    history.table.selectRow(1)  # the failed replay
    prompter.answers.append(True)
    click(qtbot, history.delete_button)
    assert [e.status for e in History().entries()] == [202, 202]

    bundle = tmp_path / "ticket.zip"
    prompter.paths.append(str(bundle))
    click(qtbot, history.bundle_button)
    assert "2 recent fires" in history.status.text()
    for marker in (SECRET, ROTATED):
        assert scan_file(bundle, leak_forms(marker, ["sandbox-mp-key"])) == [], marker
        assert scan_tree(hooksmith_home, leak_forms(marker, ["sandbox-mp-key"])) == [], marker
