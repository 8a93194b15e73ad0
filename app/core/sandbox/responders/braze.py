"""Braze's /users/track: Bearer key, arrays of up to 75 objects, partial answers."""

from __future__ import annotations

from typing import Any

from app.core.destination.catalogue import Destination
from app.core.payload import rules
from app.core.sandbox.responders import common
from app.core.sandbox.routes import SandboxRequest, SandboxResponse, handler

_BRAZE_ARRAYS = ("attributes", "events", "purchases")


def _braze_fail(
    status: int, message: str, errors: list[dict[str, Any]] | None = None
) -> SandboxResponse:
    body: dict[str, Any] = {"message": message}
    if errors:
        body["errors"] = errors
    return SandboxResponse(status, body)


def _braze_error(violation: rules.Violation) -> dict[str, Any]:
    """A Braze error item: ``{"type": message, "input_array": "events", "index": 1}``."""
    path = violation.path
    item: dict[str, Any] = {"type": violation.message}
    if len(path) >= 2 and isinstance(path[0], str) and isinstance(path[1], int):
        item.update({"input_array": path[0], "index": path[1]})
    return item


@handler("braze")
def _braze(
    request: SandboxRequest, destination: Destination, accounts: list[dict[str, str]]
) -> SandboxResponse:
    """``POST /users/track``: ``Authorization: Bearer <REST API key>``; up to 75 objects
    per array. Objects that break the rules are listed in ``errors`` while the others are
    processed (Braze's "minor errors": ``"message": "success"`` beside a non-empty
    ``errors``); a request with nothing valid, or a broken top level, is a fatal 400.

    Braze documents the body shapes but not every wording: the 201 status, the error
    items' ``type``/``input_array``/``index`` and "Bad Request" are assumptions
    (research 13, section 1).
    """
    if request.method != "POST" or request.path not in common.paths(destination):
        return _braze_fail(404, "Not Found")
    scheme, _, key = (request.header("Authorization") or "").partition(" ")
    if scheme != "Bearer" or not any(a.get("api_key") == key.strip() for a in accounts):
        return _braze_fail(401, "Invalid API key")
    try:
        document = request.json()
    except ValueError:
        return _braze_fail(400, "Bad Request", [{"type": "The body is not valid JSON."}])
    problems = common.errors(document, destination.schema)
    fatal = [v for v in problems if len(v.path) < 2 or not isinstance(v.path[1], int)]
    if fatal:
        first = next((v for v in fatal if v.code), None)
        message = str(first.code) if first else "Bad Request"
        return _braze_fail(400, message, [_braze_error(v) for v in fatal])
    refused: dict[tuple[str, int], rules.Violation] = {}
    for violation in problems:
        refused.setdefault((str(violation.path[0]), int(violation.path[1])), violation)
    body: dict[str, Any] = {"message": "success"}
    sent = 0
    for name in _BRAZE_ARRAYS:
        items = document.get(name)
        if isinstance(items, list):
            sent += len(items)
            body[f"{name}_processed"] = sum(
                1 for i in range(len(items)) if (name, i) not in refused
            )
    if refused and len(refused) == sent:
        return _braze_fail(400, "Bad Request", [_braze_error(v) for v in refused.values()])
    if refused:
        body["errors"] = [_braze_error(v) for v in refused.values()]
    return SandboxResponse(201, body)
