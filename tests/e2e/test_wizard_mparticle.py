"""Talon.One -> mParticle in the real wizard, in both identity modes, fired at the sandbox:
HTTP Basic from the keyring (masked in the preview), documented identity keys only,
202 explained, and the hand-over's reminders."""

from __future__ import annotations

import base64
import json

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from talon_one.models.new_webhook import NewWebhook

from app.core.destination import paths
from app.core.destination.profile import load_profile
from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MASK, SERVICE
from app.ui.slot_keys import KeyCombo
from app.ui.sources import MapEditor, SourceEditor
from app.ui.wizard import PageId
from tests.helpers.wizard_helpers import ScriptedPrompter, click, press_next, retype
from tests.helpers.wizard_steps import (
    fire,
    handover_page,
    mapping_page,
    payload_page,
    start,
    type_credentials,
)

KEY, SECRET = "sandbox-mp-key", "sandbox-mp-secret"
BASIC = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()


def to_mapping(qtbot: QtBot, services: Services, prompter: ScriptedPrompter | None = None):  # type: ignore[no-untyped-def]
    wizard = start(qtbot, services, "mparticle", prompter)
    type_credentials(qtbot, wizard, {"api_key": KEY, "api_secret": SECRET})
    press_next(qtbot, wizard, PageId.MAPPING)
    return wizard


def assert_masked_preview(text: str) -> None:
    assert f"Authorization: {MASK}" in text or f"Authorization: Basic {MASK}" in text
    for leaked in (KEY, SECRET, BASIC, BASIC.rstrip("=")):
        assert leaked not in text


def test_general_mode_documented_keys_basic_auth_202_and_handover(
    qtbot: QtBot, services: Services, sandbox: Sandbox, memory_keyring: object
) -> None:
    wizard = to_mapping(qtbot, services)
    profile = wizard.session.profile
    assert profile is not None
    stored = memory_keyring.passwords  # type: ignore[attr-defined]
    assert stored[(SERVICE, f"{profile.id}/api_key")] == KEY
    assert stored[(SERVICE, f"{profile.id}/api_secret")] == SECRET

    mapping = mapping_page(wizard)
    mode = mapping.slots["identity_mode"]
    assert isinstance(mode, QComboBox) and mode.currentData() == "general"
    assert not mapping.slots["mpid"].isVisible()
    identities = mapping.slots["user_identities"]
    assert isinstance(identities, MapEditor) and identities.isVisible()
    first = identities.rows[0][0]
    assert isinstance(first, KeyCombo)
    offered = [first.itemText(i) for i in range(first.count())]
    assert offered[:2] == ["customer_id", "email"] and "other_id_10" in offered
    assert len(offered) == 21 and "alias" in offered  # mParticle's identity types

    # The guide's own "other5" is named and the right key suggested.
    click(qtbot, identities.add_button)
    key, source, _ = identities.rows[-1]
    assert key.hasFocus() or key.lineEdit().hasFocus()  # type: ignore[union-attr]
    qtbot.keyClicks(key, "other5")
    source.kind.setCurrentIndex(source.kind.findData("attribute"))
    qtbot.keyClicks(source.name, "loyalty_id")
    assert identities.hint.isVisible() and "use other_id_5" in identities.hint.text()
    press_next(qtbot, wizard, PageId.MAPPING)
    assert "other5 is not a documented key: use other_id_5." in mapping.message.text()
    assert isinstance(key, KeyCombo)
    retype(qtbot, key, "other_id")  # type: ignore[arg-type]
    popup = key.completer().popup()
    assert popup.isVisible()  # the documented keys that contain what was typed
    assert popup.model().rowCount() == 9  # other_id_2 .. other_id_10
    retype(qtbot, key, "other_id_5")  # type: ignore[arg-type]
    assert not identities.hint.isVisible()
    press_next(qtbot, wizard, PageId.PAYLOAD)

    payload = payload_page(wizard)
    assert_masked_preview(payload.head.toPlainText())
    body = json.loads(payload.body.toPlainText())
    assert body["user_identities"] == {
        "customer_id": "customer-0042",
        "other_id_5": "sample-loyalty_id",
    }
    assert body["environment"] == "development" and "mpid" not in body
    assert payload.problems.problems() == []

    press_next(qtbot, wizard, PageId.FIRE)
    before = len(sandbox.received)
    page = fire(qtbot, wizard)
    assert page.response.summary.text().startswith("202")
    assert page.response.verdict.text() == "mParticle accepted the batch (202)."
    assert "Live Stream" in page.response.details.text()
    sent = sandbox.received[before:]
    assert len(sent) == 1 and sent[0].header("Authorization") == f"Basic {BASIC}"
    assert_masked_preview(page.response.sent.toPlainText())

    press_next(qtbot, wizard, PageId.HANDOVER)
    handover = handover_page(wizard)
    notes = handover.checklist.readiness.text()  # the reminders are checklist advice
    assert "Switch to production on the mapping page" in notes
    assert "mpid exists" not in notes  # only for profile enrichment
    exported = handover.export.toPlainText()
    for leaked in (KEY, SECRET, BASIC, BASIC.rstrip("=")):
        assert leaked not in exported
    assert handover.rows["Credential type"].text() == "Basic HTTP"  # type: ignore[attr-defined]
    assert handover.rows["Password"].text() == MASK  # type: ignore[attr-defined]
    webhook = NewWebhook.from_dict(json.loads(exported))
    assert not any(h.startswith("Authorization") for h in webhook.headers)
    assert webhook.verb == "POST" and webhook.url.endswith("/mparticle/events")
    assert any("development" in i.message for i in handover.checklist.readiness.items)
    click(qtbot, handover.save_button)
    saved = paths.profiles_dir() / "Send-mParticle-Event.hooksmith.json"
    assert load_profile(saved).mapping["user_identities"][1]["key"] == "other_id_5"
    assert SECRET not in saved.read_text() and KEY not in saved.read_text()


def test_profile_enrichment_sends_mpid_bare_and_reminds_to_check_it(
    qtbot: QtBot, services: Services, sandbox: Sandbox
) -> None:
    wizard = to_mapping(qtbot, services)
    mapping = mapping_page(wizard)
    mode = mapping.slots["identity_mode"]
    assert isinstance(mode, QComboBox)
    mode.setCurrentIndex(mode.findData("enrichment"))
    mpid = mapping.slots["mpid"]
    assert isinstance(mpid, SourceEditor) and mpid.isVisible()
    assert not mapping.slots["user_identities"].isVisible()
    assert mpid.source() == {"kind": "attribute", "name": "mpid", "type": "number"}
    press_next(qtbot, wizard, PageId.PAYLOAD)

    payload = payload_page(wizard)
    template = wizard.session.profile.template  # type: ignore[union-attr]
    assert '"mpid": ${$Profile.Attributes.mpid}' in template  # bare: a number
    body = json.loads(payload.body.toPlainText())
    assert isinstance(body["mpid"], int) and "user_identities" not in body
    assert_masked_preview(payload.head.toPlainText())

    press_next(qtbot, wizard, PageId.FIRE)
    page = fire(qtbot, wizard)
    assert page.response.verdict.text() == "mParticle accepted the batch (202)."
    press_next(qtbot, wizard, PageId.HANDOVER)
    notes = handover_page(wizard).checklist.readiness.text()
    assert "add a condition that the customer profile attribute mpid exists" in notes


def test_wrong_secret_is_explained_as_403_with_the_error_body(
    qtbot: QtBot, services: Services
) -> None:
    wizard = start(qtbot, services, "mparticle")
    type_credentials(qtbot, wizard, {"api_key": KEY, "api_secret": "not-the-secret"})
    press_next(qtbot, wizard, PageId.MAPPING)
    press_next(qtbot, wizard, PageId.PAYLOAD)
    press_next(qtbot, wizard, PageId.FIRE)
    page = fire(qtbot, wizard)
    assert page.response.verdict.text() == "Wrong feed key or secret (403)."
    assert "The server said: FORBIDDEN Invalid API key or secret." in page.response.details.text()
    assert "not-the-secret" not in page.response.sent.toPlainText()
