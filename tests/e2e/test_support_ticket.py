"""A support ticket from start to finish in the real GUI, against the sandbox's Talon.One
Management API: import the customer's webhook, find the failed delivery, diagnose it
against the imported profile, prove the request with a fire, and write a support
bundle that holds no secret and no email address.

"The coupon email never arrived": Talon.One's log shows CleverTap answering 401.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.sandbox.management import address, demo_keys
from app.core.sandbox.server import Sandbox
from app.core.support.history import History
from app.ui.pages.credentials import CredentialsPage
from app.ui.pages.fire import FirePage
from app.ui.pages.integration import IntegrationPage
from app.ui.pages.region import RegionPage
from app.ui.support.import_dialog import TALON_TAB
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.leakscan import leak_forms, scan_file, scan_tree
from tests.helpers.wizard_helpers import ScriptedPrompter, click, open_wizard, retype

IMPORTED_PASSCODE = "demo-clevertap-passcode"  # in webhook 101's headers in Talon.One
CUSTOMER_EMAIL = "jane.doe@example.com"  # the identity in delivery msg-0002


def next_to(qtbot: QtBot, wizard: HooksmithWizard, page: PageId) -> None:
    """Click Next once it is enabled (pages may read the keyring first) and arrive."""
    button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.waitUntil(button.isEnabled, timeout=5000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.current() == page, timeout=5000)


def test_a_ticket_from_import_to_support_bundle(
    qtbot: QtBot, services: Services, sandbox: Sandbox, hooksmith_home: Path, tmp_path: Path
) -> None:
    prompter = ScriptedPrompter()
    wizard = open_wizard(qtbot, services, prompter)
    first = wizard.page_for(PageId.INTEGRATION)
    assert isinstance(first, IntegrationPage)
    base, key = address(sandbox), demo_keys(sandbox)[0]

    # 1. Import the webhook from Talon.One; its passcode goes to the keyring.
    click(qtbot, first.tool_buttons["import"])
    importer = wizard.support.import_dialog
    assert importer is not None
    importer.tabs.setCurrentIndex(TALON_TAB)
    retype(qtbot, importer.picker.connection.address, base)
    retype(qtbot, importer.picker.connection.key.edit, key)
    with qtbot.waitSignal(importer.runner.succeeded, timeout=10_000):
        click(qtbot, importer.picker.load_button)
    retype(qtbot, importer.picker.search, "send clevertap")
    assert importer.picker.table.rowCount() == 1
    with qtbot.waitSignal(importer.runner.succeeded, timeout=10_000):
        click(qtbot, importer.import_button)
    assert importer.result_view.checks["passcode"].isChecked()
    click(qtbot, importer.open_button)
    profile = wizard.session.profile
    assert profile is not None and profile.name == "Send CleverTap Email"
    assert services.store.get(profile.id, "passcode") == IMPORTED_PASSCODE
    assert wizard.current() == PageId.REGION

    # 2. The delivery log: the failed deliveries of this webhook; open the 401 one.
    wizard.back()
    click(qtbot, first.tool_buttons["logs"])
    logs = wizard.support.logs_dialog
    assert logs is not None
    assert logs.connection.address.text() == base  # remembered from the import
    with qtbot.waitSignal(logs.runner.succeeded, timeout=10_000):
        click(qtbot, logs.load_button)  # the key is read from the keyring
    logs.webhook.setCurrentIndex(logs.webhook.findData(101))
    logs.outcome.setCurrentIndex(logs.outcome.findText("Not accepted"))
    with qtbot.waitSignal(logs.runner.succeeded, timeout=10_000):
        click(qtbot, logs.load_button)
    # The 200 that rejected its record counts as not accepted too.
    assert [e.id for e in logs.entries] == ["msg-0003", "msg-0002"]
    logs.table.selectRow(1)
    click(qtbot, logs.diagnose_button)

    # 3. Diagnose it against the imported profile: the payload is the template's; the
    #    401 is the credentials.
    diagnose = wizard.support.diagnose_dialog
    assert diagnose is not None and diagnose.entry is not None
    assert diagnose.choose_profile(profile.id)
    qtbot.waitUntil(
        lambda: diagnose.diagnosis is not None and diagnose.diagnosis.expected is not None
    )
    assert diagnose.diagnosis is not None
    assert diagnose.changes.item(0).text() == "The payload is what the template produces."
    assert any("answered 401" in line for line in diagnose.diagnosis.notes)
    assert CUSTOMER_EMAIL in diagnose.payload.toPlainText()

    # 4. Prove the request at the sandbox with the imported passcode.
    wizard.activateWindow()
    next_to(qtbot, wizard, PageId.REGION)
    region = wizard.page_for(PageId.REGION)
    assert isinstance(region, RegionPage)
    click(qtbot, region.radios["sandbox"])
    next_to(qtbot, wizard, PageId.CREDENTIALS)
    credentials = wizard.page_for(PageId.CREDENTIALS)
    assert isinstance(credentials, CredentialsPage)
    passcode = credentials.fields["passcode"]
    qtbot.waitUntil(lambda: passcode.text() == IMPORTED_PASSCODE)  # read from the keyring
    next_to(qtbot, wizard, PageId.MAPPING)
    next_to(qtbot, wizard, PageId.PAYLOAD)
    next_to(qtbot, wizard, PageId.FIRE)
    fire = wizard.page_for(PageId.FIRE)
    assert isinstance(fire, FirePage)
    with qtbot.waitSignal(fire.runner.resultReady, timeout=10_000):
        click(qtbot, fire.fire_button)
    assert sandbox.received[-1].header("X-CleverTap-Passcode") == IMPORTED_PASSCODE
    assert fire.response.summary.text().startswith("401")
    assert [e.profile_id for e in History().entries()] == [profile.id]

    # 5. The bundle, with the diagnosis: no secret, no email address, in any form.
    bundle = tmp_path / "ticket-4711.zip"
    prompter.paths.append(str(bundle))
    click(qtbot, diagnose.bundle_button)
    assert bundle.is_file(), prompter.errors
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
    assert "hooksmith-support/diagnosis.txt" in names
    assert any(n.startswith("hooksmith-support/fires/") for n in names)
    for marker in (IMPORTED_PASSCODE, key, CUSTOMER_EMAIL):
        forms = leak_forms(marker)
        assert scan_file(bundle, forms) == [], marker
        assert scan_tree(hooksmith_home, forms) == [], marker
