"""Bloomreach Engagement -> Talon.One coupon (``GET /customer_engagement/coupon`` of Talon.One's
third-party API): the URL Bloomreach sends, the validation of a pasted URL from the
vendor's parameter list, the hand-over (``{{ webhook.Value }}``: the answer's keys are
PascalCase), import detection, and the sandbox's answers in Talon.One's shapes."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from app.core.destination.catalogue import SANDBOX_REGION, Destination, get_destination, takes_url
from app.core.destination.profile import Profile
from app.core.handover.handover import build_handover
from app.core.http.fire import fire
from app.core.http.interpret import explain
from app.core.http.request import build_request
from app.core.journey.steps import has_payload_step
from app.core.payload.checks import check_settings, validate_query_url
from app.core.payload.mapping import new_profile
from app.core.payload.validate import validate_profile
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MASK
from app.core.support.importer import from_curl

KEY = "sandbox-cep-key"
HOST = "https://acme.europe-west1.talon.one"
ENDPOINT = "https://integration.talon.one/customer_engagement/coupon"
#: The request of Talon.One's Postman collection ("Create coupon"), with a Bloomreach expression.
GOOD = (
    f"{ENDPOINT}?applicationId=316&campaignId=5843&externalCampaignId=bloomreach-welcome"
    "&recipientIntegrationId={{ customer.email | urlencode }}&usageLimit=1&identifier=3495-4323"
    "&startDate=2022-09-30T15:35:02Z&expiryDate=2022-10-30T15:35:02%2B02:00&discountLimit=155"
)


@pytest.fixture(scope="module")
def coupon() -> Destination:
    return get_destination("bloomreach-coupon")


def profile_for(coupon: Destination, **overrides: Any) -> Profile:
    profile = new_profile(coupon, **overrides)
    profile.mapping["application_id"] = "316"
    profile.mapping["campaign_id"] = "5843"
    profile.credentials["deployment_host"] = HOST
    return profile


def test_a_get_with_a_url_alone(coupon: Destination) -> None:
    profile = profile_for(coupon)
    assert takes_url(coupon) and not has_payload_step(coupon)
    assert profile.template == ""
    assert validate_profile(profile, coupon).report.problems == []


def test_request_shape_matches_the_documented_endpoint(coupon: Destination) -> None:
    profile = profile_for(coupon)
    request = build_request(profile, coupon, {"api_key": KEY}, dry_run=True)
    assert request.method == "GET" and request.body is None
    parts = urlsplit(request.url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == ENDPOINT
    # Optional parameters left empty are not sent; the owner is the customer's email.
    assert parse_qs(parts.query) == {
        "applicationId": ["316"],
        "campaignId": ["5843"],
        "externalCampaignId": ["bloomreach-scenario"],
        "recipientIntegrationId": ["customer@example.com"],
        "usageLimit": ["1"],
    }
    assert dict(request.headers) == {
        "Authorization": f"ApiKey-v1 {KEY}",
        "destination-hostname": HOST,
        "customer-engagement-platform-name": "Bloomreach",
        "X-DRY-RUN": "true",
    }
    assert dict(request.shown_headers())["Authorization"] == MASK
    assert "X-DRY-RUN" not in dict(build_request(profile, coupon, {"api_key": KEY}).headers)


def test_optional_parameters_when_given(coupon: Destination) -> None:
    profile = profile_for(coupon)
    profile.mapping.update(
        start_date="2026-01-01T00:00:00Z",
        expiry_date="2026-12-31T23:59:59+01:00",
        discount_limit="9.99",
        identifier={"attribute": "email", "sample": "ann@example.com"},
        recipient={"attribute": "", "sample": ""},
    )
    assert validate_profile(profile, coupon).report.problems == []
    query = parse_qs(urlsplit(build_request(profile, coupon, {"api_key": KEY}).url).query)
    assert query["startDate"] == ["2026-01-01T00:00:00Z"]
    assert query["expiryDate"] == ["2026-12-31T23:59:59+01:00"]
    assert query["discountLimit"] == ["9.99"] and query["identifier"] == ["ann@example.com"]
    assert "recipientIntegrationId" not in query  # blank: anyone may redeem it


def test_an_optional_expression_without_attribute_is_not_sent_in_test_fires(
    coupon: Destination,
) -> None:
    """The hand-over leaves it out, so a test fire must not send the sample instead."""
    profile = profile_for(coupon)
    profile.mapping["identifier"] = {"attribute": "", "sample": "left-over"}
    url = build_request(profile, coupon, {"api_key": KEY}).url
    assert "identifier" not in parse_qs(urlsplit(url).query)


@pytest.mark.parametrize(
    ("change", "code", "path"),
    [
        ({"application_id": ""}, "query.pattern", "query.applicationId"),
        ({"application_id": "shop"}, "query.pattern", "query.applicationId"),
        ({"campaign_id": "summer"}, "query.pattern", "query.campaignId"),
        ({"external_campaign_id": ""}, "query.minLength", "query.externalCampaignId"),
        ({"usage_limit": "-1"}, "query.pattern", "query.usageLimit"),
        ({"expiry_date": "31.12.2026"}, "query.pattern", "query.expiryDate"),
        ({"start_date": "2026-01-01"}, "query.pattern", "query.startDate"),
        ({"discount_limit": "ten"}, "query.pattern", "query.discountLimit"),
    ],
)
def test_mapping_problems(
    coupon: Destination, change: dict[str, Any], code: str, path: str
) -> None:
    profile = profile_for(coupon)
    profile.mapping.update(change)
    problems = [(p.code, p.path) for p in check_settings(profile, coupon)]
    assert (code, path) in problems, problems


def test_the_vendors_example_validates(coupon: Destination) -> None:
    assert validate_query_url(GOOD, coupon).problems == []
    custom = GOOD + "&.country=DE&_channel=email"  # custom coupon attributes
    assert validate_query_url(custom, coupon).problems == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (  # the collection's BAD sample: no applicationId, no externalCampaignId
            f"{ENDPOINT}?campaignId=5843",
            {("query.required", "query", "error")},
        ),
        (
            f"{ENDPOINT}?applicationId=abc&campaignId=5843&externalCampaignId=x",
            {("query.pattern", "query.applicationId", "error")},
        ),
        (
            GOOD.replace("2022-09-30T15:35:02Z", "30.09.2022"),
            {("query.pattern", "query.startDate", "error")},
        ),
        (
            GOOD.replace("2022-10-30T15:35:02%2B02:00", "2022-10-30"),
            {("query.pattern", "query.expiryDate", "error")},
        ),
        (GOOD + "&coupon=1", {("query.pattern", "query.coupon", "warning")}),
    ],
)
def test_broken_urls(coupon: Destination, url: str, expected: set[tuple[str, str, str]]) -> None:
    problems = validate_query_url(url, coupon).problems
    assert {(p.code, p.path, p.severity.value) for p in problems} == expected
    if ("query.required", "query", "error") in expected:
        assert [p.message for p in problems] == [
            "The URL lacks the query parameter applicationId.",
            "The URL lacks the query parameter externalCampaignId.",
        ]


def test_handover_is_what_to_enter_in_bloomreach(coupon: Destination) -> None:
    handover = build_handover(profile_for(coupon), coupon, {"api_key": KEY})
    assert handover.kind == "steps" and not handover.exportable
    fields = {f.label: f for section in handover.sections for f in section.fields}
    assert fields["Endpoint"].value == ENDPOINT
    assert fields["Method"].value == "GET"
    assert fields["URL"].value == (
        f"{ENDPOINT}?applicationId=316&campaignId=5843&externalCampaignId=bloomreach-scenario"
        "&recipientIntegrationId={{ customer.email | urlencode }}&usageLimit=1"
    )
    assert fields["Header Authorization"].value == f"ApiKey-v1 {MASK}"
    assert fields["Header destination-hostname"].value == HOST
    assert "<p>Your coupon code: {{ webhook.Value }}</p>" in fields["HTML"].value
    assert KEY not in json.dumps(handover.to_json())
    assert any("Do not add that header in Bloomreach" in n for n in handover.notes)


def test_a_pasted_curl_command_is_recognised(coupon: Destination) -> None:
    result = from_curl(
        f"curl '{GOOD}' -H 'Authorization: ApiKey-v1 MARKER-cep-key' "
        f"-H 'destination-hostname: {HOST}' "
        "-H 'customer-engagement-platform-name: Bloomreach' -H 'X-DRY-RUN: true'"
    )
    profile = result.profile
    assert profile.destination == "bloomreach-coupon" and profile.dry_run
    assert profile.mapping["application_id"] == "316"
    assert profile.mapping["campaign_id"] == "5843"
    assert profile.mapping["external_campaign_id"] == "bloomreach-welcome"
    assert profile.mapping["recipient"]["attribute"] == "{{ customer.email | urlencode }}"
    assert profile.mapping["start_date"] == "2022-09-30T15:35:02Z"
    assert profile.mapping["expiry_date"] == "2022-10-30T15:35:02+02:00"
    assert profile.credentials["deployment_host"] == HOST
    assert result.secrets == {"api_key": "MARKER-cep-key"}


def test_a_pasted_referral_url_is_still_the_referral() -> None:
    result = from_curl(
        "curl 'https://integration.talon.one/customer_engagement/referral?campaignId=373"
        "&advocateProfileIntegrationId=x' -H 'destination-hostname: acme.talon.one'"
    )
    assert result.profile.destination == "bloomreach-referral"


# -- responses and the sandbox ------------------------------------------------------


def _fire(coupon: Destination, sandbox: Sandbox, profile: Profile, key: str = KEY) -> Any:
    profile.region = SANDBOX_REGION
    request = build_request(
        profile, coupon, {"api_key": key}, sandbox_base=sandbox.base_url, dry_run=profile.dry_run
    )
    return fire(request)


def test_sandbox_creates_a_coupon_in_talon_ones_shape(
    coupon: Destination, sandbox: Sandbox
) -> None:
    profile = profile_for(coupon)
    profile.dry_run = False
    result = _fire(coupon, sandbox, profile)
    assert result.status == 200
    body = json.loads(result.body)
    assert {"ID", "ApplicationID", "CampaignID", "Value", "UsageLimit"} <= set(body)
    assert (body["ApplicationID"], body["CampaignID"]) == (316, 5843)
    assert body["RecipientIntegrationID"] == "customer@example.com" and body["ID"] > 0
    explanation = explain(coupon, 200, result.header_map, result.body)
    assert (
        explanation.verdict == "ok" and explanation.title == "Talon.One created the coupon (200)."
    )
    assert f"Coupon code: {body['Value']} (in the email: {{{{ webhook.Value }}}})" in (
        explanation.details
    )
    received = sandbox.received[-1]
    assert received.method == "GET" and received.header("X-DRY-RUN") is None


def test_sandbox_dry_run_stores_nothing(coupon: Destination, sandbox: Sandbox) -> None:
    result = _fire(coupon, sandbox, profile_for(coupon))  # X-DRY-RUN is on by default
    assert result.status == 200 and json.loads(result.body)["ID"] == 0
    explanation = explain(coupon, 200, result.header_map, result.body, dry_run=True)
    assert "nothing was stored" in explanation.title


def test_sandbox_same_identifier_same_coupon(coupon: Destination, sandbox: Sandbox) -> None:
    profile = profile_for(coupon)
    profile.dry_run = False
    profile.mapping["identifier"] = {"attribute": "email", "sample": "once@example.com"}
    first = json.loads(_fire(coupon, sandbox, profile).body)
    again = json.loads(_fire(coupon, sandbox, profile).body)
    assert first == again
    profile.mapping["identifier"] = {"attribute": "email", "sample": "other@example.com"}
    assert json.loads(_fire(coupon, sandbox, profile).body)["Value"] != first["Value"]


def test_sandbox_missing_parameter_is_a_400_explained(
    coupon: Destination, sandbox: Sandbox
) -> None:
    profile = profile_for(coupon)
    profile.mapping["external_campaign_id"] = ""  # a required parameter left empty
    result = _fire(coupon, sandbox, profile)
    assert result.status == 400
    body = json.loads(result.body)
    assert set(body) == {"StatusCode", "Error", "RequestUUID"}
    explanation = explain(coupon, 400, result.header_map, result.body)
    assert explanation.verdict == "error"
    assert "lacks the query parameter externalCampaignId" in " ".join(explanation.details)
    assert f"Request ID for the vendor's support: {body['RequestUUID']}" in explanation.details


def test_sandbox_wrong_key_is_a_401_explained(coupon: Destination, sandbox: Sandbox) -> None:
    result = _fire(coupon, sandbox, profile_for(coupon), key="not-the-key")
    assert result.status == 401
    assert set(json.loads(result.body)) == {"StatusCode", "Error", "RequestUUID"}
    explanation = explain(coupon, 401, result.header_map, result.body)
    assert explanation.title == "Wrong or missing API key (401)."
    assert "ApiKey-v1" in " ".join(explanation.details)


def test_sandbox_unknown_application_or_campaign_is_a_404(
    coupon: Destination, sandbox: Sandbox
) -> None:
    profile = profile_for(coupon)
    profile.mapping["application_id"] = "999"
    unknown = _fire(coupon, sandbox, profile)
    assert unknown.status == 404 and "application 999" in json.loads(unknown.body)["Error"]
    profile.mapping.update(application_id="316", campaign_id="998")
    unknown = _fire(coupon, sandbox, profile)
    assert unknown.status == 404 and "campaign 998" in json.loads(unknown.body)["Error"]
    profile.mapping["campaign_id"] = "5843"
    profile.credentials["deployment_host"] = ""
    missing = _fire(coupon, sandbox, profile)
    assert missing.status == 400 and "destination-hostname" in json.loads(missing.body)["Error"]
