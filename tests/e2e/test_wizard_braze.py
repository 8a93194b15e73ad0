"""Talon.One -> Braze in the real wizard, fired at the sandbox: the REST API key from the
keyring as a masked Bearer header, 201 explained, a partial success ("success" with
minor errors) explained per event, and the hand-over with its "In Braze" section."""

from __future__ import annotations

import json

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from talon_one.models.new_webhook import NewWebhook

from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MASK, SERVICE
from app.ui.pages.payload import PayloadPage
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import press_next
from tests.helpers.wizard_steps import (
    fire,
    handover_page,
    past_credentials,
    payload_page,
    row_text,
)

KEY = "sandbox-braze-key"


def to_payload(qtbot: QtBot, services: Services, key: str = KEY) -> HooksmithWizard:
    return past_credentials(qtbot, services, "braze", {"api_key": key}, PageId.PAYLOAD)


def test_braze_journey_fires_at_the_sandbox_and_hands_over(
    qtbot: QtBot, services: Services, sandbox: Sandbox, memory_keyring: object
) -> None:
    wizard = to_payload(qtbot, services)
    profile = wizard.session.profile
    assert profile is not None
    stored = memory_keyring.passwords  # type: ignore[attr-defined]
    assert stored[(SERVICE, f"{profile.id}/api_key")] == KEY
    assert "api_key" not in profile.credentials

    payload = payload_page(wizard)
    head = payload.head.toPlainText()
    assert "Authorization: " in head and MASK in head and KEY not in head
    body = json.loads(payload.body.toPlainText())
    (event,) = body["events"]
    assert event["external_id"] == "customer-0042" and event["time"] == "2026-01-01T12:00:00Z"
    assert event["properties"] == {"coupon_code": "NEWYEAR-7Q2X"}
    assert payload.problems.problems() == []

    press_next(qtbot, wizard, PageId.FIRE)
    before = len(sandbox.received)
    page = fire(qtbot, wizard)
    assert page.response.summary.text().startswith("201")
    assert page.response.verdict.text() == "Braze accepted the events."
    received = sandbox.received[before:]
    assert len(received) == 1 and received[0].header("Authorization") == f"Bearer {KEY}"
    assert KEY not in page.response.sent.toPlainText()

    press_next(qtbot, wizard, PageId.HANDOVER)
    handover = handover_page(wizard)
    exported = handover.export.toPlainText()
    assert KEY not in exported
    webhook = NewWebhook.from_dict(json.loads(exported))
    assert webhook is not None and webhook.url.endswith("/braze/users/track")
    assert not any(h.startswith("Authorization") for h in webhook.headers)
    assert row_text(handover, "Credential type") == "Custom HTTP"
    assert row_text(handover, "Header key") == "Authorization"
    assert KEY not in row_text(handover, "Header value")
    steps = handover.findChild(QLabel, "steps_In Braze")
    assert steps is not None and "Perform Custom Event" in steps.text()
    assert "Talon.One Coupon Created" in steps.text()  # the event name slot, filled in
    link = handover.findChild(QLabel, "link_In Braze")
    assert link is not None and "braze.com/docs" in link.text()


PARTIAL = """{
  "events": [
    {"external_id": "${$Profile.IntegrationId}", "name": "Coupon Created",
     "time": "${$EventTime}", "properties": {"coupon_code": "${$CouponCode}"}},
    {"external_id": "${$Profile.IntegrationId}", "name": "Coupon Created",
     "properties": {"coupon_code": "${$CouponCode}"}}
  ]
}"""


def _paste(qtbot: QtBot, page: PayloadPage, text: str) -> None:
    from PySide6.QtCore import Qt

    QGuiApplication.clipboard().setText(text)
    page.editor.setFocus()
    qtbot.keyClick(page.editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_an_event_without_time_is_a_partial_success_explained_per_event(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    wizard = to_payload(qtbot, services)
    payload = payload_page(wizard)
    _paste(qtbot, payload, PARTIAL)
    qtbot.waitUntil(lambda: any(p.code == "rule.required" for p in payload.problems.problems()))
    press_next(qtbot, wizard, PageId.FIRE)
    page = fire(qtbot, wizard)
    assert page.last_explanation is not None and page.last_explanation.verdict == "partial"
    assert page.response.verdict.text().startswith("Braze processed some objects")
    table = page.response.records
    assert table.isVisible() and table.rowCount() == 1
    row = [table.item(0, c).text() for c in range(3)]
    assert row[:2] == ["1", "events"] and row[2].startswith("Braze refused this event")


def test_a_wrong_key_is_explained_as_key_or_instance(qtbot: QtBot, services: Services) -> None:
    wizard = to_payload(qtbot, services, key="not-the-key")
    press_next(qtbot, wizard, PageId.FIRE)
    page = fire(qtbot, wizard)
    assert page.response.summary.text().startswith("401")
    assert page.response.verdict.text() == "Wrong API key or wrong instance (401)."
    assert "another instance" in page.response.details.text()
    assert "not-the-key" not in page.response.sent.toPlainText()
