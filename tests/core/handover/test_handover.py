"""What the user sets up in Talon.One beside the webhook form: a credential in Talon.One's
own store (Account > Credentials) instead of a secret pasted as a header, the parameters
field by field, the Applications and "Display in Rule Builder"."""

from __future__ import annotations

from typing import Any

import pytest
from talon_one.models.new_webhook import NewWebhook

from app.core.destination.catalogue import Destination, get_destination
from app.core.destination.profile import Param, Profile
from app.core.handover.export import (
    export_problems,
    new_webhook,
    parse_application_ids,
    talon_credential,
)
from app.core.handover.handover import Handover, build_handover
from app.core.payload.mapping import new_profile
from app.core.secrets.store import MASK

PASSCODE = "MARKER-passcode-77aa"


def _clevertap() -> tuple[Profile, Destination]:
    destination = get_destination("clevertap")
    profile = new_profile(destination, region="eu", credentials={"account_id": "W9R-486-4W5Z"})
    return profile, destination


def _fields(handover: Handover, section: int) -> dict[str, Any]:
    return {f.label: f for f in handover.sections[section].fields}


def test_clevertap_passcode_goes_into_a_custom_http_credential() -> None:
    profile, destination = _clevertap()
    handover = build_handover(profile, destination, {"passcode": PASSCODE})
    titles = [s.title for s in handover.sections]
    assert titles == ["Talon.One credential", "Talon.One webhook", "In CleverTap"]
    credential = _fields(handover, 0)
    assert credential["Credential type"].value == "Custom HTTP"
    assert credential["Header key"].value == "X-CleverTap-Passcode"
    assert credential["Header value"].value == MASK and credential["Header value"].secret
    name = credential["Credential name"].value
    webhook = _fields(handover, 1)
    assert webhook["Credential"].value == name
    assert "Header: X-CleverTap-Account-Id" in webhook
    assert not any("Passcode" in label for label in webhook)
    revealed = build_handover(profile, destination, {"passcode": PASSCODE}, reveal=True)
    assert _fields(revealed, 0)["Header value"].value == PASSCODE
    assert PASSCODE not in handover.text()


def test_mparticle_key_and_secret_go_into_a_basic_http_credential() -> None:
    destination = get_destination("mparticle")
    profile = new_profile(destination)
    secrets = {"api_key": "MARKER-key-1234", "api_secret": "MARKER-secret-5678"}
    credential = talon_credential(profile, destination, secrets, reveal=True)
    assert credential is not None and credential.kind == "basic"
    assert (credential.username, credential.password) == (
        "MARKER-key-1234",
        "MARKER-secret-5678",
    )
    handover = build_handover(profile, destination, secrets)
    fields = _fields(handover, 0)
    assert fields["Credential type"].value == "Basic HTTP"
    assert fields["Username"].secret and fields["Password"].secret
    assert "Authorization" not in " ".join(_fields(handover, 1))


def test_a_custom_bearer_token_becomes_an_authorization_header_credential() -> None:
    custom = get_destination("custom")
    profile = new_profile(custom, custom_base="https://example.com/hook")
    profile.options["auth"] = "bearer"
    credential = talon_credential(profile, custom, {"token": "tok-123456"})
    assert credential is not None and credential.kind == "custom"
    assert credential.headers == (("Authorization", f"Bearer {MASK}"),)
    profile.options["auth"] = "none"
    assert talon_credential(profile, custom, {}) is None
    assert [s.title for s in build_handover(profile, custom).sections] == ["Talon.One webhook"]


def test_the_export_links_the_credential_by_id_and_drops_the_secret_header() -> None:
    profile, destination = _clevertap()
    document = new_webhook(profile, destination, {"passcode": PASSCODE})
    assert "authenticationId" not in document
    assert not any("Passcode" in h for h in document["headers"])
    codes = {p.code for p in export_problems(profile, destination)}
    assert "export.credential" in codes
    profile.authentication_id = 17
    document = new_webhook(profile, destination, {"passcode": PASSCODE})
    model = NewWebhook.from_dict(document)
    assert model.authentication_id == 17
    assert model.headers == [
        "X-CleverTap-Account-Id: W9R-486-4W5Z",
        "Content-Type: application/json; charset=utf-8",
    ]
    assert "export.credential" not in {p.code for p in export_problems(profile, destination)}


def test_the_secret_as_a_header_is_an_explicit_warned_choice() -> None:
    profile, destination = _clevertap()
    profile.secret_in_headers = True
    handover = build_handover(profile, destination, {"passcode": PASSCODE})
    assert [s.title for s in handover.sections] == ["Talon.One webhook", "In CleverTap"]
    assert _fields(handover, 0)["Header: X-CleverTap-Passcode"].secret
    document = new_webhook(profile, destination, {"passcode": PASSCODE})
    assert f"X-CleverTap-Passcode: {MASK}" in document["headers"]
    problems = {p.code: p for p in export_problems(profile, destination)}
    assert "every Talon.One admin" in problems["export.secret_in_headers"].message
    # The explicit export with secrets is the header form, whatever the profile says.
    profile.secret_in_headers = False
    document = new_webhook(profile, destination, {"passcode": PASSCODE}, include_secrets=True)
    assert f"X-CleverTap-Passcode: {PASSCODE}" in document["headers"]


def test_parameters_are_handed_over_field_by_field() -> None:
    profile, destination = _clevertap()
    profile.params = [
        Param("ProfileID", "string", "The customer's ID"),
        Param("Scores", "(list number)", ""),
    ]
    fields = _fields(build_handover(profile, destination), 1)
    assert fields["Parameter 1: Type"].value == "string"
    assert fields["Parameter 1: Name"].value == "ProfileID"
    assert fields["Parameter 1: Description"].value == "The customer's ID"
    assert fields["Parameter 2: Type"].value == "(list number)"
    assert "Parameter 2: Description" not in fields  # nothing to paste
    params = new_webhook(profile, destination)["params"]
    assert params[1] == {
        "type": "(list number)",
        "title": "Scores",
        "key": "Scores",
        "description": "",
        "ui": {},
    }


def test_applications_and_rule_builder_are_carried_into_the_export_and_the_form() -> None:
    profile, destination = _clevertap()
    fields = _fields(build_handover(profile, destination), 1)
    assert fields["Applications"].value == "All Applications"
    assert fields["Display in Rule Builder"].value == "Ticked"
    profile.application_ids = [12, 40]
    profile.enabled = False
    document = new_webhook(profile, destination)
    assert document["applicationIds"] == [12, 40] and document["enabled"] is False
    fields = _fields(build_handover(profile, destination), 1)
    assert fields["Applications"].value == "12, 40"
    assert fields["Display in Rule Builder"].value == "Not ticked"
    problems = {p.code: p for p in export_problems(profile, destination)}
    assert "no rule can pick it" in problems["export.hidden"].message


def test_application_ids_are_parsed_with_a_message_that_says_what_to_type() -> None:
    assert parse_application_ids("") == []
    assert parse_application_ids(" 12, 40 ;7 ") == [12, 40, 7]
    with pytest.raises(ValueError, match="Enter Application IDs as numbers"):
        parse_application_ids("12, shop")


def test_applications_can_be_named_once_talon_one_says_which_there_are() -> None:
    from app.core.support.management_models import Application

    known = [Application(1, "Web shop"), Application(2, "Mobile app"), Application(40, "POS")]
    assert parse_application_ids("web shop, 40", known) == [1, 40]
    assert parse_application_ids("12 40; Mobile App", known) == [12, 40, 2]
    with pytest.raises(ValueError, match="No Application is named 'Kiosk'") as raised:
        parse_application_ids("Kiosk", known)
    assert "Web shop (1), Mobile app (2), POS (40)" in str(raised.value)


def test_list_number_parameters_are_a_type_end_to_end(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main
    from app.core.payload.template import PARAM_TYPES

    assert "(list number)" in PARAM_TYPES
    payload = tmp_path / "payload.json"
    payload.write_text('{"d": [{"identity": "${$ProfileID}", "scores": ${$Scores}}]}')
    argv = ["validate", "--destination", "custom", str(payload), "--param", "ProfileID=ann"]
    assert main([*argv, "--param", "Scores:(list number)=[1, 2]"]) == 0
    capsys.readouterr()
    assert main([*argv, "--param", "Scores:list=[1, 2]"]) == 2
    assert "(list number)" in capsys.readouterr().err


def test_a_custom_profile_aimed_at_the_sandbox_exports_its_configured_endpoint() -> None:
    from app.core.destination.catalogue import SANDBOX_REGION

    custom = get_destination("custom")
    profile = new_profile(
        custom, region=SANDBOX_REGION, custom_base="https://hooks.example.com/talon?x=1"
    )
    document = new_webhook(profile, custom, sandbox_base="http://127.0.0.1:5000")
    assert document["url"] == "https://hooks.example.com/talon?x=1"
    fields = {f.label: f.value for f in build_handover(profile, custom).sections[-1].fields}
    assert fields["URL"] == "https://hooks.example.com/talon?x=1"
    assert "export.sandbox" not in {p.code for p in export_problems(profile, custom)}


def test_the_hand_over_says_what_talon_one_and_clevertap_do_after_going_live() -> None:
    from app.core.handover.handover import handover_notes

    profile, destination = _clevertap()
    notes = " ".join(handover_notes(profile, destination))
    assert "at most 2 hours old" in notes  # CleverTap's live campaigns
    assert "may send a webhook again" in notes  # Talon.One's retries
    assert "copy it in Talon.One" in notes  # a webhook in use cannot be edited


def test_the_hand_over_guides_the_steps_on_the_other_side_with_the_vendor_link() -> None:
    profile, destination = _clevertap()
    profile.mapping["event_name"] = "Coupon Ready"
    handover = build_handover(profile, destination)
    other = handover.sections[-1]
    assert other.title == "In CleverTap"
    assert other.link.startswith("https://docs.clevertap.com/")
    steps = " ".join(other.steps)
    assert "Live behavior" in steps and "Coupon Ready" in steps
    assert "@Coupon Ready - CouponCode" in steps  # the event's own name, filled in
    text = handover.text()
    assert "== In CleverTap" in text and "1. " in text and other.link in text


def test_mparticle_hand_over_points_to_its_feed_set_up() -> None:
    mp = get_destination("mparticle")
    other = build_handover(new_profile(mp), mp).sections[-1]
    assert other.title == "In mParticle" and "feed" in " ".join(other.steps)
    assert other.link.startswith("https://docs.mparticle.com/")


def test_what_talon_one_does_not_document_is_said_once_with_what_to_check() -> None:
    from app.core.handover.handover import handover_notes

    profile, destination = _clevertap()
    notes = handover_notes(profile, destination)
    said = [n for n in notes if "escapes quotes" in n]
    assert len(said) == 1
    assert "webhook log" in said[0] and "Delivery logs" in said[0]
    assert "list" not in said[0] and "time" not in said[0]  # no such parameter yet

    profile.params.append(Param("Scores", "(list number)", "", "[1, 2]"))
    profile.params.append(Param("Expires", "time", "", "2026-12-31T00:00:00Z"))
    (said,) = [n for n in handover_notes(profile, destination) if "escapes quotes" in n]
    assert "lists and times" in said
