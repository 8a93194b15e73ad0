"""Custom webhooks: any URL, method, headers and body, with templating checked everywhere,
authentication through the keyring only, the NewWebhook export and the sandbox's echo."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from talon_one.models.new_webhook import NewWebhook

from app.core.destination.catalogue import SANDBOX_REGION, Destination, get_destination
from app.core.destination.profile import Param, Profile
from app.core.handover.export import new_webhook
from app.core.http.fire import fire
from app.core.http.interpret import explain
from app.core.http.request import RequestError, build_request
from app.core.journey.journey import Journey, JourneyError
from app.core.journey.services import Services
from app.core.payload.mapping import new_profile
from app.core.payload.validate import validate_profile
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MASK

URL = "https://hooks.example.com/coupons/${$CouponCode}?customer=${$ProfileID}"
TOKEN = "custom-token-5c1"


@pytest.fixture(scope="module")
def custom() -> Destination:
    return get_destination("custom")


def profile_for(custom: Destination, **options: Any) -> Profile:
    profile = new_profile(custom, custom_base=URL)
    profile.params.append(Param("ProfileID", "string", "", "customer-0042"))
    profile.options.update(options)
    return profile


def problems(profile: Profile, custom: Destination) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in validate_profile(profile, custom).report.problems]


def test_default_profile_needs_only_a_url(custom: Destination) -> None:
    profile = new_profile(custom)
    assert problems(profile, custom) == [("url.missing", "URL")]
    with pytest.raises(RequestError, match="Endpoint URL"):
        build_request(profile, custom, {})
    assert problems(profile_for(custom), custom) == []


def test_url_and_header_templates_are_validated(custom: Destination) -> None:
    profile = profile_for(custom, headers=["X-Customer: ${$Customer}", "X-Run: ${$Run"])
    profile.custom_base = "https://hooks.example.com/c/${$CouponCod}"
    found = problems(profile, custom)
    assert ("param.undeclared", "URL, column 29") in found
    assert ("param.undeclared", "header X-Customer, column 13") in found
    assert ("template.unclosed", "header X-Run, column 8") in found
    assert ("param.unused", "") in found  # ProfileID is used nowhere now
    undeclared = next(
        p for p in validate_profile(profile, custom).report.problems if p.path == "URL, column 29"
    )
    assert undeclared.hint.startswith("Did you mean ${$CouponCode}?")


def test_a_parameter_used_only_in_the_url_is_not_unused(custom: Destination) -> None:
    assert ("param.unused", "") not in problems(profile_for(custom), custom)


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        (["X-Api-Key: 3f9c2a77"], "header.secret"),
        (["Authorization: Bearer abc"], "header.secret"),
        (["no colon here"], "header.invalid"),
        (["Bad Name: x"], "header.invalid"),
    ],
)
def test_header_lines(custom: Destination, headers: list[str], code: str) -> None:
    assert code in [c for c, _ in problems(profile_for(custom, headers=headers), custom)]


def test_a_templated_secret_looking_header_is_fine(custom: Destination) -> None:
    profile = profile_for(custom, headers=["X-Api-Key: ${$ProfileID}"])
    assert problems(profile, custom) == []


@pytest.mark.parametrize(
    ("url", "code"),
    [("ftp://example.com/x", "url.invalid"), ("http://example.com/x", "url.http")],
)
def test_url_checks(custom: Destination, url: str, code: str) -> None:
    profile = profile_for(custom)
    profile.custom_base = url
    profile.params = profile.params[:1]
    assert (code, "URL") in problems(profile, custom)


def test_payload_json_and_templating_are_validated(custom: Destination) -> None:
    profile = profile_for(custom)
    profile.template = '{"code": "${$CouponCode}",\n "who": "${$ProfileID}",\n}'
    report = validate_profile(profile, custom).report
    problem = next(p for p in report.problems if p.code == "json.invalid")
    assert problem.message.startswith("Trailing comma")
    assert (problem.line, problem.column) == (2, 24)
    profile.params[0] = Param("CouponCode", "string", "", 'A"B')
    assert "value.breaks_json" in validate_profile(profile, custom).report.codes()


def test_verbs(custom: Destination) -> None:
    profile = profile_for(custom, verb="PUT")
    assert build_request(profile, custom, {}).method == "PUT"
    profile.options["verb"] = "TRACE"  # not offered: the default is used
    assert build_request(profile, custom, {}).method == "POST"


@pytest.mark.parametrize(
    ("auth", "secrets", "credentials", "header", "value"),
    [
        ("none", {}, {}, None, None),
        ("basic", {"password": "pw-secret-9"}, {"username": "talon"}, "Authorization", None),
        ("bearer", {"token": TOKEN}, {}, "Authorization", f"Bearer {TOKEN}"),
        (
            "header",
            {"header_value": "hv-secret-7"},
            {"header_name": "X-Webhook-Key"},
            "X-Webhook-Key",
            "hv-secret-7",
        ),
    ],
)
def test_authentication_choices(
    custom: Destination,
    auth: str,
    secrets: dict[str, str],
    credentials: dict[str, str],
    header: str | None,
    value: str | None,
) -> None:
    profile = profile_for(custom, auth=auth)
    profile.credentials.update(credentials)
    request = build_request(profile, custom, secrets)
    headers = dict(request.headers)
    if header is None:
        assert "Authorization" not in headers
        return
    if auth == "basic":
        value = "Basic " + base64.b64encode(b"talon:pw-secret-9").decode()
    assert headers[header] == value
    assert dict(request.shown_headers())[header] == MASK
    document = new_webhook(profile, custom, secrets)
    assert not any(h.startswith(f"{header}:") for h in document["headers"])  # in a credential
    profile.secret_in_headers = True  # the header form, chosen explicitly
    document = new_webhook(profile, custom, secrets)
    scheme = {"basic": "Basic ", "bearer": "Bearer "}.get(auth, "")
    assert f"{header}: {scheme}{MASK}" in document["headers"]  # the scheme survives
    assert all(secret not in json.dumps(document) for secret in secrets.values())
    active = [f.id for f in custom.active_credentials(profile.mapping, profile.options)]
    assert set(secrets) | set(credentials) == set(active)


def test_only_the_chosen_authentication_needs_a_stored_secret(
    custom: Destination, services: Services
) -> None:
    profile = profile_for(custom)
    journey = Journey(profile, services, destination=custom)
    journey.load_secrets()
    assert journey.missing_secrets() == []
    profile.options["auth"] = "bearer"
    with pytest.raises(JourneyError, match="Bearer token"):
        journey.prepare_fire()
    services.store.set(profile.id, "token", TOKEN)
    journey.load_secrets()
    assert journey.secrets == {"token": TOKEN} and journey.missing_secrets() == []


def test_export_is_a_new_webhook_with_templates_kept(custom: Destination) -> None:
    profile = profile_for(custom, verb="PATCH", headers=["X-Customer: ${$ProfileID}"])
    document = new_webhook(profile, custom)
    model = NewWebhook.from_dict(document)
    assert model.verb == "PATCH" and model.url == URL
    assert model.headers == ["X-Customer: ${$ProfileID}"]
    assert {p.title for p in model.params} == {"CouponCode", "ProfileID"}


def test_sandbox_echo_shows_the_rendered_request(custom: Destination, sandbox: Sandbox) -> None:
    profile = profile_for(custom, auth="bearer", headers=["X-Customer: ${$ProfileID}"])
    profile.region = SANDBOX_REGION
    request = build_request(profile, custom, {"token": TOKEN}, sandbox_base=sandbox.base_url)
    assert request.url.endswith("/custom/coupons/NEWYEAR-7Q2X?customer=customer-0042")
    result = fire(request)
    assert result.status == 200
    echo = json.loads(result.body)["received"]
    assert echo["path"] == "/coupons/NEWYEAR-7Q2X"
    assert echo["query"] == {"customer": "customer-0042"}
    assert echo["headers"]["X-Customer"] == "customer-0042"
    assert echo["body"]["data"] == {"couponCode": "NEWYEAR-7Q2X"}
    assert TOKEN not in request.redactor.redact(result.body.decode())
    assert explain(custom, 200, result.header_map, result.body).verdict == "ok"
