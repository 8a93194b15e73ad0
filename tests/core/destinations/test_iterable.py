"""Talon.One -> Iterable ``POST /api/events/track``: the rules with the research's good and
broken payloads, the sandbox's ``{"msg", "code", "params"}`` answers and their
explanations, and recognising an Iterable request on import."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.core.destination.catalogue import Destination, get_destination
from app.core.handover.export import talon_credential
from app.core.handover.handover import build_handover
from app.core.http.interpret import explain
from app.core.payload.mapping import apply_mapping, new_profile
from app.core.payload.validate import validate_payload, validate_profile
from app.core.sandbox.server import Sandbox, SandboxRequest, SandboxResponse
from app.core.secrets.store import MASK
from app.core.support.importer import from_curl, from_definition

KEY = "sandbox-iterable-key"


@pytest.fixture(scope="module")
def iterable() -> Destination:
    return get_destination("iterable")


def problems(iterable: Destination, document: Any) -> list[tuple[str, str, str, str]]:
    report = validate_payload(json.dumps(document, indent=2), [], {}, iterable).report
    return [
        (p.code, p.path, p.message, p.hint) for p in report.problems if p.severity.value == "error"
    ]


# -- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        {
            "email": "docs@iterable.com",
            "eventName": "couponIssued",
            "dataFields": {"couponCode": "NEWYEAR-7Q2X"},
        },
        {
            "userId": "customer-0042",
            "eventName": "couponIssued",
            "createdAt": 1767225600,
            "dataFields": {"couponCode": "NEWYEAR-7Q2X"},
        },
    ],
)
def test_good_events_are_valid(iterable: Destination, document: Any) -> None:
    assert problems(iterable, document) == []


def test_an_event_without_email_or_user_id_is_refused(iterable: Destination) -> None:
    (found,) = problems(iterable, {"eventName": "couponIssued", "dataFields": {}})
    assert found[0] == "rule.anyKeyOf" and "neither" in found[2]


def test_an_address_that_is_no_email_is_refused(iterable: Destination) -> None:
    (found,) = problems(iterable, {"email": "not-an-email", "eventName": "couponIssued"})
    assert found[1] == "email" and "InvalidEmailAddressError" in found[2]


def test_created_at_in_milliseconds_is_named_with_the_seconds_to_write(
    iterable: Destination,
) -> None:
    document = {"email": "docs@iterable.com", "eventName": "e", "createdAt": 1767225600000}
    (found,) = problems(iterable, document)
    assert found[1] == "createdAt" and "milliseconds" in found[2]
    assert "Write 1767225600" in found[3]


def test_an_event_without_event_name_is_refused(iterable: Destination) -> None:
    (found,) = problems(iterable, {"email": "docs@iterable.com"})
    assert found[0] == "rule.required" and "BadParams" in found[2]


def test_the_default_payload_identifies_by_email_and_can_switch_to_user_id(
    iterable: Destination,
) -> None:
    profile = new_profile(iterable)
    assert validate_profile(profile, iterable).report.errors == []
    assert '"email": "${$Profile.Attributes.Email}"' in profile.template
    assert "userId" not in profile.template
    profile.mapping["identity_mode"] = "userId"
    apply_mapping(profile, iterable)
    assert '"userId": "${$Profile.IntegrationId}"' in profile.template
    assert '"email"' not in profile.template
    assert validate_profile(profile, iterable).report.errors == []


# -- the sandbox ----------------------------------------------------------------------------


def post(
    document: Any, headers: dict[str, str] | None = None, path: str = "/api/events/track"
) -> SandboxResponse:
    body = document if isinstance(document, bytes) else json.dumps(document).encode()
    sent = {"Api-Key": KEY, "Content-Type": "application/json"} if headers is None else headers
    return Sandbox().handle(SandboxRequest("iterable", "POST", path, {}, sent, body))


def explained(iterable: Destination, answer: SandboxResponse) -> Any:
    body = b"" if answer.body is None else json.dumps(answer.body).encode()
    return explain(iterable, answer.status, answer.headers, body)


GOOD = {"email": "docs@iterable.com", "eventName": "couponIssued", "dataFields": {"c": "X"}}


def test_success_is_code_success_with_the_event_id(iterable: Destination) -> None:
    answer = post(GOOD)
    assert answer.status == 200
    assert answer.body["code"] == "Success" and answer.body["params"]["id"]
    explanation = explained(iterable, answer)
    assert (explanation.verdict, explanation.title) == ("ok", "Iterable tracked the event.")


def test_the_api_key_may_come_in_an_api_key_header_with_an_underscore(
    iterable: Destination,
) -> None:
    assert post(GOOD, {"Api_Key": KEY}).status == 200


def test_a_wrong_key_is_bad_api_key_explained(iterable: Destination) -> None:
    answer = post(GOOD, {"Api-Key": "not-the-key"})
    assert (answer.status, answer.body["code"]) == (401, "BadApiKey")
    assert "not-the-key" not in json.dumps(answer.body)
    explanation = explained(iterable, answer)
    assert explanation.title == "Wrong API key or data center (401)."
    assert any(d.startswith("Code BadApiKey: ") for d in explanation.details)


def test_no_key_at_all_is_bad_authorization_header(iterable: Destination) -> None:
    answer = post(GOOD, {})
    assert (answer.status, answer.body["code"]) == (401, "BadAuthorizationHeader")


def test_a_missing_identity_is_bad_params_with_the_reason(iterable: Destination) -> None:
    answer = post({"eventName": "couponIssued"})
    assert (answer.status, answer.body["code"]) == (400, "BadParams")
    assert answer.body["params"] is None
    explanation = explained(iterable, answer)
    assert explanation.verdict == "error"
    assert any("neither" in d and d.startswith("The server said:") for d in explanation.details)
    assert any(d.startswith("Code BadParams: ") for d in explanation.details)


def test_a_bad_email_is_invalid_email_address_error(iterable: Destination) -> None:
    answer = post({"email": "not-an-email", "eventName": "couponIssued"})
    assert (answer.status, answer.body["code"]) == (400, "InvalidEmailAddressError")
    details = explained(iterable, answer).details
    assert any(d.startswith("Code InvalidEmailAddressError: ") for d in details)


def test_a_body_that_is_not_json_is_bad_json_body(iterable: Destination) -> None:
    answer = post(b'{"email": ')
    assert (answer.status, answer.body["code"]) == (400, "BadJsonBody")


def test_a_wrong_path_is_not_found(iterable: Destination) -> None:
    assert post(GOOD, path="/api/users/update").status == 404


# -- hand-over and import --------------------------------------------------------------------


def test_the_key_goes_into_a_custom_http_credential_and_the_handover_says_what_to_do(
    iterable: Destination,
) -> None:
    profile = new_profile(iterable, region="eu")
    credential = talon_credential(profile, iterable, {"api_key": "MARKER-key"})
    assert credential is not None and credential.type_label == "Custom HTTP"
    assert credential.headers == (("Api-Key", MASK),)
    text = json.dumps(build_handover(profile, iterable).to_json())
    assert "In Iterable" in text and "talonOneCouponCreated" in text
    assert "https://api.eu.iterable.com/api/events/track" in text


def test_an_iterable_curl_command_is_recognised_with_its_data_center_and_key() -> None:
    body = {"email": "docs@iterable.com", "eventName": "couponIssued", "dataFields": {"c": "X"}}
    result = from_curl(
        "curl -X POST https://api.eu.iterable.com/api/events/track "
        "-H 'Api-Key: MARKER-iterable-curl' -H 'Content-Type: application/json' "
        f"-d '{json.dumps(body)}'"
    )
    profile = result.profile
    assert (profile.destination, profile.region) == ("iterable", "eu")
    assert result.secrets == {"api_key": "MARKER-iterable-curl"}
    assert "MARKER-iterable-curl" not in result.source
    assert profile.mapping["identity_mode"] == "email"
    assert profile.mapping["event_name"] == "couponIssued"


def test_a_talon_one_webhook_for_iterable_by_user_id_is_recognised() -> None:
    """A webhook as Talon.One's Management API serves it (GET /v1/webhooks/{id})."""
    payload = (
        '{"userId": "${$Profile.IntegrationId}", "eventName": "couponIssued",'
        ' "dataFields": {"couponCode": "${$CouponCode}"}}'
    )
    webhook = {
        "id": 32,
        "created": "2026-01-01T12:00:00Z",
        "modified": "2026-01-01T12:00:00Z",
        "applicationIds": [3],
        "title": "Iterable coupon event",
        "verb": "POST",
        "url": "https://api.iterable.com/api/events/track",
        "headers": ["Api-Key: MARKER-iterable-webhook", "Content-Type: application/json"],
        "payload": payload,
        "params": [{"type": "string", "title": "CouponCode", "description": "", "ui": {}}],
        "enabled": True,
    }
    result = from_definition(webhook)
    assert result.destination.id == "iterable"
    assert result.profile.region == "us"
    assert result.secrets == {"api_key": "MARKER-iterable-webhook"}
    assert result.profile.mapping["identity_mode"] == "userId"
    assert result.profile.mapping["user_id"]["kind"] == "integration_id"


def test_a_generic_api_key_header_alone_does_not_make_a_webhook_iterable() -> None:
    """Many services take an Api-Key header: only Iterable's hosts and path count."""
    from app.core.support.detect import detect

    found = detect("https://hooks.example.com/talon/in", [("Api-Key", "k")])
    assert found.fallback and found.destination.id == "custom"
    proxied = detect("https://proxy.example.com/iterable/api/events/track", [("Api-Key", "k")])
    assert proxied.destination.id == "iterable"
    assert proxied.custom_base == "https://proxy.example.com/iterable"
