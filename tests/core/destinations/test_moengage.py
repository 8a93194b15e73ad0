"""Talon.One -> MoEngage ``POST /v1/event/{Workspace ID}``: the rules with MoEngage's own
examples (research 13, section 3), the Workspace ID filled into the URL path (a credential
field in ``url``), the sandbox's answers in MoEngage's shapes and their explanations, the
hand-over and recognising a MoEngage request on import."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from app.core.destination.catalogue import Destination, get_destination
from app.core.destination.destination_schema import reference_problems
from app.core.destination.resources import resource_path
from app.core.handover.export import talon_credential
from app.core.handover.handover import build_handover
from app.core.http.interpret import explain
from app.core.http.request import RequestError, build_request, endpoint_url
from app.core.payload.mapping import new_profile
from app.core.payload.validate import validate_payload, validate_profile
from app.core.sandbox.server import Sandbox, SandboxRequest, SandboxResponse
from app.core.secrets.store import MASK
from app.core.support.detect import detect
from app.core.support.importer import from_curl, from_definition

WORKSPACE = "SANDBOXWORKSPACE"
KEY = "sandbox-moengage-key"


@pytest.fixture(scope="module")
def moe() -> Destination:
    return get_destination("moengage")


def problems(moe: Destination, document: Any) -> list[tuple[str, str, str]]:
    text = json.dumps(document, indent=2)
    report = validate_payload(text, [], {}, moe).report
    return [(p.code, p.path, p.message) for p in report.problems if p.severity.value == "error"]


# -- validation, from MoEngage's examples -----------------------------------------------

GOOD = [
    {
        "type": "event",
        "customer_id": "john@example.com",
        "actions": [
            {
                "action": "Flight Booked",
                "attributes": {
                    "price": 3999,
                    "departure_date": "2019-05-21T03:47:35Z",
                    "premium_seat": True,
                },
                "platform": "iOS",
                "app_version": "1.2.3",
                "current_time": 1433837969,
                "user_timezone_offset": 19800,
            }
        ],
    },
    {
        "type": "event",
        "customer_id": "123",
        "actions": [
            {
                "action": "ProductAdded",
                "attributes": {"product": "Accessories", "color": "Black", "Brand": "Adidas"},
                "platform": "Android",
                "app_version": "1.2.3",
            }
        ],
    },
]


@pytest.mark.parametrize("document", GOOD)
def test_moengages_own_examples_are_valid(moe: Destination, document: Any) -> None:
    assert problems(moe, document) == []


@pytest.mark.parametrize(
    ("document", "path", "words"),
    [
        ({"type": "Event", "customer_id": "123", "actions": [{"action": "x"}]}, "type", "exactly"),
        (
            {"type": "event", "customer_id": "guest", "actions": [{"action": "x"}]},
            "customer_id",
            "does not accept",
        ),
        ({"type": "event", "customer_id": "123", "actions": []}, "actions", "is empty"),
        (
            {"type": "event", "customer_id": "123", "actions": [{"action": "moe_coupon"}]},
            "actions[0].action",
            "moe_",
        ),
        (
            {
                "type": "event",
                "customer_id": "123",
                "actions": [{"action": "x", "current_time": 1433837969000}],
            },
            "actions[0].current_time",
            "current_time",
        ),
    ],
)
def test_moengages_broken_examples_are_refused(
    moe: Destination, document: Any, path: str, words: str
) -> None:
    found = problems(moe, document)
    assert found and found[0][1] == path and words in found[0][2], found


def test_the_default_payload_is_clean_and_sends_the_integration_id(moe: Destination) -> None:
    profile = new_profile(moe)
    profile.credentials["workspace_id"] = WORKSPACE
    assert validate_profile(profile, moe).report.errors == []
    assert '"customer_id": "${$Profile.IntegrationId}"' in profile.template
    assert '"type": "event"' in profile.template


# -- the Workspace ID in the URL path (a credential field in "url") -----------------------


def test_the_workspace_id_is_filled_into_the_path(moe: Destination) -> None:
    profile = new_profile(moe, region="dc-02")
    profile.credentials["workspace_id"] = "WS 1"
    assert endpoint_url(profile, moe) == "https://api-02.moengage.com/v1/event/WS%201"
    request = build_request(profile, moe, {"data_api_key": "MARKER-key"})
    assert request.url == "https://api-02.moengage.com/v1/event/WS%201"
    token = base64.b64encode(b"WS 1:MARKER-key").decode()
    assert ("Authorization", f"Basic {token}") in request.headers
    assert ("MOE-APPKEY", "WS 1") in request.headers
    assert "MARKER-key" not in request.curl()


def test_an_empty_workspace_id_is_asked_for(moe: Destination) -> None:
    profile = new_profile(moe, region="dc-01")
    # shown before the credentials page, but never sent
    assert endpoint_url(profile, moe) == "https://api-01.moengage.com/v1/event/{workspace_id}"
    with pytest.raises(RequestError, match="Enter the Workspace ID"):
        build_request(profile, moe, {"data_api_key": "k"})
    assert any("Workspace ID" in p.message for p in validate_profile(profile, moe).report.errors)


def test_a_secret_field_in_the_url_is_refused_by_the_format(moe: Destination) -> None:
    data = json.loads((resource_path("destinations") / "moengage.json").read_text("utf-8"))
    data["url"] = "{base}/v1/event/{data_api_key}"
    (problem,) = reference_problems(data)
    assert problem.path == ("url",) and "secret" in problem.text
    data["url"] = "{base}/v1/event/{nothing}"
    (problem,) = reference_problems(data)
    assert "not a credential id" in problem.text


# -- the sandbox, in MoEngage's shapes, and the explanations ------------------------------


def post(
    document: Any, user: str = WORKSPACE, key: str = KEY, workspace: str = WORKSPACE
) -> SandboxResponse:
    body = document if isinstance(document, bytes) else json.dumps(document).encode()
    token = base64.b64encode(f"{user}:{key}".encode()).decode()
    headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json"}
    path = f"/v1/event/{workspace}"
    return Sandbox().handle(SandboxRequest("moengage", "POST", path, {}, headers, body))


def explained(moe: Destination, answer: SandboxResponse) -> Any:
    body = b"" if answer.body is None else json.dumps(answer.body).encode()
    return explain(moe, answer.status, answer.headers, body)


def test_success_is_accepted_and_will_be_processed(moe: Destination) -> None:
    answer = post(GOOD[1])
    assert answer.status == 200
    assert answer.body == {
        "status": "success",
        "message": "Your request has been accepted and will be processed soon.",
    }
    explanation = explained(moe, answer)
    assert explanation.verdict == "ok"
    assert explanation.title == "MoEngage accepted the event; it will be processed soon."


@pytest.mark.parametrize(
    ("user", "key", "workspace"),
    [
        (WORKSPACE, "not-the-key", WORKSPACE),
        ("OTHER", KEY, WORKSPACE),
        (WORKSPACE, KEY, "OTHER"),  # the workspace in the path is not the Basic user name
    ],
)
def test_a_wrong_key_or_workspace_is_401_explained(
    moe: Destination, user: str, key: str, workspace: str
) -> None:
    answer = post(GOOD[1], user=user, key=key, workspace=workspace)
    assert answer.status == 401 and answer.body["status"] == "fail"
    assert answer.body["error"]["message"] == "Authentication required"
    assert "not-the-key" not in json.dumps(answer.body)
    explanation = explained(moe, answer)
    assert explanation.verdict == "error"
    assert explanation.title == "Wrong Workspace ID, Data API key or data center (401)."
    assert "The server said: Authentication required" in explanation.details


def test_a_broken_payload_is_400_with_the_reason(moe: Destination) -> None:
    answer = post({"type": "Event", "customer_id": "123", "actions": [{"action": "x"}]})
    assert answer.status == 400 and answer.body["status"] == "fail"
    assert "exactly" in answer.body["error"]["message"]
    explanation = explained(moe, answer)
    assert explanation.title == "MoEngage rejected the request (400)."
    assert any(d.startswith("The server said: ") and "type" in d for d in explanation.details)
    assert any(d.startswith("Request ID") for d in explanation.details)


def test_not_json_and_wrong_path(moe: Destination) -> None:
    assert post(b"{not json").status == 400
    request = SandboxRequest("moengage", "POST", "/v1/customer/X", {}, {}, b"{}")
    assert Sandbox().handle(request).status == 404


# -- hand-over and import ----------------------------------------------------------------


def test_key_and_workspace_go_into_a_basic_credential_and_the_handover_says_what_to_do(
    moe: Destination,
) -> None:
    profile = new_profile(moe, region="dc-03")
    profile.credentials["workspace_id"] = "WS42"
    credential = talon_credential(profile, moe, {"data_api_key": "MARKER-key"})
    assert credential is not None and credential.type_label == "Basic HTTP"
    handover = build_handover(profile, moe)
    text = json.dumps(handover.to_json())
    assert "In MoEngage" in text and "event-triggered campaign" in text
    assert "https://api-03.moengage.com/v1/event/WS42" in text
    assert "MARKER-key" not in text


def test_a_moengage_curl_command_is_recognised_with_data_center_workspace_and_key() -> None:
    token = base64.b64encode(b"WSCURL7:MARKER-moe-curl").decode()
    body = GOOD[1]
    result = from_curl(
        "curl -X POST 'https://api-05.moengage.com/v1/event/WSCURL7' "
        f"-H 'Authorization: Basic {token}' -H 'MOE-APPKEY: WSCURL7' "
        f"-H 'Content-Type: application/json' --data-raw '{json.dumps(body)}'"
    )
    profile = result.profile
    assert (profile.destination, profile.region) == ("moengage", "dc-05")
    assert profile.credentials["workspace_id"] == "WSCURL7"
    assert result.secrets == {"data_api_key": "MARKER-moe-curl"}
    assert "MARKER-moe-curl" not in result.source
    assert profile.mapping["event_name"] == "ProductAdded"


def test_detect_locates_the_data_center_and_the_workspace() -> None:
    detection = detect("https://api-02.moengage.com/v1/event/ABC123", {})
    assert detection.destination is not None and detection.destination.id == "moengage"
    assert detection.region == "dc-02" and detection.url_values == {"workspace_id": "ABC123"}


def test_a_talon_one_webhook_for_moengage_is_recognised() -> None:
    """A webhook as Talon.One's Management API serves it (GET /v1/webhooks/{id})."""
    payload = (
        '{"type": "event", "customer_id": "${$Profile.IntegrationId}", "actions": '
        '[{"action": "Coupon Created", "attributes": {"coupon_code": "${$CouponCode}"},'
        ' "platform": "unknown"}]}'
    )
    webhook = {
        "id": 32,
        "created": "2026-01-01T12:00:00Z",
        "modified": "2026-01-01T12:00:00Z",
        "applicationIds": [3],
        "title": "MoEngage coupon event",
        "verb": "POST",
        "url": "https://api-01.moengage.com/v1/event/WSHOOK1",
        "headers": ["Content-Type: application/json", "MOE-APPKEY: WSHOOK1"],
        "authenticationId": 7,
        "payload": payload,
        "params": [{"type": "string", "title": "CouponCode", "description": "", "ui": {}}],
        "enabled": True,
    }
    result = from_definition(webhook)
    assert result.destination.id == "moengage"
    assert result.profile.region == "dc-01"
    assert result.profile.credentials["workspace_id"] == "WSHOOK1"
    assert result.profile.authentication_id == 7
    assert result.profile.mapping["event_name"] == "Coupon Created"
    assert result.profile.mapping["customer_id"]["kind"] == "integration_id"


def test_the_sandbox_region_fills_the_workspace_too(moe: Destination) -> None:
    profile = new_profile(moe, region="sandbox")
    profile.credentials["workspace_id"] = WORKSPACE
    url = endpoint_url(profile, moe, "http://127.0.0.1:9")
    assert url == f"http://127.0.0.1:9/moengage/v1/event/{WORKSPACE}"
    assert MASK  # the store's mask is what hand-overs show for the key
