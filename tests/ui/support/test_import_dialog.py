"""The import dialog: a JSON file (the hand-over page's export), a curl command with a
secret, and Talon.One's Management API (the sandbox's); each opens the wizard filled in."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.sandbox.management import address, demo_keys
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import SERVICE
from app.core.support.management import KEY_FIELD, key_owner
from app.ui.pages.handover import HandoverPage
from app.ui.pages.region import RegionPage
from app.ui.support.import_dialog import CURL_TAB, TALON_TAB, ImportDialog
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.support_helpers import CURL, open_tool, visible_mnemonics
from tests.helpers.wizard_helpers import ScriptedPrompter, click, open_wizard, retype, wizard_at

COMPARED = (
    "destination",
    "region",
    "custom_base",
    "credentials",
    "mapping",
    "params",
    "samples",
    "template",
    "template_edited",
    "name",
    "options",
)


def test_the_hand_over_export_imports_back_into_the_wizard(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    exporter_prompter = ScriptedPrompter()
    exporter = wizard_at(
        qtbot,
        services,
        PageId.HANDOVER,
        exporter_prompter,
        region="eu",
        credentials={"account_id": "ACME-PROJECT"},
        secrets={"passcode": "MARKER-export-passcode"},
    )
    original = exporter.session.profile
    assert original is not None
    handover = exporter.page_for(PageId.HANDOVER)
    assert isinstance(handover, HandoverPage)
    export = tmp_path / "webhook.json"
    exporter_prompter.paths.append(str(export))
    click(qtbot, handover.save_json)
    assert "MARKER-export-passcode" not in export.read_text()
    exporter.close()

    prompter = ScriptedPrompter()
    wizard = open_wizard(qtbot, services, prompter)
    dialog: ImportDialog = open_tool(qtbot, wizard, "import")
    keys = visible_mnemonics(dialog)
    assert len(keys) == len(set(keys)) >= 5, sorted(keys)
    prompter.paths.append(str(export))
    click(qtbot, dialog.file_source.browse_button)  # choosing the file imports it
    view = dialog.result_view
    assert dialog.stack.currentIndex() == 1, dialog.message.text()
    assert "Talon.One → CleverTap" in view.recognised.text()
    assert "the host api.clevertap.com belongs to" in view.reasons.text()
    assert not view.secrets_box.isVisible()  # the passcode is in a Talon.One credential
    assert any("kept in a credential" in p.message for p in view.notes.problems())
    assert "MARKER-export-passcode" not in view.source.toPlainText()

    click(qtbot, dialog.open_button)
    assert not dialog.isVisible()
    assert wizard.current() == PageId.REGION
    imported = wizard.session.profile
    assert imported is not None and imported.id != original.id
    for name in COMPARED:
        assert getattr(imported, name) == getattr(original, name), name
    assert wizard.session.saved_path is None  # saved at the hand-over, like a new one
    region = wizard.page_for(PageId.REGION)
    assert isinstance(region, RegionPage)
    assert region.radios["eu"].isChecked()


def test_a_curl_command_offers_its_secret_for_the_keyring(
    qtbot: QtBot, wizard: HooksmithWizard, memory_keyring: object
) -> None:
    dialog: ImportDialog = open_tool(qtbot, wizard, "import")
    dialog.tabs.setCurrentIndex(CURL_TAB)
    click(qtbot, dialog.import_button)
    assert dialog.message.text() == "Paste a curl command first."
    dialog.curl_source.text.setPlainText(CURL)
    retype(qtbot, dialog.curl_source.title, "Coupon from a ticket")
    click(qtbot, dialog.import_button)
    view = dialog.result_view
    assert dialog.stack.currentIndex() == 1, dialog.message.text()
    assert "will open as Talon.One → CleverTap" in view.recognised.text()
    check = view.checks["passcode"]
    assert check.isChecked() and "header X-CleverTap-Passcode" in check.text()
    assert "MARKER-gui-curl-passcode" not in view.source.toPlainText()
    assert any("fixed values" in p.message for p in view.notes.problems())
    keys = visible_mnemonics(dialog)
    assert len(keys) == len(set(keys)), sorted(keys)

    click(qtbot, dialog.open_button)
    profile = wizard.session.profile
    assert profile is not None and profile.name == "Coupon from a ticket"
    stored = memory_keyring.passwords  # type: ignore[attr-defined]
    assert stored[(SERVICE, f"{profile.id}/passcode")] == "MARKER-gui-curl-passcode"
    assert "MARKER-gui-curl-passcode" not in json.dumps(profile.to_json())
    assert (profile.region, profile.credentials) == ("in1", {"account_id": "W9R-486-4W5Z"})
    assert wizard.current() == PageId.REGION


def test_an_unticked_secret_is_not_stored(
    qtbot: QtBot, wizard: HooksmithWizard, memory_keyring: object
) -> None:
    dialog: ImportDialog = open_tool(qtbot, wizard, "import")
    dialog.tabs.setCurrentIndex(CURL_TAB)
    dialog.curl_source.text.setPlainText(CURL)
    click(qtbot, dialog.import_button)
    click(qtbot, dialog.result_view.checks["passcode"])
    click(qtbot, dialog.open_button)
    assert memory_keyring.passwords == {}  # type: ignore[attr-defined]
    assert wizard.session.profile is not None and wizard.current() == PageId.REGION


def test_bad_input_is_explained_and_kept(
    qtbot: QtBot, wizard: HooksmithWizard, tmp_path: Path
) -> None:
    dialog: ImportDialog = open_tool(qtbot, wizard, "import")
    not_json = tmp_path / "ticket.txt"
    not_json.write_text("curl https://example.com")
    retype(qtbot, dialog.file_source.path, str(not_json))
    click(qtbot, dialog.import_button)
    assert "is not JSON" in dialog.message.text() and "curl tab" in dialog.message.text()
    several = tmp_path / "page.json"
    several.write_text(
        json.dumps(
            {
                "data": [
                    {"id": 1, "title": "First", "url": "https://api.clevertap.com/1/upload"},
                    {"id": 2, "title": "Second", "url": "https://hooks.example.com/x"},
                ]
            }
        )
    )
    retype(qtbot, dialog.file_source.path, str(several))
    click(qtbot, dialog.import_button)
    assert dialog.file_source.list.isVisible() and dialog.file_source.list.count() == 2
    dialog.file_source.list.setCurrentRow(1)
    click(qtbot, dialog.import_button)
    assert dialog.result_view.result is not None
    assert dialog.result_view.result.profile.name == "Second"
    assert dialog.result_view.result.detection.fallback
    assert "custom webhook" in dialog.result_view.reasons.text()
    click(qtbot, dialog.again_button)
    assert dialog.file_source.path.text() == str(several)  # nothing typed is lost


def test_import_from_the_sandbox_management_api(
    qtbot: QtBot, wizard: HooksmithWizard, services: Services, sandbox: Sandbox
) -> None:
    dialog: ImportDialog = open_tool(qtbot, wizard, "import")
    dialog.tabs.setCurrentIndex(TALON_TAB)
    picker = dialog.picker
    base, key = address(sandbox), demo_keys(sandbox)[0]
    retype(qtbot, picker.connection.address, base)
    retype(qtbot, picker.connection.key.edit, key)
    with qtbot.waitSignal(dialog.runner.succeeded, timeout=10_000):
        click(qtbot, picker.load_button)
        assert dialog.busy.isVisible() and not picker.load_button.isEnabled()
    assert not dialog.busy.isVisible() and picker.load_button.isEnabled()
    assert services.store.get(key_owner(base), KEY_FIELD) == key
    assert picker.connection.key.text() == ""  # the key went to the keyring
    qtbot.waitUntil(lambda: "A key for this address is stored" in picker.connection.state.text())
    assert picker.table.rowCount() == 6

    retype(qtbot, picker.search, "mparticle identities")
    assert picker.table.rowCount() == 1
    assert picker.count.text() == "1 of 6"
    assert picker.table.item(0, 1).text() == "mParticle general identities"
    with qtbot.waitSignal(dialog.runner.succeeded, timeout=10_000):
        click(qtbot, dialog.import_button)
    view = dialog.result_view
    assert "will open as Talon.One → mParticle" in view.recognised.text()
    assert "inbound.mparticle.com" in view.reasons.text()
    assert set(view.checks) == {"api_key", "api_secret"}
    assert "demo-mparticle-secret" not in view.source.toPlainText()
    click(qtbot, dialog.open_button)
    profile = wizard.session.profile
    assert profile is not None and profile.name == "mParticle general identities"
    assert services.store.get(profile.id, "api_secret") == "demo-mparticle-secret"
    assert wizard.current() == PageId.REGION


def test_a_refused_management_key_is_explained(
    qtbot: QtBot, wizard: HooksmithWizard, sandbox: Sandbox
) -> None:
    dialog: ImportDialog = open_tool(qtbot, wizard, "import")
    dialog.tabs.setCurrentIndex(TALON_TAB)
    click(qtbot, dialog.picker.load_button)
    assert "No Talon.One address" in dialog.message.text()
    retype(qtbot, dialog.picker.connection.address, address(sandbox))
    retype(qtbot, dialog.picker.connection.key.edit, "not-the-key")
    with qtbot.waitSignal(dialog.runner.failed, timeout=10_000):
        click(qtbot, dialog.picker.load_button)
    assert "refused the Management API key (401)" in dialog.message.text()
    assert "not-the-key" not in dialog.message.text()
    assert not dialog.busy.isVisible() and dialog.picker.table.rowCount() == 0
