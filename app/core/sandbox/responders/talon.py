"""Talon.One's own endpoints: the third-party referral API and Track Event."""

from __future__ import annotations

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


@handler("talon-cep-referral")
def _cep_referral(
    request: SandboxRequest, destination: Destination, accounts: list[dict[str, str]]
) -> SandboxResponse:
    """``GET /customer_engagement/referral``: creates (or, with X-DRY-RUN, previews) a referral."""
    if request.method != "GET" or request.path not in common.paths(destination):
        return _cep_fail(404, f"no route for {request.method} {request.path}")
    if not _talon_key(request, accounts):
        return _cep_fail(401, "invalid or missing API key (Authorization: ApiKey-v1 <key>)")
    for header in ("destination-hostname", "customer-engagement-platform-name"):
        if not (request.header(header) or "").strip():
            return _cep_fail(400, f"missing required header {header}")
    query = {k: v[0] for k, v in request.query.items() if v}
    problems = common.errors(query, destination.query_schema)
    if problems:
        return _cep_fail(400, "; ".join(v.message for v in problems))
    campaigns = {c for a in accounts for c in a.get("campaign_ids", "").split()}
    if query["campaignId"] not in campaigns:
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
