"""The hand-over page: copyable fields, secrets only on explicit request, export, save."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot
from talon_one.models.new_webhook import NewWebhook

from app.core.destination import paths
from app.core.journey.services import Services
from app.core.secrets.store import MASK
from app.ui.pages.handover import HandoverPage
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import ScriptedPrompter, click, retype, wizard_at

PASSCODE = "real-Passcode-9"


def open_handover(
    qtbot: QtBot, services: Services, prompter: ScriptedPrompter, destination: str = "clevertap"
) -> tuple[HooksmithWizard, HandoverPage]:
    secrets = {"passcode": PASSCODE} if destination == "clevertap" else {"api_key": PASSCODE}
    wizard = wizard_at(
        qtbot,
        services,
        PageId.HANDOVER,
        prompter,
        destination=destination,
        region="eu" if destination == "clevertap" else "deployment",
        custom_base="" if destination == "clevertap" else "https://acme.europe-west1.talon.one",
        credentials={"account_id": "W9R-486-4W5Z"} if destination == "clevertap" else {},
        secrets=secrets,
    )
    page = wizard.page_for(PageId.HANDOVER)
    assert isinstance(page, HandoverPage)
    return wizard, page


def value(page: HandoverPage, label: str) -> str:
    widget = page.rows[label]
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()  # type: ignore[attr-defined]


def test_every_field_of_the_talon_form_is_there_with_secrets_masked(
    qtbot: QtBot, memory_services: Services
) -> None:
    _wizard, page = open_handover(qtbot, memory_services, ScriptedPrompter())
    assert value(page, "Title") == "Send CleverTap Email"
    assert value(page, "Verb") == "POST"
    assert value(page, "URL") == "https://api.clevertap.com/1/upload"
    assert value(page, "Header: X-CleverTap-Account-Id") == "X-CleverTap-Account-Id: W9R-486-4W5Z"
    # The passcode goes into a Talon.One credential that the webhook names.
    assert value(page, "Credential type") == "Custom HTTP"
    assert value(page, "Header key") == "X-CleverTap-Passcode"
    assert value(page, "Header value") == MASK
    assert value(page, "Credential") == value(page, "Credential name")
    assert "Header: X-CleverTap-Passcode" not in page.rows
    assert value(page, "Parameter 1: Name") == "ProfileID"
    assert value(page, "Parameter 1: Type") == "string"
    assert value(page, "Applications") == "All Applications"
    assert '"identity": "${$ProfileID}"' in value(page, "Payload")
    # The destination's hand-over notes are advice in the checklist, said once.
    assert any("Create coupon code" in i.message for i in page.checklist.readiness.items)
    assert not [i for i in page.checklist.readiness.items if i.step == "handover" and i.blocking]
    copies = [b for b in page.findChildren(QPushButton) if b.text() == "Copy"]
    assert len(copies) == len(page.rows) - 1  # the passcode row copies only with its secret
    first = next(b for b in copies if b.accessibleName() == "Copy URL")
    click(qtbot, first)
    assert QGuiApplication.clipboard().text() == "https://api.clevertap.com/1/upload"
    assert PASSCODE not in page.export.toPlainText()


def test_the_steps_in_clevertap_are_shown_with_a_link_to_its_guide(
    qtbot: QtBot, memory_services: Services
) -> None:
    _wizard, page = open_handover(qtbot, memory_services, ScriptedPrompter())
    steps = page.findChild(QLabel, "steps_In CleverTap")
    assert steps is not None and "1. Open Messages > Campaigns" in steps.text()
    assert "@Coupon Generated - CouponCode" in steps.text()
    link = page.findChild(QLabel, "link_In CleverTap")
    assert link is not None and link.openExternalLinks()
    assert 'href="https://docs.clevertap.com/docs/talonone"' in link.text()


def test_copy_with_secret_warns_first(qtbot: QtBot, memory_services: Services) -> None:
    prompter = ScriptedPrompter()
    _wizard, page = open_handover(qtbot, memory_services, prompter)
    reveal = page.findChild(QPushButton, "reveal_Header value")
    assert reveal is not None
    QGuiApplication.clipboard().setText("before")
    prompter.answers = [False]
    click(qtbot, reveal)
    assert prompter.asked[-1][0] == "Copy the secret?"
    assert QGuiApplication.clipboard().text() == "before"
    prompter.answers = [True]
    click(qtbot, reveal)
    assert QGuiApplication.clipboard().text() == PASSCODE


def test_talon_settings_flow_into_the_form_the_export_and_the_checklist(
    qtbot: QtBot, memory_services: Services
) -> None:
    prompter = ScriptedPrompter()
    _wizard, page = open_handover(qtbot, memory_services, prompter)

    def exported() -> dict[str, object]:
        return json.loads(page.export.toPlainText())  # type: ignore[no-any-return]

    assert "export.credential" in page.checklist.readiness.ids()
    retype(qtbot, page.applications, "12, shop")
    assert "'shop' is not a number" in page.message.text()
    assert page.applications.text() == "12, shop"  # nothing typed is lost
    assert "No export until this is fixed" in page.export.toPlainText()
    retype(qtbot, page.applications, "12, 40")
    assert page.message.text() == "" and exported()["applicationIds"] == [12, 40]
    assert value(page, "Applications") == "12, 40"
    retype(qtbot, page.credential_id, "17")
    assert exported()["authenticationId"] == 17
    assert "export.credential" not in page.checklist.readiness.ids()
    assert NewWebhook.from_dict(exported()).authentication_id == 17
    click(qtbot, page.rule_builder)
    assert exported()["enabled"] is False and "export.hidden" in page.checklist.readiness.ids()
    assert value(page, "Display in Rule Builder") == "Not ticked"
    prompter.answers = [False]
    click(qtbot, page.secret_as_header)
    assert prompter.asked[-1][0] == "Send the secret as a header?"
    assert not page.secret_as_header.isChecked() and "Header value" in page.rows
    prompter.answers = [True]
    click(qtbot, page.secret_as_header)
    assert "Header value" not in page.rows
    assert value(page, "Header: X-CleverTap-Passcode") == f"X-CleverTap-Passcode: {MASK}"
    assert "authenticationId" not in exported()
    assert "export.secret_in_headers" in page.checklist.readiness.ids()
    assert page.profile.application_ids == [12, 40] and page.profile.authentication_id == 17


def test_include_secrets_in_the_export_only_after_a_warning(
    qtbot: QtBot, memory_services: Services, tmp_path: Path
) -> None:
    prompter = ScriptedPrompter()
    _wizard, page = open_handover(qtbot, memory_services, prompter)
    page.tabs.setCurrentIndex(1)
    prompter.answers = [False]
    click(qtbot, page.include_secrets)
    assert prompter.asked[-1][0] == "Include secrets?"
    assert not page.include_secrets.isChecked() and PASSCODE not in page.export.toPlainText()
    prompter.answers = [True]
    click(qtbot, page.include_secrets)
    assert page.include_secrets.isChecked() and page.secrets_warning.isVisible()
    exported = json.loads(page.export.toPlainText())
    assert f"X-CleverTap-Passcode: {PASSCODE}" in exported["headers"]
    target = tmp_path / "webhook.json"
    prompter.paths = [str(target)]
    click(qtbot, page.save_json)
    assert NewWebhook.from_dict(json.loads(target.read_text())) is not None
    assert target.stat().st_mode & 0o777 == 0o600


def test_title_problems_and_saving_the_profile(qtbot: QtBot, memory_services: Services) -> None:
    wizard, page = open_handover(qtbot, memory_services, ScriptedPrompter())
    retype(qtbot, page.title_edit, "1 bad title")
    assert "export.title" in page.checklist.readiness.ids()
    assert (
        "does not accept the title" in page.checklist.findChild(QLabel, "check_export.title").text()
    )
    assert value(page, "Title") == "1 bad title"
    retype(qtbot, page.title_edit, "Coupon to CleverTap")
    assert "export.title" not in page.checklist.readiness.ids()
    click(qtbot, page.save_button)
    saved = paths.profiles_dir() / "Coupon-to-CleverTap.hooksmith.json"
    assert page.saved_label.text() == f"Saved as {saved}"
    assert PASSCODE not in saved.read_text()
    assert wizard.session.saved_path == saved


def test_steps_destinations_get_sections_and_no_talon_export(
    qtbot: QtBot, memory_services: Services
) -> None:
    _wizard, page = open_handover(qtbot, memory_services, ScriptedPrompter(), "talon-event")
    assert not page.tabs.isTabVisible(1)
    assert page.heading == "Hand it over"
    assert value(page, "Authorization header") == f"Authorization: ApiKey-v1 {MASK}"
    assert value(page, "Endpoint").startswith("POST https://acme.europe-west1.talon.one/v2/events")
