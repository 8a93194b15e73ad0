"""Bloomreach Engagement -> Talon.One loyalty: reading the ledger (``GET
/customer_engagement/loyalty``, a query string) and adding points (``POST
/customer_engagement/add_loyalty_points``, a JSON body, 204, no dry run: a test fire at
Talon.One adds real points, so it is said before every such fire)."""

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
from app.core.http.safety import FireGuard, confirmation_text
from app.core.journey.journey import Journey
from app.core.journey.services import Services
from app.core.journey.steps import has_payload_step
from app.core.payload.checks import check_settings, validate_query_url
from app.core.payload.mapping import new_profile
from app.core.payload.rules import check
from app.core.payload.validate import validate_profile
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MASK, MemoryStore
from app.core.support.importer import from_curl

KEY = "sandbox-cep-key"
HOST = "https://acme.europe-west1.talon.one"
BASE = "https://integration.talon.one/customer_engagement"
LEDGER = f"{BASE}/loyalty"
ADD = f"{BASE}/add_loyalty_points"


@pytest.fixture(scope="module")
def ledger() -> Destination:
    return get_destination("bloomreach-loyalty")


@pytest.fixture(scope="module")
def points() -> Destination:
    return get_destination("bloomreach-loyalty-points")


def profile_for(destination: Destination) -> Profile:
    profile = new_profile(destination)
    if "loyalty_program_id" in destination.mapping.slots and destination.mapping.skeleton is None:
        profile.mapping["loyalty_program_id"] = "25"
    profile.credentials["deployment_host"] = HOST
    return profile


def _fire(destination: Destination, sandbox: Sandbox, profile: Profile, key: str = KEY) -> Any:
    profile.region = SANDBOX_REGION
    request = build_request(profile, destination, {"api_key": key}, sandbox_base=sandbox.base_url)
    return fire(request)


# -- the ledger (a read) --------------------------------------------------------------


def test_the_ledger_read_is_a_get_with_a_url_alone(ledger: Destination) -> None:
    profile = profile_for(ledger)
    assert takes_url(ledger) and not has_payload_step(ledger) and ledger.dry_run is None
    assert validate_profile(profile, ledger).report.problems == []
    request = build_request(profile, ledger, {"api_key": KEY})
    assert request.method == "GET" and request.body is None
    assert parse_qs(urlsplit(request.url).query) == {
        "profileIntegrationId": ["customer@example.com"],
        "loyaltyProgramId": ["25"],
    }
    assert dict(request.headers)["Authorization"] == f"ApiKey-v1 {KEY}"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{LEDGER}?profileIntegrationId=URN-GV8294NV&loyaltyProgramId=25", set()),
        (
            f"{LEDGER}?profileIntegrationId={{{{ customer.id | urlencode }}}}&loyaltyProgramId=25",
            set(),
        ),
        (f"{LEDGER}?profileIntegrationId=URN-GV8294NV", {("query.required", "query", "error")}),
        (
            f"{LEDGER}?profileIntegrationId=x&loyaltyProgramId=gold",
            {("query.pattern", "query.loyaltyProgramId", "error")},
        ),
        (
            f"{LEDGER}?profileIntegrationId=x&loyaltyProgramId=25&points=3",
            {("query.enum", "query.points", "warning")},
        ),
    ],
)
def test_pasted_ledger_urls(ledger: Destination, url: str, expected: set[Any]) -> None:
    problems = validate_query_url(url, ledger).problems
    assert {(p.code, p.path, p.severity.value) for p in problems} == expected


def test_a_wrong_program_id_is_a_mapping_problem(ledger: Destination) -> None:
    profile = profile_for(ledger)
    profile.mapping["loyalty_program_id"] = "gold"
    problems = [(p.code, p.path) for p in check_settings(profile, ledger)]
    assert ("query.pattern", "query.loyaltyProgramId") in problems


def test_the_ledger_handover(ledger: Destination) -> None:
    handover = build_handover(profile_for(ledger), ledger, {"api_key": KEY})
    fields = {f.label: f for section in handover.sections for f in section.fields}
    assert fields["Method"].value == "GET"
    assert fields["URL"].value == (
        f"{LEDGER}?profileIntegrationId={{{{ customer.email | urlencode }}}}&loyaltyProgramId=25"
    )
    assert fields["Header Authorization"].value == f"ApiKey-v1 {MASK}"
    assert "{{ webhook.ledger.currentBalance }}" in fields["HTML"].value


def test_sandbox_answers_the_ledger(ledger: Destination, sandbox: Sandbox) -> None:
    result = _fire(ledger, sandbox, profile_for(ledger))
    assert result.status == 200
    body = json.loads(result.body)
    assert body["id"] == 25 and set(body["ledger"]) >= {"currentBalance", "pendingBalance"}
    explanation = explain(ledger, 200, result.header_map, result.body)
    assert explanation.verdict == "ok"
    balance = body["ledger"]["currentBalance"]
    assert (
        f"Current balance: {balance} (in the email: {{{{ webhook.ledger.currentBalance }}}})"
        in explanation.details
    )


def test_sandbox_ledger_errors(ledger: Destination, sandbox: Sandbox) -> None:
    assert _fire(ledger, sandbox, profile_for(ledger), key="nope").status == 401
    profile = profile_for(ledger)
    profile.mapping["loyalty_program_id"] = "26"
    unknown = _fire(ledger, sandbox, profile)
    assert unknown.status == 404 and "loyalty program 26" in json.loads(unknown.body)["Error"]
    profile.mapping["loyalty_program_id"] = ""
    missing = _fire(ledger, sandbox, profile)
    assert missing.status == 400
    explanation = explain(ledger, 400, missing.header_map, missing.body)
    assert "loyaltyProgramId" in " ".join(explanation.details)


def test_a_pasted_ledger_curl_is_recognised() -> None:
    result = from_curl(
        f"curl '{LEDGER}?profileIntegrationId={{{{ customer.id }}}}&loyaltyProgramId=25' "
        f"-H 'Authorization: ApiKey-v1 MARKER-key' -H 'destination-hostname: {HOST}' "
        "-H 'customer-engagement-platform-name: Bloomreach'"
    )
    assert result.profile.destination == "bloomreach-loyalty"
    assert result.profile.mapping["loyalty_program_id"] == "25"
    assert result.profile.mapping["profile"]["attribute"] == "{{ customer.id }}"
    assert result.secrets == {"api_key": "MARKER-key"}


# -- adding points (a write with no dry run) -----------------------------------------


def test_adding_points_is_a_post_with_a_json_body(points: Destination) -> None:
    profile = profile_for(points)
    assert not takes_url(points) and has_payload_step(points) and points.dry_run is None
    assert validate_profile(profile, points).report.problems == []
    request = build_request(profile, points, {"api_key": KEY})
    assert request.method == "POST" and request.url == ADD
    # A test fire sends the sample customer, not Bloomreach's expression.
    assert json.loads(request.body or b"") == {
        "loyaltyProgramId": 25,
        "profileIntegrationId": "customer@example.com",
        "points": 100,
        "name": "Bloomreach bonus",
    }
    assert dict(request.headers)["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        (
            {
                "loyaltyProgramId": 25,
                "profileIntegrationId": "URN-GV8294NV",
                "points": 300,
                "name": "Compensation",
            },
            [],
        ),
        (
            {"loyaltyProgramId": "25", "profileIntegrationId": "URN-GV8294NV"},
            [
                '"loyaltyProgramId" must be the program\'s number, without quotes.',
                'The body needs "points".',
            ],
        ),
        (
            {
                "loyaltyProgramId": 25,
                "profileIntegrationId": "x",
                "points": 10,
                "validityDuration": "5 days",
            },
            [
                'validityDuration is "5 days"; write unlimited or a number and a unit, such as '
                "30D or 1Y."
            ],
        ),
        (
            {
                "loyaltyProgramId": 25,
                "profileIntegrationId": "x",
                "points": 10,
                "validUntil": "20.07.2021",
            },
            [
                'validUntil is "20.07.2021"; Talon.One expects an RFC 3339 date and time, such as '
                "2026-12-31T23:59:59Z."
            ],
        ),
    ],
)
def test_the_vendors_body_samples(points: Destination, body: Any, messages: list[str]) -> None:
    found = [v.message for v in check(points.schema, body) if v.severity == "error"]
    assert sorted(found) == sorted(messages)


def test_the_points_handover_keeps_bloomreachs_expression(points: Destination) -> None:
    handover = build_handover(profile_for(points), points, {"api_key": KEY})
    fields = {f.label: f for section in handover.sections for f in section.fields}
    assert fields["Method"].value == "POST" and fields["URL"].value == ADD
    assert '"profileIntegrationId": "{{ customer.email }}"' in fields["Body"].value
    assert fields["Header Content-Type"].value == "application/json"
    assert any("no test mode" in n for n in handover.notes)


def test_every_real_fire_is_confirmed_and_says_real_points_are_added(points: Destination) -> None:
    warning = points.fire_warning
    assert "adds real points" in warning
    profile = profile_for(points)
    request = build_request(profile, points, {"api_key": KEY})
    assert confirmation_text(request, points).startswith(warning)
    services = Services(store=MemoryStore())
    try:
        journey = Journey(profile, services, guard=FireGuard())
        journey.use_secrets({"api_key": KEY})
        first = journey.prepare_fire()
        assert first.question.startswith(warning)
        journey.confirm(first)
        # Unlike a destination with a dry run, the question comes back every time.
        assert journey.prepare_fire().question.startswith(warning)
    finally:
        services.shutdown()


def test_sandbox_adds_points_and_the_ledger_shows_them(
    points: Destination, ledger: Destination, sandbox: Sandbox
) -> None:
    before = json.loads(_fire(ledger, sandbox, profile_for(ledger)).body)["ledger"]
    result = _fire(points, sandbox, profile_for(points))
    assert result.status == 204 and result.body == b""
    explanation = explain(points, 204, result.header_map, result.body)
    assert explanation.verdict == "ok" and "added the points" in explanation.title
    after = json.loads(_fire(ledger, sandbox, profile_for(ledger)).body)["ledger"]
    assert after["currentBalance"] == before["currentBalance"] + 100


def test_sandbox_points_errors(points: Destination, sandbox: Sandbox) -> None:
    wrong = _fire(points, sandbox, profile_for(points), key="nope")
    assert wrong.status == 401
    assert set(json.loads(wrong.body)) == {"StatusCode", "Error", "RequestUUID"}
    profile = profile_for(points)
    profile.template = json.dumps({"loyaltyProgramId": "25", "profileIntegrationId": "x"})
    bad = _fire(points, sandbox, profile)
    assert bad.status == 400
    explanation = explain(points, 400, bad.header_map, bad.body)
    assert 'The body needs "points".' in " ".join(explanation.details)
    profile.template = json.dumps(
        {"loyaltyProgramId": 26, "profileIntegrationId": "x", "points": 1}
    )
    assert _fire(points, sandbox, profile).status == 404


def test_a_pasted_points_curl_is_recognised() -> None:
    body = {"loyaltyProgramId": 25, "profileIntegrationId": "URN-GV8294NV", "points": 300}
    result = from_curl(
        f"curl -X POST '{ADD}' -H 'Authorization: ApiKey-v1 MARKER-key' "
        f"-H 'destination-hostname: {HOST}' -H 'customer-engagement-platform-name: Bloomreach' "
        f"-H 'Content-Type: application/json' --data '{json.dumps(body)}'"
    )
    assert result.profile.destination == "bloomreach-loyalty-points"
    assert json.loads(result.profile.template) == body
    assert result.secrets == {"api_key": "MARKER-key"}
