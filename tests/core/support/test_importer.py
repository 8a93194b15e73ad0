"""Importing webhooks: export round-trips, files, curl commands and the Management API."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from app.core.destination.catalogue import Destination, get_destination, load_catalogue
from app.core.destination.profile import Profile
from app.core.handover.export import new_webhook
from app.core.http.request import build_request
from app.core.payload.mapping import apply_mapping, new_profile
from app.core.sandbox.server import Sandbox
from app.core.secrets.credentials import CredentialManager
from app.core.secrets.store import MASK, MemoryStore
from app.core.support.detect import is_fallback
from app.core.support.importer import ImportFailed, from_curl, from_definition, from_file
from app.core.support.management import ManagementClient, RateLimiter

ROUND_TRIP = [
    d.id for d in load_catalogue() if d.handover_kind == "talon-webhook" and d.mapping.skeleton
]
COMPARED = (
    "destination",
    "region",
    "custom_base",
    "credentials",
    "mapping",
    "params",
    "samples",
    "template",
    "template_edited",
    "name",
    "description",
    "application_ids",
    "options",
)


def _profile(
    destination: Destination, options: dict[str, Any] | None = None, **overrides: Any
) -> tuple[Profile, dict[str, str]]:
    """A profile with marker values in every credential field its choices use."""
    profile = new_profile(destination, **overrides)
    profile.options.update(options or {})
    active = destination.active_credentials(profile.mapping, profile.options)
    profile.credentials.update(
        {c.id: f"MARKER-{c.id}-plain" for c in active if not c.secret and c.id != "header_name"}
    )
    if any(c.id == "header_name" for c in active):
        profile.credentials["header_name"] = "X-Api-Key"
    secrets = {c.id: f"MARKER-{c.id}-secret" for c in active if c.secret}
    region = destination.region(profile.region) if profile.region else None
    if region is not None and region.custom:
        profile.custom_base = (
            "https://hooks.example.com/talon/${$CouponCode}?source=talon"
            if is_fallback(destination)
            else "https://acme.europe-west1.talon.one"
        )
    return profile, secrets


def _assert_same(imported: Profile, original: Profile) -> None:
    for name in COMPARED:
        assert getattr(imported, name) == getattr(original, name), name


@pytest.mark.parametrize("destination_id", ROUND_TRIP)
def test_export_then_import_gives_the_same_profile_and_offers_the_secrets(
    destination_id: str,
) -> None:
    destination = get_destination(destination_id)
    original, secrets = _profile(destination, application_ids=[3, 7])
    original.description = "Imported from a test"
    document = new_webhook(original, destination, secrets, include_secrets=True)
    result = from_definition(document)
    _assert_same(result.profile, original)
    assert result.secrets == secrets
    assert result.profile.id != original.id
    for value in secrets.values():
        assert value not in result.source
        assert value not in json.dumps(result.profile.to_json())
    assert [n for n in result.notes if n.severity.value == "error"] == []


@pytest.mark.parametrize("destination_id", ROUND_TRIP)
def test_an_export_with_masked_secrets_imports_without_secrets(destination_id: str) -> None:
    destination = get_destination(destination_id)
    original, secrets = _profile(destination)
    result = from_definition(new_webhook(original, destination, secrets))
    _assert_same(result.profile, original)
    assert result.secrets == {}
    auth = destination.auth_for(original.options)
    if secrets and (auth is None or auth.type != "basic"):
        # The secret is in a Talon.One credential, which the definition does not name.
        assert any("kept in a credential" in n.message for n in result.notes)
    original.secret_in_headers = True  # the header form: the masked header is read back
    result = from_definition(new_webhook(original, destination, secrets))
    _assert_same(result.profile, original)
    if secrets and (auth is None or auth.type != "basic"):
        assert any("masked" in n.message for n in result.notes)


def test_an_export_that_names_its_credential_imports_with_it() -> None:
    destination = get_destination("clevertap")
    original, secrets = _profile(destination)
    original.authentication_id = 23
    result = from_definition(new_webhook(original, destination, secrets))
    assert result.profile.authentication_id == 23
    assert any("authentication 23" in n.message for n in result.notes)


@pytest.mark.parametrize("auth", ["none", "basic", "bearer", "header"])
def test_custom_webhooks_round_trip_with_each_authentication(auth: str) -> None:
    custom = get_destination("custom")
    original, secrets = _profile(custom, {"auth": auth, "verb": "PATCH"})
    original.options["headers"] = ["Content-Type: application/json", "X-Trace: ${$CouponCode}"]
    document = new_webhook(original, custom, secrets, include_secrets=True)
    result = from_definition(document)
    _assert_same(result.profile, original)
    assert result.secrets == secrets and (auth == "none") == (secrets == {})
    assert result.detection.fallback


def test_non_default_choices_survive_the_round_trip() -> None:
    clevertap = get_destination("clevertap")
    original, secrets = _profile(clevertap, region="in1")
    original.mapping["event_name"] = "Loyalty Tier Changed"
    original.mapping["identity"] = {"kind": "integration_id", "name": "", "type": "string"}
    apply_mapping(original, clevertap)
    result = from_definition(new_webhook(original, clevertap, secrets))
    _assert_same(result.profile, original)
    mparticle = get_destination("mparticle")
    enrich, secrets = _profile(mparticle)
    enrich.mapping["identity_mode"] = "enrichment"
    apply_mapping(enrich, mparticle)
    result = from_definition(new_webhook(enrich, mparticle, secrets, include_secrets=True))
    assert result.profile.mapping["identity_mode"] == "enrichment"
    _assert_same(result.profile, enrich)


def test_a_hand_edited_payload_is_kept_as_typed() -> None:
    clevertap = get_destination("clevertap")
    original, _ = _profile(clevertap)
    document = new_webhook(original, clevertap)
    document["payload"] = document["payload"].replace('"Talon.One"', '"Talon.One", "ts": 1')
    result = from_definition(document)
    assert result.profile.template == document["payload"]
    assert result.profile.template_edited
    assert result.profile.mapping["event_name"] == "Coupon Generated"


def test_files_single_list_page_and_errors(tmp_path: Path) -> None:
    clevertap = get_destination("clevertap")
    first = new_webhook(_profile(clevertap)[0], clevertap)
    second = dict(first, title="Second webhook", id=42)
    single = tmp_path / "one.json"
    single.write_text(json.dumps(first))
    assert from_file(single).profile.name == first["title"]
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"totalResultSize": 2, "data": [first, second]}))
    with pytest.raises(ImportFailed, match="holds 2 webhooks; pick one") as many:
        from_file(page)
    assert "42: Second webhook" in str(many.value)
    assert from_file(page, pick="42").profile.name == "Second webhook"
    assert from_file(page, pick="second").profile.name == "Second webhook"
    broken = tmp_path / "broken.json"
    broken.write_text("curl -X POST https://example.com")
    with pytest.raises(ImportFailed, match="curl import"):
        from_file(broken)
    with pytest.raises(ImportFailed, match="No file"):
        from_file(tmp_path / "missing.json")
    (tmp_path / "profile.json").write_text(json.dumps(_profile(clevertap)[0].to_json()))
    with pytest.raises(ImportFailed, match="Hooksmith profile"):
        from_file(tmp_path / "profile.json")
    (tmp_path / "other.json").write_text('{"title": "no url"}')
    with pytest.raises(ImportFailed, match="No webhook definition"):
        from_file(tmp_path / "other.json")


def test_a_clevertap_curl_command_with_dry_run_and_the_passcode() -> None:
    result = from_curl(
        """curl -sS -X POST 'https://in1.api.clevertap.com/1/upload?dryRun=1' \\
          -H 'X-CleverTap-Account-Id: W9R-486-4W5Z' \\
          -H 'X-CleverTap-Passcode: MARKER-curl-passcode' \\
          -H 'Content-Type: application/json; charset=utf-8' \\
          --data-raw '{"d": [{"type": "event", "evtName": "Coupon Generated",
            "identity": "customer-0042", "evtData": {"CouponCode": "NY-1"}}]}'"""
    )
    profile = result.profile
    assert (profile.destination, profile.region, profile.dry_run) == ("clevertap", "in1", True)
    assert profile.credentials == {"account_id": "W9R-486-4W5Z"}
    assert result.secrets == {"passcode": "MARKER-curl-passcode"}
    assert "MARKER-curl-passcode" not in result.source
    assert profile.mapping["identity"] == {
        "kind": "literal",
        "name": "customer-0042",
        "type": "string",
    }
    assert any("fixed values" in n.message for n in result.notes)


@pytest.mark.parametrize("destination_id", [d.id for d in load_catalogue() if not is_fallback(d)])
def test_the_preview_curl_of_every_destination_imports_back(destination_id: str) -> None:
    destination = get_destination(destination_id)
    original, secrets = _profile(destination)
    request = build_request(original, destination, secrets)
    result = from_curl(request.curl(reveal=True))
    imported = result.profile
    assert imported.destination == destination_id
    assert (imported.region, imported.custom_base) == (original.region, original.custom_base)
    assert imported.credentials == original.credentials
    assert result.secrets == secrets
    for value in secrets.values():
        assert value not in result.source
        assert value not in json.dumps(imported.to_json())


def test_hooksmiths_own_preview_curl_imports_back() -> None:
    mparticle = get_destination("mparticle")
    original, secrets = _profile(mparticle)
    request = build_request(original, mparticle, secrets)
    result = from_curl(request.curl(reveal=True))
    assert result.profile.destination == "mparticle"
    assert result.profile.region == original.region
    assert result.secrets == secrets
    assert request.body is not None
    assert result.profile.template == request.body.decode()
    assert result.profile.mapping["identity_mode"] == original.mapping["identity_mode"]


def test_the_track_event_example_from_talon_ones_guide() -> None:
    text = Path(__file__).parents[2].joinpath("data", "talon_track_event_curl.txt")
    result = from_curl(text.read_text(encoding="utf-8"))
    assert any("no URL" in n.message for n in result.notes)
    assert result.profile.template.startswith("{")
    assert "953f4d85715c425cb48676" not in result.source
    assert "953f4d85715c425cb48676" not in json.dumps(result.profile.to_json())


def test_url_credentials_and_secrets_inside_the_payload_are_taken_out() -> None:
    mparticle = get_destination("mparticle")
    original, _ = _profile(mparticle)
    document = new_webhook(original, mparticle)
    document["url"] = "https://MARKER-u:MARKER-p%40ss@inbound.mparticle.com/s2s/v2/events"
    document["headers"] = ["Content-Type: application/json"]
    document["payload"] = document["payload"].replace('"events"', '"note": "MARKER-p@ss", "events"')
    result = from_definition(document)
    assert set(result.secrets.values()) == {"MARKER-u", "MARKER-p@ss"}
    assert "MARKER-p@ss" not in result.profile.template and MASK in result.profile.template
    assert "MARKER-p" not in result.source
    assert result.profile.region == "inbound"


def test_a_verb_the_destination_does_not_take_is_an_error_note() -> None:
    clevertap = get_destination("clevertap")
    document = new_webhook(_profile(clevertap)[0], clevertap)
    document.update(verb="PUT", authenticationId=7, draft=True, title="1st webhook")
    result = from_definition(document)
    assert any(n.severity.value == "error" and "PUT" in n.message for n in result.notes)
    assert any("authentication 7" in n.message for n in result.notes)
    assert any("draft" in n.message for n in result.notes)
    assert "export.title" in [n.code for n in result.notes]


def test_import_from_the_sandbox_management_api_and_store_the_secret() -> None:
    with Sandbox() as box:
        client = ManagementClient(
            box.base_url + "/talon-management", "sandbox-management-key", limiter=RateLimiter(0)
        )
        clevertap, enrichment = client.webhook(101), client.webhook(103)
    result = from_definition(clevertap, origin="management")
    assert result.profile.destination == "clevertap" and result.profile.region == "eu"
    assert result.profile.application_ids == [12]
    assert result.secrets == {"passcode": "demo-clevertap-passcode"}
    assert "demo-clevertap-passcode" not in result.source
    store = MemoryStore()
    assert result.store_secrets(store) == ["Passcode"]
    assert store.get(result.profile.id, "passcode") == "demo-clevertap-passcode"
    listed = CredentialManager(store).entries_for(result.profile.id)
    assert [(e.field, e.label) for e in listed] == [("passcode", "Passcode")]
    mparticle = from_definition(enrichment, origin="management")
    assert mparticle.profile.destination == "mparticle"
    assert set(mparticle.secrets.values()) == {"demo-mparticle-key", "demo-mparticle-secret"}
    token = base64.b64encode(b"demo-mparticle-key:demo-mparticle-secret").decode()
    assert token not in mparticle.source and "demo-mparticle-secret" not in mparticle.source
    assert mparticle.profile.template == enrichment["payload"]  # the trailing comma kept
    assert mparticle.profile.template_edited


def test_a_bloomreach_webhook_with_jinja_and_the_dry_run_header() -> None:
    result = from_curl(
        "curl 'https://integration.talon.one/customer_engagement/referral?campaignId=373"
        "&advocateProfileIntegrationId={{ customer.email }}' "
        "-H 'Authorization: ApiKey-v1 MARKER-cep-key' "
        "-H 'destination-hostname: https://acme.europe-west1.talon.one' "
        "-H 'customer-engagement-platform-name: Bloomreach' -H 'X-DRY-RUN: true'"
    )
    profile = result.profile
    assert profile.destination == "bloomreach-referral" and profile.dry_run
    assert profile.mapping["campaign_id"] == "373"
    assert profile.mapping["advocate"]["attribute"] == "{{ customer.email }}"
    assert profile.credentials["deployment_host"] == "https://acme.europe-west1.talon.one"
    assert result.secrets == {"api_key": "MARKER-cep-key"}
    assert not any("X-DRY-RUN" in n.message for n in result.notes)


def test_a_signing_header_with_any_name_is_taken_out_of_a_custom_webhook() -> None:
    webhook = {
        "title": "Signed hook",
        "verb": "POST",
        "url": "https://hooks.example.com/in",
        "headers": ["X-Shop-Sig: Lk3f9a2b7c1dQz", "X-Tenant: acme", "Content-Type: text/plain"],
        "payload": "{}",
        "params": [],
    }
    result = from_definition(webhook)
    profile = result.profile
    assert profile.options["auth"] == "header"
    assert profile.credentials["header_name"] == "X-Shop-Sig"
    assert result.secrets == {"header_value": "Lk3f9a2b7c1dQz"}
    assert profile.options["headers"] == ["X-Tenant: acme", "Content-Type: text/plain"]
    assert "Lk3f9a2b7c1dQz" not in json.dumps(profile.to_json()) + result.source


def test_a_credential_in_a_custom_urls_query_is_masked_in_the_profile() -> None:
    webhook = {
        "title": "Query key",
        "verb": "GET",
        "url": "https://hooks.example.com/in?customer=${$ProfileID}&api_key=MARKERq7Kx29Lp",
        "headers": [],
        "params": [],
    }
    result = from_definition(webhook)
    assert "MARKERq7Kx29Lp" not in json.dumps(result.profile.to_json()) + result.source
    assert result.profile.custom_base.endswith(f"api_key={MASK}")
    assert "customer=${$ProfileID}" in result.profile.custom_base
    assert any(n.severity.value == "error" and "api_key" in n.message for n in result.notes)


@pytest.mark.parametrize("destination_id", ["clevertap", "mparticle", "custom"])
def test_headers_given_as_json_object_strings_are_read_like_name_value_lines(
    destination_id: str,
) -> None:
    """The Management API's own example returns each header as a JSON-object string
    ('{"Authorization": "Basic …"}'); the form shows 'Name: value'. Both are read."""
    destination = get_destination(destination_id)
    original, secrets = _profile(
        destination, {"auth": "bearer"} if destination_id == "custom" else None
    )
    original.secret_in_headers = True
    document = new_webhook(original, destination, secrets, include_secrets=True)
    colon = from_definition(dict(document))
    as_objects = dict(document)
    as_objects["headers"] = [
        json.dumps({name.strip(): value.strip()})
        for name, _, value in (h.partition(":") for h in document["headers"])
    ]
    objects = from_definition(as_objects)
    assert objects.secrets == colon.secrets and objects.secrets
    assert objects.destination.id == destination_id
    _assert_same(objects.profile, colon.profile)
    assert not any("not part of the set-up" in n.message for n in objects.notes)


def test_a_webhook_made_from_talon_ones_clevertap_template_is_recognised_and_said_so() -> None:
    clevertap = get_destination("clevertap")
    original, _ = _profile(clevertap)
    document = new_webhook(original, clevertap)
    document.update(
        {
            "outgoingIntegrationTemplateId": 3,
            "outgoingIntegrationTypeId": 1,
            "outgoingIntegrationTypeName": "CleverTap",
        }
    )
    result = from_definition(document)
    assert result.destination.id == "clevertap"
    said = " ".join(n.message for n in result.notes)
    assert "created from Talon.One's CleverTap template" in said


def test_a_template_webhook_for_a_vendor_hooksmith_lacks_says_so_plainly() -> None:
    custom = get_destination("custom")
    original, _ = _profile(custom, custom_base="https://api-01.moengage.com/v1/event/WS1")
    document = new_webhook(original, custom)
    document.update({"outgoingIntegrationTemplateId": 9, "outgoingIntegrationTypeName": "MoEngage"})
    result = from_definition(document)
    assert result.destination.id == "custom"
    said = " ".join(n.message + " " + n.hint for n in result.notes)
    assert "does not know MoEngage yet" in said and "custom webhook" in said


@pytest.mark.parametrize("destination_id", ["talon-event", "bloomreach-referral"])
def test_hooksmiths_own_hand_over_imports_back_through_its_request(
    destination_id: str, tmp_path: Path
) -> None:
    from app.core.handover.handover import build_handover
    from app.core.support.importer import from_file

    destination = get_destination(destination_id)
    original, _ = _profile(
        destination, region="deployment" if destination_id == "talon-event" else None
    )
    original.custom_base = "https://acme.europe-west1.talon.one"
    path = tmp_path / "handover.json"
    path.write_text(json.dumps(build_handover(original, destination).to_json()))
    result = from_file(path)
    assert result.destination.id == destination_id
    assert result.profile.custom_base.startswith("https://acme.europe-west1.talon.one")
    assert any("hand-over" in n.message for n in result.notes)


def test_a_masked_basic_login_of_mparticle_is_named_as_such() -> None:
    mp = get_destination("mparticle")
    original, secrets = _profile(mp)
    original.secret_in_headers = True
    result = from_definition(new_webhook(original, mp, secrets))
    said = " ".join(n.message + " " + n.hint for n in result.notes)
    assert "Basic login was masked" in said
    assert "no field for" not in said and "matching authentication" not in said
    assert "kept in a credential" not in said


def test_an_mparticle_curl_with_user_identities_and_no_mpid_is_general_mode() -> None:
    body = {
        "events": [
            {
                "data": {"event_name": "x", "custom_event_type": "other"},
                "event_type": "custom_event",
            }
        ],
        "environment": "development",
        "user_identities": {"customer_id": "c1"},
    }
    curl = (
        "curl -X POST https://inbound.mparticle.com/s2s/v2/events -u 'k1234:s1234' "
        f"-H 'Content-Type: application/json' -d '{json.dumps(body)}'"
    )
    result = from_curl(curl)
    assert result.destination.id == "mparticle"
    assert result.profile.mapping["identity_mode"] == "general"
