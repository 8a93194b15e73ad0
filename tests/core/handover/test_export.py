"""The NewWebhook export, checked against the official talon-one-sdk model."""

from __future__ import annotations

from talon_one.models.new_webhook import NewWebhook

from app.core.destination.catalogue import SANDBOX_REGION, get_destination
from app.core.handover.export import export_problems, handover_fields, new_webhook, title_problem
from app.core.payload.mapping import new_profile
from app.core.secrets.store import MASK

PASSCODE = "MARKER-passcode-5e1f"


def _profile():  # type: ignore[no-untyped-def]
    destination = get_destination("clevertap")
    return new_profile(destination, credentials={"account_id": "W9R-486-4W5Z"}), destination


def test_export_is_accepted_by_the_sdk_and_masks_the_passcode() -> None:
    profile, destination = _profile()
    document = new_webhook(profile, destination, {"passcode": PASSCODE})
    model = NewWebhook.from_dict(document)
    assert model.verb == "POST"
    assert model.url == "https://api.clevertap.com/1/upload"
    assert "X-CleverTap-Account-Id: W9R-486-4W5Z" in model.headers
    # The passcode lives in a Talon.One credential, not in a header.
    assert not any("X-CleverTap-Passcode" in h for h in model.headers)
    assert PASSCODE not in repr(document)
    assert [p.title for p in model.params] == ["ProfileID", "CouponCode"]
    assert model.payload == profile.template


def test_export_includes_secrets_only_when_asked() -> None:
    profile, destination = _profile()
    profile.secret_in_headers = True
    document = new_webhook(profile, destination, {"passcode": PASSCODE})
    assert f"X-CleverTap-Passcode: {MASK}" in document["headers"]
    document = new_webhook(profile, destination, {"passcode": PASSCODE}, include_secrets=True)
    assert f"X-CleverTap-Passcode: {PASSCODE}" in document["headers"]


def test_region_changes_the_url() -> None:
    profile, destination = _profile()
    profile.region = "in1"
    assert new_webhook(profile, destination)["url"] == "https://in1.api.clevertap.com/1/upload"


def test_handover_lists_every_form_field_in_order_with_secrets_masked() -> None:
    profile, destination = _profile()
    fields = handover_fields(profile, destination, {"passcode": PASSCODE})
    labels = [f.label for f in fields]
    assert labels[:4] == ["Title", "Applications", "Verb", "URL"]
    assert labels[-2:] == ["Payload", "Display in Rule Builder"]
    assert not [f for f in fields if f.secret]  # the passcode is in the credential
    profile.secret_in_headers = True
    secret = [f for f in handover_fields(profile, destination, {"passcode": PASSCODE}) if f.secret]
    assert len(secret) == 1 and PASSCODE not in secret[0].value


def test_title_rules_and_sandbox_warning() -> None:
    assert title_problem("Send CleverTap Email") is None
    assert title_problem("1st webhook") is not None
    assert title_problem("Coupon → CleverTap") is not None
    profile, destination = _profile()
    profile.region = SANDBOX_REGION
    profile.name = "9 lives"
    codes = [p.code for p in export_problems(profile, destination)]
    assert codes[:2] == ["export.title", "export.sandbox"]


def test_retry_after_in_seconds_or_as_a_date_is_worded_right() -> None:
    from app.core.http.interpret import explain

    destination = get_destination("clevertap")
    seconds = explain(destination, 429, {"Retry-After": "30"}, b"")
    assert "wait 30 seconds" in " ".join(seconds.details)
    date = explain(destination, 429, {"retry-after": "Wed, 21 Oct 2026 07:28:00 GMT"}, b"")
    assert "wait until Wed, 21 Oct 2026 07:28:00 GMT" in " ".join(date.details)


def test_the_text_hand_over_names_each_header_once() -> None:
    from app.core.handover.handover import build_handover

    destination = get_destination("clevertap")
    profile = new_profile(destination, region="eu", credentials={"account_id": "W9R-486-4W5Z"})
    text = build_handover(profile, destination).text()
    assert "Header: X-CleverTap-Account-Id: W9R-486-4W5Z\n" in text
    assert "X-CleverTap-Account-Id: X-CleverTap-Account-Id" not in text
    assert "Parameter 1: Name: ProfileID\n" in text
    assert "Parameter 1: Type: string\n" in text


def test_a_masked_export_keeps_the_authorization_scheme() -> None:
    custom = get_destination("custom")
    for auth, scheme in (("bearer", "Bearer"), ("basic", "Basic")):
        profile = new_profile(custom, custom_base="https://example.com/hook")
        profile.options["auth"] = auth
        profile.secret_in_headers = True  # the header form, chosen explicitly
        profile.credentials["username"] = "ann"
        secrets = {"token": "tok-123456", "password": "pw-123456"}
        headers = new_webhook(profile, custom, secrets)["headers"]
        assert f"Authorization: {scheme} {MASK}" in headers, headers
        assert not any("tok-123456" in h or "pw-123456" in h for h in headers)
