"""The mapping page: identity and properties from the destination's slots."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.ui.pages.mapping import MappingPage
from app.ui.sources import MapEditor, SourceEditor
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import ScriptedPrompter, click, press_next, retype, wizard_at


def page_of(wizard: HooksmithWizard) -> MappingPage:
    page = wizard.page_for(PageId.MAPPING)
    assert isinstance(page, MappingPage)
    return page


def choose_kind(editor: SourceEditor, kind: str) -> None:
    editor.kind.setCurrentIndex(editor.kind.findData(kind))


def test_defaults_come_from_the_destination(qtbot: QtBot, memory_services: Services) -> None:
    wizard = wizard_at(qtbot, memory_services, PageId.MAPPING, region="sandbox")
    page = page_of(wizard)
    event = page.slots["event_name"]
    assert isinstance(event, QLineEdit) and event.text() == "Coupon Generated"
    identity = page.slots["identity"]
    assert isinstance(identity, SourceEditor)
    assert identity.source() == {"kind": "param", "name": "ProfileID", "type": "string"}
    properties = page.slots["properties"]
    assert isinstance(properties, MapEditor)
    assert properties.entries() == [
        {"key": "CouponCode", "kind": "param", "name": "CouponCode", "type": "string"}
    ]
    assert page.title_edit.text() == "Send CleverTap Email"


def test_identity_and_properties_regenerate_the_template(
    qtbot: QtBot, memory_services: Services
) -> None:
    wizard = wizard_at(qtbot, memory_services, PageId.MAPPING, region="sandbox")
    page = page_of(wizard)
    event = page.slots["event_name"]
    assert isinstance(event, QLineEdit)
    retype(qtbot, event, "Referral Ready")
    identity = page.slots["identity"]
    assert isinstance(identity, SourceEditor)
    choose_kind(identity, "integration_id")
    assert not identity.name.isEnabled()
    properties = page.slots["properties"]
    assert isinstance(properties, MapEditor)
    click(qtbot, properties.add_button)
    key, editor, _ = properties.rows[-1]
    assert key.hasFocus()
    qtbot.keyClicks(key, "Tier")
    choose_kind(editor, "attribute")
    qtbot.keyClicks(editor.name, "tier")
    editor.type.setCurrentIndex(editor.type.findData("number"))
    press_next(qtbot, wizard, PageId.PAYLOAD)
    template = wizard.session.profile.template  # type: ignore[union-attr]
    assert '"evtName": "Referral Ready"' in template
    assert '"identity": "${$Profile.IntegrationId}"' in template
    assert '"Tier": ${$Profile.Attributes.tier}' in template  # a number goes bare


def test_bad_names_are_refused_with_what_to_do(qtbot: QtBot, memory_services: Services) -> None:
    wizard = wizard_at(qtbot, memory_services, PageId.MAPPING, region="sandbox")
    page = page_of(wizard)
    identity = page.slots["identity"]
    assert isinstance(identity, SourceEditor)
    retype(qtbot, identity.name, "Profile ID")
    press_next(qtbot, wizard, PageId.MAPPING)
    assert "may use only letters, digits and _" in page.message.text()
    assert identity.name.hasFocus() and identity.name.text() == "Profile ID"
    retype(qtbot, identity.name, "ProfileID")
    properties = page.slots["properties"]
    assert isinstance(properties, MapEditor)
    click(qtbot, properties.add_button)
    key, editor, _ = properties.rows[-1]
    qtbot.keyClicks(key, "CouponCode")
    qtbot.keyClicks(editor.name, "Other")
    press_next(qtbot, wizard, PageId.MAPPING)
    assert "CouponCode appears twice" in page.message.text()
    click(qtbot, properties.rows[-1][2])  # Remove
    press_next(qtbot, wizard, PageId.PAYLOAD)


def test_a_hand_edited_payload_is_only_replaced_when_the_user_agrees(
    qtbot: QtBot, memory_services: Services
) -> None:
    prompter = ScriptedPrompter()
    wizard = wizard_at(qtbot, memory_services, PageId.MAPPING, prompter, region="sandbox")
    profile = wizard.session.profile
    assert profile is not None
    profile.template = '{"d": [{"type": "event", "hand": "edited"}]}'
    profile.template_edited = True
    page = page_of(wizard)
    event = page.slots["event_name"]
    assert isinstance(event, QLineEdit)
    retype(qtbot, event, "Changed")
    prompter.answers = [False]
    press_next(qtbot, wizard, PageId.PAYLOAD)
    assert prompter.asked[-1][0] == "Replace the edited payload?"
    assert '"hand": "edited"' in profile.template
    assert profile.mapping["event_name"] == "Changed"  # the mapping is kept either way

    wizard.back()
    retype(qtbot, event, "Changed again")
    prompter.answers = [True]
    press_next(qtbot, wizard, PageId.PAYLOAD)
    assert '"evtName": "Changed again"' in profile.template
    assert not profile.template_edited


def test_an_empty_campaign_id_stops_next_here_with_the_reason(
    qtbot: QtBot, memory_services: Services
) -> None:
    wizard = wizard_at(
        qtbot,
        memory_services,
        PageId.MAPPING,
        destination="bloomreach-referral",
        region="sandbox",
    )
    page = page_of(wizard)
    campaign = page.slots["campaign_id"]
    assert isinstance(campaign, QLineEdit)
    assert not campaign.placeholderText().isdigit()  # no value-looking placeholder
    press_next(qtbot, wizard, PageId.MAPPING)
    assert "campaign" in page.message.text().lower() and "number" in page.message.text()
    assert campaign.hasFocus()
    retype(qtbot, campaign, "373")
    press_next(qtbot, wizard, PageId.FIRE)  # no body to edit: Payload is skipped
