"""Talon.One -> MoEngage in the real wizard, fired at the sandbox: the Workspace ID typed
once and used in the URL path, as the Basic user name and as MOE-APPKEY; the Data API key
from the keyring; 200 "accepted" explained; a broken payload's 400 and a wrong key's 401
explained; the hand-over with its Basic HTTP credential and "In MoEngage" section."""

from __future__ import annotations

import base64
import json

from PySide6.QtWidgets import QLabel
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
    past_credentials,
    payload_page,
    row_text,
)

WORKSPACE, KEY = "SANDBOXWORKSPACE", "sandbox-moengage-key"


def to_payload(qtbot: QtBot, services: Services, key: str = KEY) -> HooksmithWizard:
    values = {"workspace_id": WORKSPACE, "data_api_key": key}
    return past_credentials(qtbot, services, "moengage", values, PageId.PAYLOAD)


def test_moengage_journey_fires_at_the_sandbox_and_hands_over(
    qtbot: QtBot, services: Services, sandbox: Sandbox, memory_keyring: object
) -> None:
    wizard = to_payload(qtbot, services)
    profile = wizard.session.profile
    assert profile is not None
    stored = memory_keyring.passwords  # type: ignore[attr-defined]
    assert stored[(SERVICE, f"{profile.id}/data_api_key")] == KEY
    assert profile.credentials["workspace_id"] == WORKSPACE
    assert "data_api_key" not in profile.credentials

    payload = payload_page(wizard)
    head = payload.head.toPlainText()
    assert f"/moengage/v1/event/{WORKSPACE}" in head
    assert "Authorization: " in head and MASK in head and KEY not in head
    body = json.loads(payload.body.toPlainText())
    assert body["type"] == "event" and body["customer_id"] == "customer-0042"
    (action,) = body["actions"]
    assert action["attributes"] == {"coupon_code": "NEWYEAR-7Q2X"}
    assert payload.problems.problems() == []

    press_next(qtbot, wizard, PageId.FIRE)
    before = len(sandbox.received)
    page = fire(qtbot, wizard)
    assert page.response.summary.text().startswith("200")
    assert page.response.verdict.text() == "MoEngage accepted the event; it will be processed soon."
    (received,) = sandbox.received[before:]
    assert received.path == f"/v1/event/{WORKSPACE}"
    token = base64.b64encode(f"{WORKSPACE}:{KEY}".encode()).decode()
    assert received.header("Authorization") == f"Basic {token}"
    assert received.header("MOE-APPKEY") == WORKSPACE
    assert KEY not in page.response.sent.toPlainText()

    press_next(qtbot, wizard, PageId.HANDOVER)
    handover = handover_page(wizard)
    exported = handover.export.toPlainText()
    assert KEY not in exported and token not in exported
    webhook = NewWebhook.from_dict(json.loads(exported))
    assert webhook is not None and webhook.url.endswith(f"/moengage/v1/event/{WORKSPACE}")
    assert not any(h.startswith("Authorization") for h in webhook.headers)
    assert row_text(handover, "Credential type") == "Basic HTTP"
    assert row_text(handover, "Password") == MASK
    steps = handover.findChild(QLabel, "steps_In MoEngage")
    assert steps is not None and "event-triggered campaign" in steps.text()
    assert "Talon.One Coupon Created" in steps.text()  # the event name slot, filled in
    link = handover.findChild(QLabel, "link_In MoEngage")
    assert link is not None and "moengage.com" in link.text()


def test_a_wrong_key_is_explained(qtbot: QtBot, services: Services) -> None:
    wizard = to_payload(qtbot, services, key="not-the-key")
    press_next(qtbot, wizard, PageId.FIRE)
    page = fire(qtbot, wizard)
    assert page.response.summary.text().startswith("401")
    assert page.response.verdict.text() == "Wrong Workspace ID, Data API key or data center (401)."
    assert "Authentication required" in page.response.details.text()
    assert "not-the-key" not in page.response.sent.toPlainText()
