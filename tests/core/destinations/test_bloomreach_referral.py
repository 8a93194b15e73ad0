"""Bloomreach Engagement -> Talon.One referral: the URL and headers Bloomreach sends, the
hand-over (authentication schema, webhook URL with Jinja, email snippet), the response
against ``talon-one-sdk``'s Referral model, and the sandbox."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from talon_one.models.referral import Referral

from app.core.destination.catalogue import SANDBOX_REGION, Destination, get_destination
from app.core.destination.profile import Profile
from app.core.handover.handover import build_handover
from app.core.http.fire import fire
from app.core.http.interpret import explain
from app.core.http.request import build_request
from app.core.payload.checks import check_settings, validate_query_url
from app.core.payload.mapping import expression_text, new_profile
from app.core.payload.validate import validate_profile
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MASK

DATA = Path(__file__).parents[2] / "data"
KEY = "sandbox-cep-key"
HOST = "https://acme.europe-west1.talon.one"
ENDPOINT = "https://integration.talon.one/customer_engagement/referral"


@pytest.fixture(scope="module")
def referral() -> Destination:
    return get_destination("bloomreach-referral")


def profile_for(referral: Destination, **overrides: Any) -> Profile:
    profile = new_profile(referral, **overrides)
    profile.mapping["campaign_id"] = "373"
    profile.credentials["deployment_host"] = HOST
    return profile


def test_a_complete_profile_has_no_problems(referral: Destination) -> None:
    profile = profile_for(referral)
    assert profile.template == ""  # a GET with no body
    assert validate_profile(profile, referral).report.problems == []


@pytest.mark.parametrize(
    ("change", "code", "path"),
    [
        ({"campaign_id": ""}, "query.pattern", "query.campaignId"),
        ({"campaign_id": "summer"}, "query.pattern", "query.campaignId"),
        (
            {"advocate": {"attribute": "", "sample": "x"}},
            "query.minLength",
            "query.advocateProfileIntegrationId",
        ),
        (
            {"advocate": {"attribute": "email", "sample": ""}},
            "slot.minLength",
            "Advocate: Bloomreach customer attribute",
        ),
    ],
)
def test_mapping_problems(
    referral: Destination, change: dict[str, Any], code: str, path: str
) -> None:
    profile = profile_for(referral)
    profile.mapping.update(change)
    problems = [(p.code, p.path) for p in check_settings(profile, referral)]
    assert (code, path) in problems, problems


def test_deployment_url_is_checked(referral: Destination) -> None:
    profile = profile_for(referral)
    profile.credentials["deployment_host"] = "acme.talon.one/campaigns"
    problem = check_settings(profile, referral)[0]
    assert problem.path == "Talon.One deployment URL" and "no path" in problem.message


def test_request_shape_matches_the_documented_endpoint(referral: Destination) -> None:
    profile = profile_for(referral)
    request = build_request(profile, referral, {"api_key": KEY}, dry_run=True)
    assert request.method == "GET" and request.body is None
    parts = urlsplit(request.url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == ENDPOINT
    assert parse_qs(parts.query) == {
        "campaignId": ["373"],
        "advocateProfileIntegrationId": ["advocate@example.com"],
    }
    assert dict(request.headers) == {
        "Authorization": f"ApiKey-v1 {KEY}",
        "destination-hostname": HOST,
        "customer-engagement-platform-name": "Bloomreach",
        "X-DRY-RUN": "true",
    }
    assert dict(request.shown_headers())["Authorization"] == MASK
    no_dry = build_request(profile, referral, {"api_key": KEY})
    assert "X-DRY-RUN" not in dict(no_dry.headers)


@pytest.mark.parametrize(
    ("attribute", "expected"),
    [
        ("email", "{{ customer.email }}"),
        ("first name", '{{ customer["first name"] }}'),
        ("{{ customer.loyalty_id | lower }}", "{{ customer.loyalty_id | lower }}"),
    ],
)
def test_jinja_expression_of_the_advocate(
    referral: Destination, attribute: str, expected: str
) -> None:
    slot = referral.mapping.slots["advocate"]
    assert expression_text(slot, {"attribute": attribute}) == expected


def test_handover_is_what_to_enter_in_bloomreach(referral: Destination) -> None:
    handover = build_handover(profile_for(referral), referral, {"api_key": KEY})
    assert handover.kind == "steps" and not handover.exportable
    fields = {f.label: f for section in handover.sections for f in section.fields}
    assert fields["Endpoint"].value == ENDPOINT
    assert fields["Method"].value == "GET"
    assert fields["URL"].value == (
        f"{ENDPOINT}?campaignId=373"
        "&advocateProfileIntegrationId={{ customer.email | urlencode }}"
    )
    assert fields["Response"].value == "Process response as JSON"
    auth = fields["Header Authorization"]
    assert auth.secret and auth.value == f"ApiKey-v1 {MASK}"
    assert fields["Header destination-hostname"].value == HOST
    guide = (DATA / "bloomreach_guide_email.html").read_text().splitlines()
    assert fields["HTML"].value.splitlines() == [line.strip() for line in guide]
    assert fields["HTML"].multiline
    assert KEY not in json.dumps(handover.to_json())
    revealed = build_handover(profile_for(referral), referral, {"api_key": KEY}, reveal=True)
    revealed_fields = {f.label: f for s in revealed.sections for f in s.fields}
    assert revealed_fields["Header Authorization"].value == f"ApiKey-v1 {KEY}"


def test_validate_a_pasted_bloomreach_url(referral: Destination) -> None:
    good = f"{ENDPOINT}?campaignId=373&advocateProfileIntegrationId={{{{ customer.email }}}}"
    assert validate_query_url(good, referral).problems == []
    bad = (
        f"{ENDPOINT}?campaignId=YOUR_CAMPAIGN_ID"
        "&advocateProfileIntegrationId={{ customer.email }&x=1"
    )
    report = validate_query_url(bad, referral)
    found = {(p.code, p.path, p.severity.value) for p in report.problems}
    assert ("query.pattern", "query.campaignId", "error") in found
    assert ("query.pattern", "query.advocateProfileIntegrationId", "error") in found
    assert ("query.pattern", "query.x", "warning") in found
    missing = validate_query_url(f"{ENDPOINT}?campaignId=3", referral)
    assert [p.code for p in missing.problems] == ["query.required"]
    assert validate_query_url("{}", referral).problems[0].code == "url.invalid"


# -- responses and the sandbox ------------------------------------------------------


def test_error_body_is_explained(referral: Destination) -> None:
    body = {"StatusCode": 404, "Error": "customer profile not found", "RequestUUID": "r-1"}
    explanation = explain(referral, 404, {}, json.dumps(body).encode())
    assert explanation.verdict == "error" and "(404)" in explanation.title
    assert "The server said: customer profile not found" in explanation.details
    assert "Request ID for the vendor's support: r-1" in explanation.details


def _fire(referral: Destination, sandbox: Sandbox, profile: Profile, key: str = KEY) -> Any:
    profile.region = SANDBOX_REGION
    request = build_request(
        profile, referral, {"api_key": key}, sandbox_base=sandbox.base_url, dry_run=profile.dry_run
    )
    return fire(request)


def test_sandbox_creates_a_referral_the_sdk_model_accepts(
    referral: Destination, sandbox: Sandbox
) -> None:
    result = _fire(referral, sandbox, profile_for(referral))
    assert result.status == 200
    model = Referral.from_json(result.body.decode())
    assert model is not None
    assert (model.campaign_id, model.advocate_profile_integration_id) == (
        373,
        "advocate@example.com",
    )
    explanation = explain(referral, 200, result.header_map, result.body)
    assert explanation.verdict == "ok"
    assert (
        f"Referral code: {model.code} (in the email: {{{{ webhook.code }}}})" in explanation.details
    )
    received = sandbox.received[-1]
    assert received.method == "GET" and received.header("X-DRY-RUN") == "true"


def test_sandbox_errors_in_talon_one_shape(referral: Destination, sandbox: Sandbox) -> None:
    wrong_key = _fire(referral, sandbox, profile_for(referral), key="not-the-key")
    assert wrong_key.status == 401
    assert set(json.loads(wrong_key.body)) == {"StatusCode", "Error", "RequestUUID"}
    profile = profile_for(referral)
    profile.mapping["campaign_id"] = "999"
    unknown = _fire(referral, sandbox, profile)
    assert unknown.status == 404
    assert "campaign 999" in json.loads(unknown.body)["Error"]
    profile.credentials["deployment_host"] = ""
    assert _fire(referral, sandbox, profile).status == 400


@pytest.mark.parametrize(
    ("host", "ok"),
    [
        ("mycompany.europe-west1.talon.one", True),  # the form Talon.One's spec shows
        ("https://mycompany.europe-west1.talon.one", True),  # the form its Segment app sends
        ("https://mycompany.europe-west1.talon.one/v1/referrals", False),
        ("mycompany europe", False),
    ],
)
def test_the_deployment_host_takes_both_documented_forms(host: str, ok: bool) -> None:
    from app.core.payload.checks import check_settings

    referral = get_destination("bloomreach-referral")
    profile = new_profile(referral)
    profile.credentials["deployment_host"] = host
    problems = [p for p in check_settings(profile, referral) if "deployment" in p.message]
    assert (problems == []) == ok, problems


def test_the_handed_over_expression_is_url_encoded_by_bloomreach() -> None:
    """An email with + or & would break the query string: the hand-over asks Bloomreach's
    Jinja to encode it (``| urlencode``), as the test fire encodes the sample."""
    from app.core.destination.catalogue import get_destination as destination
    from app.core.http.request import request_url as url_of
    from app.core.payload.mapping import new_profile as profile_for

    referral = destination("bloomreach-referral")
    profile = profile_for(referral)
    profile.custom_base = "https://acme.europe-west1.talon.one"
    profile.mapping["advocate"] = {"attribute": "email", "sample": "ann+vip@example.com"}
    handed = url_of(profile, referral, for_handover=True)
    assert "advocateProfileIntegrationId={{ customer.email | urlencode }}" in handed
    assert "advocateProfileIntegrationId=ann%2Bvip%40example.com" in url_of(profile, referral)
    profile.mapping["advocate"] = {"attribute": "{{ customer.email | urlencode }}"}
    assert handed == url_of(profile, referral, for_handover=True)  # said once
