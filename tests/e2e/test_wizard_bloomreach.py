"""Bloomreach Engagement -> Talon.One referral in the real wizard, fired at the sandbox:
the referral code shown large, Talon.One's error shape explained, and the Bloomreach
hand-over (schema headers, GET URL with Jinja, the email snippet) with copy buttons."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MASK
from app.ui.sources import ExpressionEditor
from app.ui.widgets import CopyButton
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import ScriptedPrompter, click, press_next, retype
from tests.helpers.wizard_steps import (
    fire,
    handover_page,
    mapping_page,
    row_text,
    start,
    type_credentials,
)

KEY = "sandbox-cep-key"
HOST = "https://acme.europe-west1.talon.one"


def to_fire(
    qtbot: QtBot, services: Services, campaign: str, prompter: ScriptedPrompter | None = None
) -> HooksmithWizard:
    wizard = start(qtbot, services, "bloomreach-referral", prompter)
    type_credentials(qtbot, wizard, {"deployment_host": HOST, "api_key": KEY})
    press_next(qtbot, wizard, PageId.MAPPING)
    mapping = mapping_page(wizard)
    campaign_edit = mapping.slots["campaign_id"]
    assert isinstance(campaign_edit, QLineEdit)
    retype(qtbot, campaign_edit, campaign)
    advocate = mapping.slots["advocate"]
    assert isinstance(advocate, ExpressionEditor)
    assert advocate.attribute.text() == "email"
    assert advocate.preview.text() == "Sent as: {{ customer.email | urlencode }}"
    retype(qtbot, advocate.sample, "ann@example.com")
    # A GET with a query string has no body to edit: the Payload step is not on the way.
    press_next(qtbot, wizard, PageId.FIRE)
    page = wizard.page_for(PageId.FIRE)
    target = page.target.text()  # type: ignore[attr-defined]
    assert target.startswith("GET http://127.0.0.1:")
    assert f"campaignId={campaign}&advocateProfileIntegrationId=ann%40example.com" in target
    assert KEY not in target
    assert "Step 5 of 6 · next: Hand-over" in page.title()
    return wizard


def test_referral_code_is_shown_and_the_handover_is_what_bloomreach_needs(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    prompter = ScriptedPrompter()
    wizard = to_fire(qtbot, services, "373", prompter)
    before = len(sandbox.received)
    page = fire(qtbot, wizard)
    response = page.response
    # X-DRY-RUN is on by default: the referral shown was not stored, and it says so.
    assert response.verdict.text() == (
        "Talon.One accepted the dry run (200): this is the referral it would create, "
        "but nothing was stored."
    )
    assert response.headline.isVisible()
    assert response.headline.label.text() == "Referral code"
    code = response.headline.value.text()
    assert code.startswith("REF-") and f'"code": "{code}"' in response.body.toPlainText()
    click(qtbot, response.headline.copy)
    assert QGuiApplication.clipboard().text() == code
    assert "(in the email: {{ webhook.code }})" in response.details.text()
    sent = sandbox.received[before]
    assert sent.header("Authorization") == f"ApiKey-v1 {KEY}"
    assert sent.header("destination-hostname") == HOST
    assert sent.header("X-DRY-RUN") == "true"  # test fires store nothing by default

    press_next(qtbot, wizard, PageId.HANDOVER)
    handover = handover_page(wizard)
    titles = [w.text() for w in handover.findChildren(QLabel) if w.text()]
    assert any(t.startswith("1. Bloomreach: an HTTP authentication schema") for t in titles)
    assert any("Email action after the webhook" in t for t in titles)
    assert row_text(handover, "Method") == "GET"
    url = row_text(handover, "URL")
    assert url.endswith(
        "?campaignId=373&advocateProfileIntegrationId={{ customer.email | urlencode }}"
    )
    assert row_text(handover, "Response") == "Process response as JSON"
    assert row_text(handover, "Header Authorization") == f"ApiKey-v1 {MASK}"
    assert row_text(handover, "Header destination-hostname") == HOST
    assert row_text(handover, "Header customer-engagement-platform-name") == "Bloomreach"
    html = row_text(handover, "HTML")
    assert "<p>Your referral code: {{ webhook.code }}</p>" in html
    assert any("Do not add that header" in i.message for i in handover.checklist.readiness.items)
    assert not handover.tabs.isTabVisible(1)  # no Talon.One webhook export for this one

    # Every plain row has a copy button; the secret one copies the key only after a
    # warning (a plain copy of it would paste the mask into Bloomreach).
    copies = [b for b in handover.findChildren(CopyButton) if b.isVisible()]
    assert len(copies) >= len(handover.rows) - 1
    reveal = handover.findChild(QPushButton, "reveal_Header Authorization")
    assert reveal is not None
    prompter.answers = [False]
    click(qtbot, reveal)
    assert prompter.asked[-1][0] == "Copy the secret?"
    assert QGuiApplication.clipboard().text() == code  # declined: clipboard unchanged
    prompter.answers = [True]
    click(qtbot, reveal)
    assert QGuiApplication.clipboard().text() == f"ApiKey-v1 {KEY}"
    QGuiApplication.clipboard().clear()


def test_an_unknown_campaign_is_explained_in_talon_ones_error_shape(
    qtbot: QtBot, services: Services
) -> None:
    wizard = to_fire(qtbot, services, "999")
    page = fire(qtbot, wizard)
    response = page.response
    assert response.verdict.text() == "Not found (404)."
    details = response.details.text()
    assert "The server said: campaign 999 not found in this Application" in details
    assert "Request ID for the vendor's support: " in details
    assert not response.headline.isVisible()
