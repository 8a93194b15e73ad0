"""Bloomreach Engagement -> Talon.One coupon in the real wizard, fired at the sandbox: the
coupon code shown large, and the hand-over with the email snippet using
``{{ webhook.Value }}`` (Talon.One's coupon answer has PascalCase keys)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MASK
from app.ui.sources import ExpressionEditor
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import press_next, retype
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


def to_fire(qtbot: QtBot, services: Services, application: str) -> HooksmithWizard:
    wizard = start(qtbot, services, "bloomreach-coupon")
    type_credentials(qtbot, wizard, {"deployment_host": HOST, "api_key": KEY})
    press_next(qtbot, wizard, PageId.MAPPING)
    mapping = mapping_page(wizard)
    for slot, value in (("application_id", application), ("campaign_id", "5843")):
        edit = mapping.slots[slot]
        assert isinstance(edit, QLineEdit)
        retype(qtbot, edit, value)
    recipient = mapping.slots["recipient"]
    assert isinstance(recipient, ExpressionEditor)
    assert recipient.preview.text() == "Sent as: {{ customer.email | urlencode }}"
    retype(qtbot, recipient.sample, "ann@example.com")
    # A GET with a query string: no Payload step.
    press_next(qtbot, wizard, PageId.FIRE)
    target = wizard.page_for(PageId.FIRE).target.text()  # type: ignore[attr-defined]
    assert target.startswith("GET http://127.0.0.1:")
    assert f"applicationId={application}&campaignId=5843" in target
    return wizard


def test_coupon_code_is_shown_and_the_handover_uses_webhook_value(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    wizard = to_fire(qtbot, services, "316")
    before = len(sandbox.received)
    response = fire(qtbot, wizard).response
    assert response.verdict.text() == (
        "Talon.One accepted the dry run (200): this is the coupon it would create, "
        "but nothing was stored."
    )
    assert response.headline.isVisible()
    assert response.headline.label.text() == "Coupon code"
    code = response.headline.value.text()
    assert code.startswith("EW-") and f'"Value": "{code}"' in response.body.toPlainText()
    assert "(in the email: {{ webhook.Value }})" in response.details.text()
    sent = sandbox.received[before]
    assert sent.path == "/customer_engagement/coupon" and sent.header("X-DRY-RUN") == "true"

    press_next(qtbot, wizard, PageId.HANDOVER)
    handover = handover_page(wizard)
    assert row_text(handover, "Method") == "GET"
    assert row_text(handover, "URL").endswith(
        "?applicationId=316&campaignId=5843&externalCampaignId=bloomreach-scenario"
        "&recipientIntegrationId={{ customer.email | urlencode }}&usageLimit=1"
    )
    assert row_text(handover, "Header Authorization") == f"ApiKey-v1 {MASK}"
    assert row_text(handover, "Header destination-hostname") == HOST
    assert "<p>Your coupon code: {{ webhook.Value }}</p>" in row_text(handover, "HTML")


def test_an_unknown_application_is_explained(qtbot: QtBot, services: Services) -> None:
    wizard = to_fire(qtbot, services, "999")
    response = fire(qtbot, wizard).response
    assert response.verdict.text() == "Not found (404)."
    assert "The server said: application 999 not found" in response.details.text()
    assert not response.headline.isVisible()
