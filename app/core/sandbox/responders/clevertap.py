"""CleverTap's Upload API: two headers, ``{"d": [...]}``, per-record outcome."""

from __future__ import annotations

from typing import Any

from app.core.destination.catalogue import Destination
from app.core.payload import rules
from app.core.sandbox.routes import SandboxRequest, SandboxResponse, handler


def _fail(status: int, message: str) -> SandboxResponse:
    return SandboxResponse(status, {"status": "fail", "error": message, "code": status})


@handler("clevertap")
def _clevertap(
    request: SandboxRequest, destination: Destination, accounts: list[dict[str, str]]
) -> SandboxResponse:
    """CleverTap's Upload API: two headers, ``{"d": [...]}``, per-record outcome."""
    paths = destination.sandbox.paths if destination.sandbox else ()
    if request.path not in paths or request.method != "POST":
        return _fail(404, f"No such endpoint: {request.method} {request.path}.")
    account = request.header("X-CleverTap-Account-Id") or ""
    passcode = request.header("X-CleverTap-Passcode") or ""
    if not any(a.get("account_id") == account and a.get("passcode") == passcode for a in accounts):
        return _fail(401, "Invalid Credentials")
    try:
        document = request.json()
    except ValueError:
        return _fail(400, "Request body is not valid JSON")
    records = document.get("d") if isinstance(document, dict) else None
    if not isinstance(records, list):
        return _fail(400, "Payload must be an object with a 'd' array")
    if len(records) > 1000:
        return _fail(400, "Maximum of 1000 records allowed per request")
    record_rule = destination.schema["properties"]["d"]["items"]
    unprocessed = []
    for index, record in enumerate(records):
        violations = list(rules.check(record_rule, record))
        if violations:
            first = next((v for v in violations if v.code), violations[0])
            unprocessed.append(
                {
                    "status": "fail",
                    "code": first.code or 512,
                    "error": first.message,
                    "record": record,
                    "index": index,
                }
            )
    processed = len(records) - len(unprocessed)
    status = "success" if not unprocessed else ("partial" if processed else "fail")
    body: dict[str, Any] = {"status": status, "processed": processed, "unprocessed": unprocessed}
    return SandboxResponse(200, body)
