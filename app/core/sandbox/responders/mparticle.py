"""mParticle's Events API: HTTP Basic, one batch, 202 Accepted."""

from __future__ import annotations

import base64
import binascii

from app.core.destination.catalogue import Destination
from app.core.payload import rules
from app.core.sandbox.responders import common
from app.core.sandbox.routes import SandboxRequest, SandboxResponse, handler


def _mp_fail(status: int, code: str, message: str, **headers: str) -> SandboxResponse:
    return SandboxResponse(status, {"errors": [{"code": code, "message": message}]}, headers)


@handler("mparticle")
def _mparticle(
    request: SandboxRequest, destination: Destination, accounts: list[dict[str, str]]
) -> SandboxResponse:
    """The Events API: HTTP Basic (key:secret), one batch, 202 Accepted with no body."""
    if request.method != "POST" or request.path not in common.paths(destination):
        return _mp_fail(404, "NOT_FOUND", f"No such endpoint: {request.method} {request.path}.")
    auth = request.header("Authorization") or ""
    if not auth.startswith("Basic "):
        return _mp_fail(401, "UNAUTHORIZED", "Missing HTTP Basic Authorization header.")
    try:
        user, _, password = base64.b64decode(auth[6:], validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return _mp_fail(401, "UNAUTHORIZED", "The Authorization header is not valid Basic auth.")
    if not any(a.get("api_key") == user and a.get("api_secret") == password for a in accounts):
        return _mp_fail(403, "FORBIDDEN", "Invalid API key or secret.")
    limit = destination.limits.body_bytes
    if limit and len(request.body) > limit:
        return _mp_fail(400, "BAD_REQUEST", f"Batch is {len(request.body)} bytes; max {limit}.")
    try:
        document = request.json()
    except ValueError as exc:
        return _mp_fail(400, "BAD_REQUEST", f"Request body is not valid JSON: {exc}.")
    problems = common.errors(document, destination.schema)
    if problems:
        body = {
            "errors": [
                {"code": "BAD_REQUEST", "message": f"{rules.format_path(v.path)}: {v.message}"}
                for v in problems[:20]
            ]
        }
        return SandboxResponse(400, body)
    return SandboxResponse(202)


# -- Braze ----------------------------------------------------------------------------

#: The arrays of ``/users/track``, each with its ``*_processed`` count in the answer.
