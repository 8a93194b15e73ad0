"""Integration layer -> Talon.One Track Event: rules with the vendor page's own example, the
request against ``talon-one-sdk``'s models, the readable response lists and the sandbox."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from talon_one.models.integration_event_v2_request import IntegrationEventV2Request
from talon_one.models.track_event_v2_response import TrackEventV2Response

from app.core.destination.catalogue import SANDBOX_REGION, Destination, get_destination
from app.core.destination.profile import Profile
from app.core.handover.export import export_problems
from app.core.handover.handover import build_handover
from app.core.http.fire import fire
from app.core.http.interpret import explain
from app.core.http.request import RequestError, build_request
from app.core.payload.checks import check_settings
from app.core.payload.mapping import apply_mapping, new_profile
from app.core.payload.validate import validate_payload, validate_profile
from app.core.sandbox.server import Sandbox

DATA = Path(__file__).parents[2] / "data"
KEY = "sandbox-integration-key"
BASE = "https://acme.europe-west1.talon.one"
RESERVED = [
    "talon_session_created",
    "talon_session_updated",
    "talon_session_closed",
    "talon_session_cancelled",
    "talon_session_revoked",
    "talon_profile_created",
    "talon_profile_updated",
]


@pytest.fixture(scope="module")
def event() -> Destination:
    return get_destination("talon-event")


def check(event: Destination, document: Any) -> Any:
    text = document if isinstance(document, str) else json.dumps(document, indent=2)
    return validate_payload(text, [], {}, event).report


def guide_body() -> str:
    """The JSON the vendor page's curl example sends (between -d '...' quotes)."""
    text = (DATA / "talon_event_guide_curl.txt").read_text()
    return text[text.index("-d '") + 4 : text.rindex("' ''")]


def profile_for(event: Destination, **overrides: Any) -> Profile:
    return new_profile(event, custom_base=BASE, **overrides)


# -- the vendor page's example -------------------------------------------------------


def test_guide_curl_body_is_not_closed(event: Destination) -> None:
    report = check(event, guide_body())
    problem = report.problems[0]
    assert problem.code == "json.invalid" and "ends too early" in problem.message


def test_guide_body_once_closed_only_warns_about_session_id(event: Destination) -> None:
    report = check(event, guide_body() + "\n}")
    assert report.ok
    assert [(p.code, p.path) for p in report.problems] == [("rule.enum", "sessionId")]
    assert "older version" in report.problems[0].message
    assert report.problems[0].line == 2


@pytest.mark.parametrize("name", RESERVED)
def test_reserved_event_types_are_refused_with_the_reason(event: Destination, name: str) -> None:
    report = check(event, {"profileId": "p", "type": name, "attributes": {}})
    problem = next(p for p in report.problems if p.code == "rule.forbidden")
    assert problem.path == "type" and "built-in events, which are reserved" in problem.message
    assert "Pick your own event type" in problem.hint


def test_reserved_type_on_the_mapping_page_too(event: Destination) -> None:
    profile = profile_for(event)
    profile.mapping["event_type"] = "talon_profile_updated"
    apply_mapping(profile, event)
    codes = [(p.code, p.path) for p in check_settings(profile, event)]
    assert ("slot.forbidden", "Event type") in codes
    assert ("rule.forbidden", "type") in validate_profile(profile, event).report.codes() or any(
        p.code == "rule.forbidden" for p in validate_profile(profile, event).report.problems
    )


@pytest.mark.parametrize(
    ("document", "code", "path", "severity"),
    [
        ({"profileId": "p"}, "rule.required", "the payload", "error"),
        ({"type": "pageview"}, "rule.required", "the payload", "warning"),
        ({"profileId": "p", "type": ""}, "rule.minLength", "type", "error"),
        ({"profileId": "p", "type": "x", "attributes": []}, "rule.type", "attributes", "error"),
        ({"profileId": 7, "type": "x"}, "rule.type", "profileId", "error"),
        (
            {"profileId": "p", "type": "x", "loyaltyCards": ["a", "b"]},
            "rule.maxItems",
            "loyaltyCards",
            "error",
        ),
        (
            {"profileId": "p", "type": "x", "responseContent": ["all"]},
            "rule.enum",
            "responseContent[0]",
            "error",
        ),
        ({"profileId": "p", "type": "x", "sesionId": "s"}, "rule.enum", "sesionId", "warning"),
    ],
)
def test_track_event_rules(
    event: Destination, document: Any, code: str, path: str, severity: str
) -> None:
    report = check(event, document)
    match = [p for p in report.problems if p.code == code and p.path == path]
    assert match, [p.format() for p in report.problems]
    assert match[0].severity == severity


# -- the request ------------------------------------------------------------------


def test_request_matches_the_sdk_model(event: Destination) -> None:
    profile = profile_for(event)
    profile.mapping["attributes"] = [
        {"key": "url", "kind": "literal", "name": "https://example.com/p/1", "type": "string"},
        {"key": "visits", "kind": "literal", "name": "3", "type": "number"},
        {"key": "member", "kind": "literal", "name": "true", "type": "boolean"},
    ]
    apply_mapping(profile, event)
    assert validate_profile(profile, event).report.problems == []
    request = build_request(profile, event, {"api_key": KEY}, dry_run=profile.dry_run)
    assert request.method == "POST"
    assert request.url == f"{BASE}/v2/events?silent=no&dry=true"
    assert ("Authorization", f"ApiKey-v1 {KEY}") in request.headers
    assert ("Authorization", "••••••") in request.shown_headers()
    model = IntegrationEventV2Request.from_json((request.body or b"").decode())
    assert model is not None
    assert (model.profile_id, model.type) == ("customer-0042", "pageview")
    assert model.attributes == {"url": "https://example.com/p/1", "visits": 3, "member": True}


def test_the_sdk_refuses_what_the_rules_refuse(event: Destination) -> None:
    with pytest.raises(ValidationError):
        IntegrationEventV2Request.from_dict({"profileId": "p", "type": ""})
    assert check(event, {"profileId": "p", "type": ""}).errors


def test_options_change_the_query(event: Destination) -> None:
    profile = profile_for(event)
    assert build_request(profile, event, {"api_key": KEY}).url == f"{BASE}/v2/events?silent=no"
    profile.options["silent_no"] = False
    assert build_request(profile, event, {"api_key": KEY}).url == f"{BASE}/v2/events"
    assert profile.dry_run is True  # the default for test fires


def test_deployment_url_is_required(event: Destination) -> None:
    with pytest.raises(RequestError, match=r"Talon\.One deployment URL"):
        build_request(new_profile(event), event, {"api_key": KEY})
    problems = check_settings(new_profile(event), event)
    assert [p.code for p in problems] == ["url.missing"]


def test_handover_gives_curl_body_and_attribute_definitions(event: Destination) -> None:
    profile = profile_for(event)
    handover = build_handover(profile, event, {"api_key": KEY})
    assert handover.kind == "steps" and not handover.exportable
    fields = {f.label: f for s in handover.sections for f in s.fields}
    rows = fields["Attributes to create"].value
    assert rows == "Associated entity: Event | Event type: pageview | API name: url | Type: string"
    curl = fields["curl command"]
    assert curl.secret and KEY not in curl.value
    assert "'Authorization: ApiKey-v1 ••••••'" in curl.value
    assert f"'{BASE}/v2/events?silent=no'" in curl.value and "dry" not in curl.value
    assert json.loads(fields["Request body"].value)["type"] == "pageview"
    revealed = build_handover(profile, event, {"api_key": KEY}, reveal=True)
    assert KEY in {f.label: f for s in revealed.sections for f in s.fields}["curl command"].value
    assert export_problems(profile, event) == []


# -- responses ---------------------------------------------------------------------


def test_204_without_body_is_explained(event: Destination) -> None:
    explanation = explain(event, 204, {}, b"")
    assert explanation.verdict == "ok" and "no body" in explanation.title
    assert any("silent=no" in d for d in explanation.details)


def test_400_shows_talon_one_error_body(event: Destination) -> None:
    body = {"message": "Invalid event", "errors": [{"title": "unknown attribute", "details": "x"}]}
    explanation = explain(event, 400, {}, json.dumps(body).encode())
    assert "The server said: Invalid event" in explanation.details
    assert "The server said: unknown attribute x" in explanation.details


# -- the sandbox ---------------------------------------------------------------------


def _fire(event: Destination, sandbox: Sandbox, profile: Profile, key: str = KEY) -> Any:
    profile.region = SANDBOX_REGION
    request = build_request(
        profile, event, {"api_key": key}, sandbox_base=sandbox.base_url, dry_run=profile.dry_run
    )
    return fire(request)


def test_sandbox_returns_effects_as_readable_lists(event: Destination, sandbox: Sandbox) -> None:
    result = _fire(event, sandbox, profile_for(event))
    assert result.status == 200
    model = TrackEventV2Response.from_json(result.body.decode())
    assert model is not None and model.effects[0].effect_type == "createCoupon"
    explanation = explain(event, 200, result.header_map, result.body)
    lists = {section.title: section for section in explanation.lists}
    effect = lists["Effects"].items[0]
    assert effect.startswith('createCoupon from campaign 1, rule "Sandbox: a coupon for every')
    coupon = model.created_coupons[0].value
    assert coupon is not None and lists["Coupons created"].items == (
        f"{coupon} (campaign 1, usage limit 1)",
    )
    assert lists["Referrals created"].items == ()
    assert "Referrals created: none." in explanation.lines()
    assert sandbox.received[-1].query == {"silent": ["no"], "dry": ["true"]}


def test_sandbox_answers_204_when_silent(event: Destination, sandbox: Sandbox) -> None:
    profile = profile_for(event)
    profile.options["silent_no"] = False
    result = _fire(event, sandbox, profile)
    assert (result.status, result.body) == (204, b"")


def test_sandbox_refuses_a_reserved_type(event: Destination, sandbox: Sandbox) -> None:
    profile = profile_for(event)
    profile.mapping["event_type"] = "talon_session_created"
    apply_mapping(profile, event)
    result = _fire(event, sandbox, profile)
    assert result.status == 400
    explanation = explain(event, 400, result.header_map, result.body)
    assert any("reserved" in d for d in explanation.details)


def test_sandbox_refuses_a_wrong_key(event: Destination, sandbox: Sandbox) -> None:
    result = _fire(event, sandbox, profile_for(event), key="wrong-key-123")
    assert result.status == 401
    assert "Integration API key" in explain(event, 401, {}, result.body).title


def test_campaign_eligibility_is_a_response_content_talon_one_takes() -> None:
    from app.core.destination.catalogue import get_destination
    from app.core.payload.validate import validate_payload

    body = {"profileId": "c-1", "type": "x", "responseContent": ["campaignEligibility"]}
    # Integration API spec (t1-openapi-specs 2026-06), POST /v2/events responseContent.
    report = validate_payload(json.dumps(body), [], {}, get_destination("talon-event")).report
    assert not [p for p in report.problems if "responseContent" in p.path], report.problems
