"""Talon.One -> Iterable in the real wizard, fired at the sandbox: the API key from the
keyring as a masked Api-Key header, identity by email or userId, Iterable's codes
explained, and the hand-over with its "In Iterable" section."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QComboBox, QLabel
from pytestqt.qtbot import QtBot
from talon_one.models.new_webhook import NewWebhook

from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MASK, SERVICE
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import press_next
from tests.helpers.wizard_steps import (
    fire,
    handover_page,
    mapping_page,
    past_credentials,
    payload_page,
    row_text,
)

KEY = "sandbox-iterable-key"


def to_mapping(qtbot: QtBot, services: Services, key: str = KEY) -> HooksmithWizard:
    return past_credentials(qtbot, services, "iterable", {"api_key": key})


def test_iterable_journey_by_email_fires_at_the_sandbox_and_hands_over(
    qtbot: QtBot, services: Services, sandbox: Sandbox, memory_keyring: object
) -> None:
    wizard = to_mapping(qtbot, services)
    profile = wizard.session.profile
    assert profile is not None
    stored = memory_keyring.passwords  # type: ignore[attr-defined]
    assert stored[(SERVICE, f"{profile.id}/api_key")] == KEY
    mapping = mapping_page(wizard)
    mode = mapping.slots["identity_mode"]
    assert isinstance(mode, QComboBox) and mode.currentData() == "email"
    assert mapping.slots["email"].isVisible() and not mapping.slots["user_id"].isVisible()
    press_next(qtbot, wizard, PageId.PAYLOAD)

    payload = payload_page(wizard)
    head = payload.head.toPlainText()
    assert f"Api-Key: {MASK}" in head and KEY not in head
    body = json.loads(payload.body.toPlainText())
    assert body == {
        "email": "docs@example.com",
        "eventName": "talonOneCouponCreated",
        "dataFields": {"couponCode": "NEWYEAR-7Q2X"},
    }
    assert [p for p in payload.problems.problems() if p.severity.value == "error"] == []

    press_next(qtbot, wizard, PageId.FIRE)
    before = len(sandbox.received)
    page = fire(qtbot, wizard)
    assert page.response.summary.text().startswith("200")
    assert page.response.verdict.text() == "Iterable tracked the event."
    received = sandbox.received[before:]
    assert len(received) == 1 and received[0].header("Api-Key") == KEY
    assert KEY not in page.response.sent.toPlainText()

    press_next(qtbot, wizard, PageId.HANDOVER)
    handover = handover_page(wizard)
    exported = handover.export.toPlainText()
    assert KEY not in exported
    webhook = NewWebhook.from_dict(json.loads(exported))
    assert webhook is not None and webhook.url.endswith("/iterable/api/events/track")
    assert not any(h.lower().startswith("api-key") for h in webhook.headers)
    assert row_text(handover, "Credential type") == "Custom HTTP"
    assert row_text(handover, "Header key") == "Api-Key"
    assert KEY not in row_text(handover, "Header value")
    assert "profile attribute Email is set" in handover.checklist.readiness.text()
    steps = handover.findChild(QLabel, "steps_In Iterable")
    assert steps is not None and "talonOneCouponCreated" in steps.text()
    link = handover.findChild(QLabel, "link_In Iterable")
    assert link is not None and "iterable.com" in link.text()


def test_user_id_mode_sends_the_integration_id(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    wizard = to_mapping(qtbot, services)
    mode = mapping_page(wizard).slots["identity_mode"]
    assert isinstance(mode, QComboBox)
    mode.setCurrentIndex(mode.findData("userId"))
    press_next(qtbot, wizard, PageId.PAYLOAD)
    body = json.loads(payload_page(wizard).body.toPlainText())
    assert body["userId"] == "customer-0042" and "email" not in body
    press_next(qtbot, wizard, PageId.FIRE)
    page = fire(qtbot, wizard)
    assert page.response.verdict.text() == "Iterable tracked the event."
    press_next(qtbot, wizard, PageId.HANDOVER)
    notes = handover_page(wizard).checklist.readiness.text()
    assert "profile attribute Email is set" not in notes


def test_a_wrong_key_is_explained_with_iterables_code(qtbot: QtBot, services: Services) -> None:
    wizard = to_mapping(qtbot, services, key="not-the-key")
    press_next(qtbot, wizard, PageId.PAYLOAD)
    press_next(qtbot, wizard, PageId.FIRE)
    page = fire(qtbot, wizard)
    assert page.response.summary.text().startswith("401")
    assert page.response.verdict.text() == "Wrong API key or data center (401)."
    details = page.response.details.text()
    assert "Code BadApiKey: " in details and "other data center" in details
    assert "not-the-key" not in page.response.sent.toPlainText()


def test_a_bad_email_sample_is_refused_with_iterables_code(
    qtbot: QtBot, services: Services
) -> None:
    wizard = to_mapping(qtbot, services)
    profile = wizard.session.profile
    assert profile is not None
    profile.samples["Profile.Attributes.Email"] = "not-an-email"
    press_next(qtbot, wizard, PageId.PAYLOAD)
    payload = payload_page(wizard)
    assert any("InvalidEmailAddressError" in p.message for p in payload.problems.problems())
    press_next(qtbot, wizard, PageId.FIRE)
    page = fire(qtbot, wizard)
    assert page.response.summary.text().startswith("400")
    assert "Code InvalidEmailAddressError: " in page.response.details.text()
