"""Talon.One's own endpoints: the third-party customer-engagement API (referral,
coupon, loyalty ledger, adding points) and Track Event."""

from __future__ import annotations

import threading
import uuid
from typing import Any

from app.core.destination.catalogue import Destination
from app.core.sandbox.responders import common
from app.core.sandbox.routes import SandboxRequest, SandboxResponse, handler


def _talon_key(request: SandboxRequest, accounts: list[dict[str, str]]) -> bool:
    auth = request.header("Authorization") or ""
    scheme, _, key = auth.partition(" ")
    return scheme == "ApiKey-v1" and any(a.get("api_key") == key.strip() for a in accounts)


def _cep_fail(status: int, message: str) -> SandboxResponse:
    """Errors of integration.talon.one: ``{StatusCode, Error, RequestUUID}``."""
    return SandboxResponse(
        status, {"StatusCode": status, "Error": message, "RequestUUID": str(uuid.uuid4())}
    )


def _cep_refusal(
    request: SandboxRequest, destination: Destination, accounts: list[dict[str, str]]
) -> SandboxResponse | None:
    """What every customer-engagement endpoint checks first (method and route, key, the
    two headers), in Talon.One's order: the error answer, or None."""
    if request.method != destination.verb or request.path not in common.paths(destination):
        return _cep_fail(404, f"no route for {request.method} {request.path}")
    if not _talon_key(request, accounts):
        return _cep_fail(401, "invalid or missing API key (Authorization: ApiKey-v1 <key>)")
    for header in ("destination-hostname", "customer-engagement-platform-name"):
        if not (request.header(header) or "").strip():
            return _cep_fail(400, f"missing required header {header}")
    return None


def _cep_query(
    request: SandboxRequest, destination: Destination, accounts: list[dict[str, str]]
) -> dict[str, str] | SandboxResponse:
    """The common checks, then ``query_schema``: the query, or the error answer."""
    refusal = _cep_refusal(request, destination, accounts)
    if refusal is not None:
        return refusal
    query = {k: v[0] for k, v in request.query.items() if v}
    problems = common.errors(query, destination.query_schema)
    if problems:
        return _cep_fail(400, "; ".join(v.message for v in problems))
    return query


def _known(accounts: list[dict[str, str]], key: str) -> set[str]:
    """The ids a sandbox account lists under ``key`` (``campaign_ids``), space-separated."""
    return {i for a in accounts for i in a.get(key, "").split()}


@handler("talon-cep-referral")
def _cep_referral(
    request: SandboxRequest, destination: Destination, accounts: list[dict[str, str]]
) -> SandboxResponse:
    """``GET /customer_engagement/referral``: creates (or, with X-DRY-RUN, previews) a referral."""
    query = _cep_query(request, destination, accounts)
    if isinstance(query, SandboxResponse):
        return query
    if query["campaignId"] not in _known(accounts, "campaign_ids"):
        return _cep_fail(404, f"campaign {query['campaignId']} not found in this Application")
    advocate = query["advocateProfileIntegrationId"]
    referral: dict[str, Any] = {
        "id": 0 if _dry(request) else common.next_id(),
        "created": common.now(),
        "campaignId": int(query["campaignId"]),
        "advocateProfileIntegrationId": advocate,
        "code": common.code(advocate, "REF"),
        "usageCounter": 0,
        "usageLimit": int(query.get("usageLimit", "1") or 1),
    }
    for key in ("friendProfileIntegrationId", "startDate", "expiryDate"):
        if query.get(key):
            referral[key] = query[key]
    return SandboxResponse(200, referral)


#: Coupons created by the sandbox per (application, campaign, identifier): asking again
#: with the same ``identifier`` returns the same coupon, as Talon.One does.
_coupons: dict[tuple[str, str, str], dict[str, Any]] = {}


@handler("talon-cep-coupon")
def _cep_coupon(
    request: SandboxRequest, destination: Destination, accounts: list[dict[str, str]]
) -> SandboxResponse:
    """``GET /customer_engagement/coupon``: creates (or, with X-DRY-RUN, previews) a coupon.

    The answer's keys are PascalCase (``Value`` is the code), unlike the referral's.
    """
    query = _cep_query(request, destination, accounts)
    if isinstance(query, SandboxResponse):
        return query
    application, campaign = query["applicationId"], query["campaignId"]
    if application not in _known(accounts, "application_ids"):
        return _cep_fail(404, f"application {application} not found")
    if campaign not in _known(accounts, "campaign_ids"):
        return _cep_fail(404, f"campaign {campaign} not found in application {application}")
    dry = _dry(request)
    key = (application, campaign, query.get("identifier", ""))
    if key[2] and key in _coupons:
        return SandboxResponse(200, _coupons[key])
    coupon: dict[str, Any] = {
        "ID": 0 if dry else common.next_id(),
        "Created": common.now(),
        "ApplicationID": int(application),
        "CampaignID": int(campaign),
        "Value": common.code(query.get("recipientIntegrationId", "") + key[2], "EW"),
        "UsageLimit": int(query.get("usageLimit", "1") or 0),
        "UsageCounter": 0,
        "Attributes": {k[1:]: v for k, v in query.items() if k[:1] in "._"},
    }
    names = {
        "recipientIntegrationId": "RecipientIntegrationID",
        "startDate": "StartDate",
        "expiryDate": "ExpiryDate",
        "discountLimit": "DiscountLimit",
    }
    for name, field_name in names.items():
        if query.get(name):
            coupon[field_name] = query[name]
    if "DiscountLimit" in coupon and _number(coupon["DiscountLimit"]) is not None:
        coupon["DiscountLimit"] = _number(coupon["DiscountLimit"])
    if key[2] and not dry:
        _coupons[key] = coupon
    return SandboxResponse(200, coupon)


#: Loyalty balances per (program, profile): points the sandbox added, so reading the
#: ledger after adding points shows them.
_balances: dict[tuple[str, str], float] = {}
_balances_lock = threading.Lock()


def _ledger(balance: float) -> dict[str, Any]:
    return {
        "currentBalance": balance,
        "pendingBalance": 0,
        "expiredBalance": 0,
        "spentBalance": 0,
        "tentativeCurrentBalance": balance,
        "currentTier": {"id": 1, "name": "sandbox-tier"},
        "pointsToNextTier": max(0, 1000 - balance),
    }


@handler("talon-cep-loyalty")
def _cep_loyalty(
    request: SandboxRequest, destination: Destination, accounts: list[dict[str, str]]
) -> SandboxResponse:
    """``GET /customer_engagement/loyalty``: the profile's ledger in a profile-based program."""
    query = _cep_query(request, destination, accounts)
    if isinstance(query, SandboxResponse):
        return query
    program = query["loyaltyProgramId"]
    if program not in _known(accounts, "loyalty_program_ids"):
        return _cep_fail(404, f"loyalty program {program} not found")
    balance = _balances.get((program, query["profileIntegrationId"]), 0.0)
    answer = {
        "id": int(program),
        "title": "Sandbox loyalty program",
        "name": "sandboxloyaltyprogram",
        "ledger": _ledger(balance),
        "subLedgers": {},
    }
    return SandboxResponse(200, answer)


@handler("talon-cep-add-points")
def _cep_add_points(
    request: SandboxRequest, destination: Destination, accounts: list[dict[str, str]]
) -> SandboxResponse:
    """``POST /customer_engagement/add_loyalty_points``: 204 with no body once added."""
    refusal = _cep_refusal(request, destination, accounts)
    if refusal is not None:
        return refusal
    try:
        document = request.json()
    except ValueError as exc:
        return _cep_fail(400, f"request body is not valid JSON: {exc}")
    problems = common.errors(document, destination.schema)
    if problems:
        return _cep_fail(400, "; ".join(v.message for v in problems))
    program = str(document["loyaltyProgramId"])
    if program not in _known(accounts, "loyalty_program_ids"):
        return _cep_fail(404, f"loyalty program {program} not found")
    key = (program, str(document["profileIntegrationId"]))
    with _balances_lock:  # the sandbox serves each request on its own thread
        _balances[key] = _balances.get(key, 0.0) + float(document["points"])
    return SandboxResponse(204)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _dry(request: SandboxRequest) -> bool:
    return (request.header("X-DRY-RUN") or "").strip().lower() == "true"


def _talon_fail(status: int, message: str, errors: list[dict[str, Any]]) -> SandboxResponse:
    """Integration API errors (``ErrorResponseWithStatus``)."""
    return SandboxResponse(status, {"message": message, "errors": errors, "StatusCode": status})


@handler("talon-event")
def _track_event(
    request: SandboxRequest, destination: Destination, accounts: list[dict[str, str]]
) -> SandboxResponse:
    """``POST /v2/events``: 204 unless ``silent=no``, then the effects of a sandbox campaign."""
    if request.method != "POST" or request.path not in common.paths(destination):
        return _talon_fail(404, "Not found", [{"title": f"No route {request.path}"}])
    if not _talon_key(request, accounts):
        return _talon_fail(
            401, "Unauthorized", [{"title": "Invalid or missing API key", "source": {}}]
        )
    try:
        document = request.json()
    except ValueError as exc:
        return _talon_fail(400, "Invalid JSON", [{"title": "Bad request", "details": str(exc)}])
    problems = common.errors(document, destination.schema)
    if problems:
        errors = [
            {
                "title": v.message,
                "details": v.hint,
                "source": {"pointer": "/" + "/".join(str(p) for p in v.path)},
            }
            for v in problems
        ]
        return _talon_fail(400, "Invalid request body", errors)
    if request.query.get("silent", ["yes"])[0] != "no":
        return SandboxResponse(204)
    return SandboxResponse(200, _event_effects(document, dry=_dry_query(request)))


def _dry_query(request: SandboxRequest) -> bool:
    return request.query.get("dry", ["false"])[0] == "true"


def _event_effects(document: dict[str, Any], *, dry: bool) -> dict[str, Any]:
    """What the sandbox's one campaign does: a coupon for every custom event."""
    code = common.code(str(document.get("profileId", "")), "SANDBOX")
    rule = f"Sandbox: a coupon for every {document['type']} event"
    coupon = {
        "id": 0 if dry else common.next_id(),
        "created": common.now(),
        "campaignId": 1,
        "value": code,
        "usageLimit": 1,
        "usageCounter": 0,
        "recipientIntegrationId": document.get("profileId"),
    }
    effect = {
        "campaignId": 1,
        "rulesetId": 1,
        "ruleIndex": 0,
        "ruleName": rule,
        "effectType": "createCoupon",
        "props": {"value": code},
    }
    return {"effects": [effect], "createdCoupons": [coupon], "createdReferrals": []}
