"""MoEngage's Data API ``POST /v1/event/{Workspace ID}``: HTTP Basic (Workspace ID as
user name, Data API key as password), 200 "accepted", ``status: fail`` errors."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from app.core.destination.catalogue import Destination
from app.core.payload import rules
from app.core.sandbox.responders import common
from app.core.sandbox.routes import SandboxRequest, SandboxResponse, handler

_ACCEPTED = "Your request has been accepted and will be processed soon."


def _moe_fail(status: int, message: str, kind: str) -> SandboxResponse:
    error: dict[str, Any] = {
        "message": message,
        "type": kind,
        "request_id": common.code(message, "REQ"),
    }
    return SandboxResponse(status, {"status": "fail", "error": error})


def _workspace(request: SandboxRequest, destination: Destination) -> str | None:
    """The Workspace ID in the path, when the path is one of ``sandbox.paths``."""
    for template in common.paths(destination):
        pieces = re.split(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", template)
        pattern = "".join(
            re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^/]+)" for i, p in enumerate(pieces)
        )
        found = re.fullmatch(pattern, request.path.rstrip("/"))
        if found:
            return found.groupdict().get("workspace_id", "")
    return None


def _user(request: SandboxRequest) -> tuple[str, str] | None:
    auth = request.header("Authorization") or ""
    if not auth.startswith("Basic "):
        return None
    try:
        user, _, password = base64.b64decode(auth[6:], validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return user, password


@handler("moengage")
def _moengage(
    request: SandboxRequest, destination: Destination, accounts: list[dict[str, str]]
) -> SandboxResponse:
    """The event API: Basic ``workspace_id:data_api_key``, and the path's Workspace ID
    must be the user name. A valid body is accepted at once (200, processed later);
    a broken one is 400 with the first rule it breaks.

    MoEngage documents the success body; the error bodies (``status: fail`` with an
    ``error`` object) and the 413 are assumptions (research 13, section 3).
    """
    workspace = _workspace(request, destination)
    if request.method != "POST" or workspace is None:
        return _moe_fail(404, f"No such endpoint: {request.method} {request.path}", "Not Found")
    credentials = _user(request)
    known = credentials is not None and any(
        a.get("workspace_id") == credentials[0] and a.get("data_api_key") == credentials[1]
        for a in accounts
    )
    if not known or credentials is None or credentials[0] != workspace:
        return _moe_fail(401, "Authentication required", "Authentication required")
    limit = destination.limits.body_bytes
    if limit and len(request.body) > limit:
        return _moe_fail(
            413, f"The request is {len(request.body)} bytes; max {limit}.", "Too Large"
        )
    try:
        document = request.json()
    except ValueError:
        return _moe_fail(400, "The body is not valid JSON.", "Bad Request")
    problems = common.errors(document, destination.schema)
    if problems:
        first = problems[0]
        where = rules.format_path(first.path)
        message = f"{where}: {first.message}" if where else first.message
        return _moe_fail(400, message, "Bad Request")
    return SandboxResponse(200, {"status": "success", "message": _ACCEPTED})
