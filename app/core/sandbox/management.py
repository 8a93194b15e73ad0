"""The sandbox's Talon.One Management API: webhooks and delivery logs, without an account.

Served under ``http://127.0.0.1:PORT/talon-management`` (that is the "deployment
address" to give Hooksmith) from ``resources/sandbox/management.json``, in the shapes
of the talon-one SDK's ``GetWebhooks200Response``, ``Webhook`` and ``MessageLogEntries``.
It checks ``Authorization: ManagementKey-v1 <key>``, pages and filters like the real
API, and answers 429 with ``Retry-After`` when called more than five times a second.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import weakref
from functools import lru_cache
from typing import Any

from app.core.destination.resources import resource_path
from app.core.sandbox.routes import ROUTES, Host, SandboxRequest, SandboxResponse

ROUTE = "talon-management"
#: More calls than this within one second get 429 (Talon.One allows "about 3").
BURST = 5


_BASIC = re.compile(r"\{basic:([^:}]+):([^}]+)\}")


@lru_cache(maxsize=1)
def demo_data() -> dict[str, Any]:
    """The demo webhooks and deliveries; ``{basic:KEY:SECRET}`` becomes its Basic token.

    The data file names the demo credentials instead of holding tokens, so the repo holds
    nothing that looks like a real credential and the token cannot drift from them.
    """
    text = resource_path("sandbox", "management.json").read_text(encoding="utf-8")
    text = _BASIC.sub(
        lambda m: base64.b64encode(f"{m.group(1)}:{m.group(2)}".encode()).decode(), text
    )
    data: dict[str, Any] = json.loads(text)
    return data


class _Calls:
    def __init__(self) -> None:
        self.times: list[float] = []
        self.lock = threading.Lock()


_CALLS: weakref.WeakKeyDictionary[Host, _Calls] = weakref.WeakKeyDictionary()


def _error(status: int, title: str, details: str) -> SandboxResponse:
    """Talon.One's ``ErrorResponseWithStatus`` shape."""
    return SandboxResponse(
        status,
        {"message": title, "errors": [{"title": title, "details": details}], "StatusCode": status},
    )


def _limited(sandbox: Host) -> bool:
    calls = _CALLS.setdefault(sandbox, _Calls())
    now = time.monotonic()
    with calls.lock:
        calls.times = [t for t in calls.times if t > now - 1.0]
        calls.times.append(now)
        return len(calls.times) > BURST


def _query(request: SandboxRequest, name: str) -> str:
    values = request.query.get(name)
    return values[0] if values else ""


def address(sandbox: Host) -> str:
    """The "Talon.One address" to give Hooksmith for the running sandbox."""
    return f"{sandbox.base_url}/{ROUTE}"


def demo_keys(sandbox: Host) -> list[str]:
    """The Management API keys the sandbox accepts."""
    accounts = sandbox.accounts(ROUTE) or demo_data()["accounts"]
    return [str(a.get("management_key", "")) for a in accounts]


def handle(request: SandboxRequest, sandbox: Host) -> SandboxResponse:
    """Route one Management API request."""
    search = request.path.rstrip("/").endswith("/v1/customer_search/no_total")
    if request.method != "GET" and not (search and request.method == "POST"):
        return _error(405, "Method not allowed", "The sandbox serves only the read endpoints.")
    data = demo_data()
    keys = demo_keys(sandbox)
    scheme, _, key = (request.header("Authorization") or "").partition(" ")
    if scheme != "ManagementKey-v1" or key.strip() not in keys:
        return _error(401, "Unauthorized", "Invalid or missing Management API key.")
    if _limited(sandbox):
        response = _error(429, "Too many requests", "Rate limit exceeded.")
        response.headers["Retry-After"] = "1"
        return response
    parts = [p for p in request.path.split("/") if p]
    if parts == ["v1", "webhooks"]:
        return _webhooks(request, data)
    if len(parts) == 3 and parts[:2] == ["v1", "webhooks"]:
        found = next((w for w in data["webhooks"] if str(w["id"]) == parts[2]), None)
        if found is None:
            return _error(404, "Not found", f"Webhook {parts[2]} does not exist.")
        # A ``Webhook``, as the SDK models it: only the list's items
        # (``WebhookWithOutgoingIntegrationDetails``) say which template made it.
        single = {k: v for k, v in found.items() if not k.startswith("outgoingIntegration")}
        return SandboxResponse(200, single)
    if parts == ["v1", "applications"]:
        apps = data.get("applications", [])
        return SandboxResponse(200, {"totalResultSize": len(apps), "data": apps})
    if parts == ["v1", "message_logs"]:
        return _message_logs(request, data)
    if parts == ["v1", "customer_search", "no_total"]:
        return _customer_search(request, data)
    return _error(404, "Not found", f"No endpoint {request.path}.")


def _customer_search(request: SandboxRequest, data: dict[str, Any]) -> SandboxResponse:
    """``getCustomersByAttributes``: profiles whose integration ID is one of those asked."""
    try:
        asked = json.loads(request.body or b"{}")
    except ValueError:
        return _error(400, "Bad request", "The body must be JSON.")
    wanted = set(asked.get("integrationIDs") or []) if isinstance(asked, dict) else set()
    found = [c for c in data.get("customers", []) if c["integrationId"] in wanted]
    return SandboxResponse(200, {"hasMore": False, "data": found})


def _webhooks(request: SandboxRequest, data: dict[str, Any]) -> SandboxResponse:
    items = list(data["webhooks"])
    title = _query(request, "title").lower()
    if title:
        items = [w for w in items if title in w["title"].lower()]
    apps = {int(a) for a in _query(request, "applicationIds").split(",") if a.strip().isdigit()}
    if apps:
        items = [w for w in items if not w["applicationIds"] or apps & set(w["applicationIds"])]
    try:
        size = int(_query(request, "pageSize") or 1000)
        skip = int(_query(request, "skip") or 0)
    except ValueError:
        return _error(400, "Bad request", "pageSize and skip must be whole numbers.")
    if not 1 <= size <= 1000:
        return _error(400, "Bad request", "pageSize must be between 1 and 1000.")
    return SandboxResponse(200, {"totalResultSize": len(items), "data": items[skip : skip + size]})


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _entry(log: dict[str, Any], names: dict[int, str]) -> dict[str, Any]:
    """One ``MessageLogEntry``; request and response are raw HTTP text, base64-encoded."""
    req = log["request"]
    raw = f"{req['method']} {req['path']} HTTP/1.1\r\n" + "".join(
        h + "\r\n" for h in req["headers"]
    )
    entry: dict[str, Any] = {
        "id": log["id"],
        "service": "webhooks",
        "webhookId": log["webhookId"],
        "webhookName": names.get(log["webhookId"], ""),
        "request": {"createdAt": log["createdAt"], "request": _b64(raw + "\r\n" + req["body"])},
        "createdAt": log["createdAt"],
        "entityType": "webhook",
        "url": log["url"],
        "applicationId": log["applicationId"],
        "campaignId": log["campaignId"],
    }
    if log.get("response"):
        entry["response"] = {
            "createdAt": log["createdAt"],
            "response": _b64(log["response"]["body"]),
            "status": log["response"]["status"],
        }
    return entry


def _message_logs(request: SandboxRequest, data: dict[str, Any]) -> SandboxResponse:
    entity = _query(request, "entityType")
    if not entity:
        return _error(400, "Bad request", "entityType is required.")
    if entity not in ("application", "loyalty_program", "webhook"):
        return _error(400, "Bad request", f"entityType {entity!r} is not valid.")
    logs = list(data["message_logs"]) if entity == "webhook" else []
    message = _query(request, "messageID")
    if message:
        logs = [log for log in logs if log["id"] == message]
    ids = {int(i) for i in _query(request, "webhookIDs").split(",") if i.strip().isdigit()}
    if ids:
        logs = [log for log in logs if log["webhookId"] in ids]
    success = _query(request, "isSuccessful")
    if success in ("true", "false"):
        want = success == "true"
        logs = [
            log
            for log in logs
            if log.get("response") and (200 <= log["response"]["status"] < 300) == want
        ]
    code = _query(request, "responseCode")
    if code:
        logs = [log for log in logs if str((log.get("response") or {}).get("status")) == code]
    after, before = _query(request, "createdAfter"), _query(request, "createdBefore")
    logs = [
        log
        for log in logs
        if (not after or log["createdAt"] > after) and (not before or log["createdAt"] < before)
    ]
    try:
        offset = int(base64.b64decode(_query(request, "cursor") or _b64("0")).decode())
    except ValueError:
        return _error(400, "Bad request", "The cursor is not one this API gave out.")
    size = int(data.get("page_size", 50))
    page = logs[offset : offset + size]
    names = {w["id"]: w["title"] for w in data["webhooks"]}
    body: dict[str, Any] = {"data": [_entry(log, names) for log in page]}
    if offset + size < len(logs):
        body["nextCursor"] = _b64(str(offset + size))
    return SandboxResponse(200, body)


ROUTES[ROUTE] = handle
