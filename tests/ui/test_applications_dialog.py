"""'Choose…' beside Applications on the hand-over page: the account's Applications by
name, read off the UI thread from the sandbox's Management API, ticked into the field."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.sandbox.management import address, demo_keys
from app.core.sandbox.server import Sandbox
from app.ui.applications_dialog import ApplicationsDialog
from tests.helpers.wizard_helpers import ScriptedPrompter, click, retype
from tests.ui.test_handover_page import open_handover


def test_applications_are_chosen_by_name_and_kept_as_ids(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    wizard, page = open_handover(qtbot, services, ScriptedPrompter())
    retype(qtbot, page.applications, "14")
    click(qtbot, page.choose_applications)
    dialog = page.applications_dialog
    assert isinstance(dialog, ApplicationsDialog) and dialog.isVisible()
    retype(qtbot, dialog.connection.address, address(sandbox))
    retype(qtbot, dialog.connection.key.edit, "not-the-key")
    with qtbot.waitSignal(dialog.runner.failed, timeout=10_000):
        click(qtbot, dialog.load_button)
    assert "key" in dialog.message.text().lower()
    retype(qtbot, dialog.connection.key.edit, demo_keys(sandbox)[0])
    with qtbot.waitSignal(dialog.runner.succeeded, timeout=10_000):
        click(qtbot, dialog.load_button)
    assert dialog.labels() == ["Web shop (12)", "Mobile app (14)"]
    assert dialog.checked_ids() == [14]  # what the field held is ticked
    dialog.set_checked(12, True)
    dialog.accept()
    assert page.applications.text() == "12, 14"
    assert wizard.session.profile is not None
    assert wizard.session.profile.application_ids == [12, 14]
    assert '"applicationIds": [\n    12,\n    14\n  ]' in page.export.toPlainText()


def test_cancel_keeps_what_the_field_held(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    wizard, page = open_handover(qtbot, services, ScriptedPrompter())
    retype(qtbot, page.applications, "12")
    click(qtbot, page.choose_applications)
    dialog = page.applications_dialog
    assert dialog is not None
    retype(qtbot, dialog.connection.address, address(sandbox))
    retype(qtbot, dialog.connection.key.edit, demo_keys(sandbox)[0])
    with qtbot.waitSignal(dialog.runner.succeeded, timeout=10_000):
        click(qtbot, dialog.load_button)
    dialog.set_checked(14, True)
    dialog.reject()
    assert page.applications.text() == "12"
    assert wizard.session.profile is not None and wizard.session.profile.application_ids == [12]
