"""Integration layer -> Talon.One Track Event in the real wizard, fired at the sandbox:
reserved event types refused, attributes as typed fixed values, the effects and created
coupons as readable lists, 204 explained, and the curl hand-over."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QCheckBox, QLineEdit
from pytestqt.qtbot import QtBot
from talon_one.models.integration_event_v2_request import IntegrationEventV2Request

from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MASK
from app.ui.sources import MapEditor
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import click, press_next, retype
from tests.helpers.wizard_steps import (
    credentials_page,
    fire,
    handover_page,
    mapping_page,
    payload_page,
    row_text,
    start,
    type_credentials,
)

KEY = "sandbox-integration-key"


def add_attribute(qtbot: QtBot, editor: MapEditor, name: str, value_type: str, value: str) -> None:
    click(qtbot, editor.add_button)
    key, source, _ = editor.rows[-1]
    qtbot.keyClicks(key, name)
    source.type.setCurrentIndex(source.type.findData(value_type))
    retype(qtbot, source.name, value)


def to_mapping(qtbot: QtBot, services: Services) -> HooksmithWizard:
    wizard = start(qtbot, services, "talon-event")
    silent = credentials_page(wizard).options.widgets["silent_no"]
    assert isinstance(silent, QCheckBox) and silent.isChecked()  # so effects come back
    type_credentials(qtbot, wizard, {"api_key": KEY})
    press_next(qtbot, wizard, PageId.MAPPING)
    return wizard


def test_effects_and_coupons_are_lists_and_the_handover_is_a_curl_command(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    wizard = to_mapping(qtbot, services)
    mapping = mapping_page(wizard)
    event_type = mapping.slots["event_type"]
    assert isinstance(event_type, QLineEdit)
    retype(qtbot, event_type, "talon_session_created")
    press_next(qtbot, wizard, PageId.MAPPING)
    assert "built-in events, which are reserved" in mapping.message.text()
    retype(qtbot, event_type, "pageview")

    attributes = mapping.slots["attributes"]
    assert isinstance(attributes, MapEditor)
    _key, source, _ = attributes.rows[0]
    assert source.kind.count() == 1 and not source.kind.isVisible()  # fixed values only
    assert [source.type.itemText(i) for i in range(source.type.count())] == [
        "string",
        "number",
        "boolean",
        "time",
    ]
    add_attribute(qtbot, attributes, "price", "number", "nine")
    assert attributes.rows[-1][1].name.placeholderText() == "a number, e.g. 42 or 9.99"
    press_next(qtbot, wizard, PageId.MAPPING)
    assert "'nine' is not a number" in mapping.message.text()
    assert attributes.rows[-1][1].name.hasFocus()  # where to fix it
    retype(qtbot, attributes.rows[-1][1].name, "9.99")
    add_attribute(qtbot, attributes, "seen_at", "time", "yesterday")
    press_next(qtbot, wizard, PageId.MAPPING)
    assert "RFC 3339" in mapping.message.text()
    retype(qtbot, attributes.rows[-1][1].name, "2024-05-01T12:00:00Z")
    press_next(qtbot, wizard, PageId.PAYLOAD)

    payload = payload_page(wizard)
    head = payload.head.toPlainText()
    assert head.splitlines()[0].endswith("/talon-event/v2/events?silent=no")
    assert f"Authorization: {MASK}" in head and KEY not in head
    body = json.loads(payload.body.toPlainText())
    assert body["attributes"] == {
        "url": "https://example.com/product/42",
        "price": 9.99,
        "seen_at": "2024-05-01T12:00:00Z",
    }
    assert IntegrationEventV2Request.from_dict(body).type == "pageview"

    press_next(qtbot, wizard, PageId.FIRE)
    page = fire(qtbot, wizard)
    assert page.dry_run.isChecked() and page.target.text().endswith("?silent=no&dry=true")
    response = page.response
    assert response.verdict.text() == (
        "Talon.One evaluated the event as a dry run (200); nothing was stored."
    )
    assert response.lists.isVisible()
    shown = response.lists.texts()
    assert list(shown) == ["Effects (1)", "Coupons created (1)", "Referrals created (0)"]
    effect = shown["Effects (1)"][0]
    assert effect.startswith('• createCoupon from campaign 1, rule "Sandbox: a coupon for every')
    coupon = shown["Coupons created (1)"][0]
    assert coupon.startswith("• SANDBOX-") and "usage limit 1" in coupon
    assert shown["Referrals created (0)"] == ["None."]
    assert "Coupons created:" in response.summary_text()

    press_next(qtbot, wizard, PageId.HANDOVER)
    handover = handover_page(wizard)
    attributes_text = row_text(handover, "Attributes to create")
    assert "API name: price | Type: number" in attributes_text
    assert "API name: seen_at | Type: time" in attributes_text
    assert row_text(handover, "Authorization header") == f"Authorization: ApiKey-v1 {MASK}"
    curl = row_text(handover, "curl command")
    assert curl.startswith("curl -X POST") and "/v2/events?silent=no'" in curl
    assert f"Authorization: ApiKey-v1 {MASK}" in curl and KEY not in curl
    assert "dry=true" not in curl  # the integration layer must store events
    assert '"price": 9.99' in row_text(handover, "Request body")
    assert "Event type: pageview" in row_text(handover, "Rule condition")


def test_without_silent_no_the_204_is_explained(qtbot: QtBot, services: Services) -> None:
    wizard = start(qtbot, services, "talon-event")
    silent = credentials_page(wizard).options.widgets["silent_no"]
    assert isinstance(silent, QCheckBox)
    click(qtbot, silent)
    type_credentials(qtbot, wizard, {"api_key": KEY})
    press_next(qtbot, wizard, PageId.MAPPING)
    press_next(qtbot, wizard, PageId.PAYLOAD)
    press_next(qtbot, wizard, PageId.FIRE)
    response = fire(qtbot, wizard).response
    assert response.summary.text().startswith("204")
    assert response.verdict.text() == (
        "Talon.One evaluated the event as a dry run (204); nothing was stored."
    )
    assert "Turn on 'Return the effects (silent=no)'" in response.details.text()
    assert not response.lists.isVisible()
