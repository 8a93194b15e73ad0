"""Talon.One -> Braze ``POST /users/track``: the rules with Braze's own examples
(braze-docs event_object.md), the sandbox's answers in Braze's shapes and their
explanations, and recognising a Braze request on import."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.core.destination.catalogue import Destination, get_destination
from app.core.handover.export import talon_credential
from app.core.handover.handover import build_handover
from app.core.http.interpret import explain
from app.core.payload.mapping import new_profile
from app.core.payload.validate import validate_payload, validate_profile
from app.core.sandbox.server import Sandbox, SandboxRequest, SandboxResponse
from app.core.secrets.store import MASK
from app.core.support.importer import from_curl, from_definition

KEY = "sandbox-braze-key"
TIME = "2013-07-16T19:20:45+01:00"


@pytest.fixture(scope="module")
def braze() -> Destination:
    return get_destination("braze")


def event(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"external_id": "user1", "name": "rented_movie", "time": TIME}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def problems(braze: Destination, document: Any) -> list[tuple[str, str, str]]:
    text = json.dumps(document, indent=2)
    report = validate_payload(text, [], {}, braze).report
    return [(p.code, p.path, p.message) for p in report.problems if p.severity.value == "error"]


# -- validation, from Braze's event object examples ------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        {
            "events": [
                event(
                    app_id="your-app-id",
                    properties={"movie": "The Sad Egg", "director": "Dan Alexander"},
                )
            ]
        },
        {
            "events": [
                {
                    "user_alias": {
                        "alias_name": "device123",
                        "alias_label": "my_device_identifier",
                    },
                    "name": "watched_trailer",
                    "time": "2013-07-16T19:20:50+01:00",
                }
            ]
        },
    ],
)
def test_brazes_own_examples_are_valid(braze: Destination, document: Any) -> None:
    assert problems(braze, document) == []


def test_an_event_without_time_is_refused(braze: Destination) -> None:
    found = problems(braze, {"events": [event(time=None)]})
    assert found == [("rule.required", "events[0]", 'Every Braze event needs "time".')]


def test_an_event_without_a_user_is_refused(braze: Destination) -> None:
    (found,) = problems(braze, {"events": [event(external_id=None)]})
    assert found[0] == "rule.anyKeyOf" and "external_id, user_alias, braze_id" in found[2]


def test_reserved_and_dollar_property_names_are_refused(braze: Destination) -> None:
    document = {"events": [event(properties={"time": "now", "$p": 1})]}
    messages = [m for _, _, m in problems(braze, document)]
    assert any('"time" is a reserved key' in m for m in messages)
    assert any("starts with $" in m for m in messages)


def test_a_number_as_time_is_refused(braze: Destination) -> None:
    (found,) = problems(braze, {"events": [event(time=1373998845)]})
    assert found[1] == "events[0].time" and "ISO 8601" in found[2]


def test_more_than_75_events_is_max_input_length_exceeded(braze: Destination) -> None:
    (found,) = problems(braze, {"events": [event() for _ in range(76)]})
    assert found[0] == "rule.maxItems" and "Max Input Length Exceeded" in found[2]
    assert problems(braze, {"events": [event() for _ in range(75)]}) == []


def test_the_default_payload_is_clean_and_sends_the_integration_id(braze: Destination) -> None:
    profile = new_profile(braze)
    assert validate_profile(profile, braze).report.errors == []
    assert '"external_id": "${$Profile.IntegrationId}"' in profile.template
    assert '"time": "${$EventTime}"' in profile.template


# -- the sandbox, in Braze's shapes, and the explanations --------------------------------


def post(document: Any, key: str = KEY, path: str = "/users/track") -> SandboxResponse:
    body = document if isinstance(document, bytes) else json.dumps(document).encode()
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    return Sandbox().handle(SandboxRequest("braze", "POST", path, {}, headers, body))


def explained(braze: Destination, answer: SandboxResponse) -> Any:
    body = b"" if answer.body is None else json.dumps(answer.body).encode()
    return explain(braze, answer.status, answer.headers, body)


def test_success_counts_the_events(braze: Destination) -> None:
    answer = post({"events": [event(), event(name="x")]})
    assert answer.status == 201
    assert answer.body == {"message": "success", "events_processed": 2}
    explanation = explained(braze, answer)
    assert (explanation.verdict, explanation.title) == ("ok", "Braze accepted the events.")
    assert "Records processed: 2." in explanation.details


def test_one_bad_event_among_good_ones_is_a_partial_success(braze: Destination) -> None:
    answer = post({"events": [event(), event(time=None)]})
    assert answer.status == 201
    assert answer.body["message"] == "success" and answer.body["events_processed"] == 1
    (error,) = answer.body["errors"]
    assert error["input_array"] == "events" and error["index"] == 1
    assert "time" in error["type"]
    explanation = explained(braze, answer)
    assert explanation.verdict == "partial"
    assert explanation.title.startswith("Braze processed some objects and refused others")
    (issue,) = explanation.records
    assert (issue.index, issue.code) == (1, "events")
    assert issue.meaning.startswith("Braze refused this event")
    assert issue.error == error["type"]


def test_a_wrong_key_is_401_explained_as_key_or_instance(braze: Destination) -> None:
    answer = post({"events": [event()]}, key="not-the-key")
    assert answer.status == 401 and "not-the-key" not in json.dumps(answer.body)
    explanation = explained(braze, answer)
    assert explanation.title == "Wrong API key or wrong instance (401)."
    assert any("another instance" in d for d in explanation.details)


def test_an_invalid_only_event_is_a_fatal_400_with_the_reason(braze: Destination) -> None:
    answer = post({"events": [event(external_id=None)]})
    assert answer.status == 400
    assert answer.body["message"] == "Bad Request" and answer.body["errors"]
    explanation = explained(braze, answer)
    assert explanation.verdict == "error"
    assert "The server said: Bad Request" in explanation.details
    assert any("has no user" in d and "events 0" in d for d in explanation.details)


def test_76_events_is_max_input_length_exceeded(braze: Destination) -> None:
    answer = post({"events": [event() for _ in range(76)]})
    assert (answer.status, answer.body["message"]) == (400, "Max Input Length Exceeded")
    assert "The server said: Max Input Length Exceeded" in explained(braze, answer).details


def test_not_json_and_wrong_path(braze: Destination) -> None:
    assert post(b"{not json").status == 400
    assert post({"events": [event()]}, path="/users/export").status == 404


# -- hand-over and import ----------------------------------------------------------------


def test_the_key_goes_into_a_custom_http_credential_and_the_handover_says_what_to_do_in_braze(
    braze: Destination,
) -> None:
    profile = new_profile(braze, region="eu-01")
    credential = talon_credential(profile, braze, {"api_key": "MARKER-key"})
    assert credential is not None and credential.type_label == "Custom HTTP"
    assert credential.headers == (("Authorization", f"Bearer {MASK}"),)
    handover = build_handover(profile, braze)
    text = json.dumps(handover.to_json())
    assert "In Braze" in text and "Perform Custom Event" in text
    assert "https://rest.fra-01.braze.eu/users/track" in text


def test_a_braze_curl_command_is_recognised_with_its_instance_and_key() -> None:
    body = {"events": [event(external_id="customer-0042", properties={"coupon_code": "NY-1"})]}
    result = from_curl(
        "curl -X POST 'https://rest.fra-01.braze.eu/users/track' "
        "-H 'Authorization: Bearer MARKER-braze-curl' -H 'Content-Type: application/json' "
        f"--data-raw '{json.dumps(body)}'"
    )
    profile = result.profile
    assert (profile.destination, profile.region) == ("braze", "eu-01")
    assert result.secrets == {"api_key": "MARKER-braze-curl"}
    assert "MARKER-braze-curl" not in result.source
    assert profile.mapping["event_name"] == "rented_movie"


def test_a_talon_one_webhook_for_braze_is_recognised() -> None:
    """A webhook as Talon.One's Management API serves it (GET /v1/webhooks/{id})."""
    payload = (
        '{"events": [{"external_id": "${$Profile.IntegrationId}", "name": "Coupon Created",'
        ' "time": "${$EventTime}", "properties": {"coupon_code": "${$CouponCode}"}}]}'
    )
    webhook = {
        "id": 31,
        "created": "2026-01-01T12:00:00Z",
        "modified": "2026-01-01T12:00:00Z",
        "applicationIds": [3],
        "title": "Braze coupon event",
        "verb": "POST",
        "url": "https://rest.iad-03.braze.com/users/track",
        "headers": ["Authorization: Bearer MARKER-braze-webhook", "Content-Type: application/json"],
        "payload": payload,
        "params": [
            {"type": "string", "title": "CouponCode", "description": "", "ui": {}},
            {"type": "time", "title": "EventTime", "description": "", "ui": {}},
        ],
        "enabled": True,
    }
    result = from_definition(webhook)
    assert result.destination.id == "braze"
    assert result.profile.region == "us-03"
    assert result.secrets == {"api_key": "MARKER-braze-webhook"}
    assert result.profile.mapping["event_name"] == "Coupon Created"
    assert result.profile.mapping["external_id"]["kind"] == "integration_id"
