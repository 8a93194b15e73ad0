"""Iterable's /api/events/track: Api-Key header, {msg, code, params} answers."""

from __future__ import annotations

import uuid

from app.core.destination.catalogue import Destination
from app.core.sandbox.responders import common
from app.core.sandbox.routes import SandboxRequest, SandboxResponse, handler


def _iterable_fail(status: int, code: str, message: str) -> SandboxResponse:
    """Iterable's common answer: ``{"msg", "code", "params"}``."""
    return SandboxResponse(status, {"msg": message, "code": code, "params": None})


@handler("iterable")
def _iterable(
    request: SandboxRequest, destination: Destination, accounts: list[dict[str, str]]
) -> SandboxResponse:
    """``POST /api/events/track``: the key in ``Api-Key`` (or ``Api_Key``); one event per
    request, so no partial answer (that is ``trackBulk``'s). A refused event is a 400
    whose ``code`` is the first broken rule's (``BadParams``, ``InvalidEmailAddressError``).

    The codes are Iterable's; the ``msg`` wordings and the status per code are
    assumptions (research 13, section 2).
    """
    if request.method != "POST" or request.path not in common.paths(destination):
        return _iterable_fail(404, "NotFound", f"No route for {request.method} {request.path}.")
    key = (request.header("Api-Key") or request.header("Api_Key") or "").strip()
    if not key:
        return _iterable_fail(
            401, "BadAuthorizationHeader", "No API key: send it in the Api-Key header."
        )
    if not any(a.get("api_key") == key for a in accounts):
        return _iterable_fail(401, "BadApiKey", "Invalid API key.")
    try:
        document = request.json()
    except ValueError as exc:
        return _iterable_fail(400, "BadJsonBody", f"Could not parse the request body: {exc}.")
    problems = common.errors(document, destination.schema)
    if problems:
        first = next((v for v in problems if v.code), problems[0])
        message = "; ".join(v.message for v in problems)
        return _iterable_fail(400, str(first.code or "BadParams"), message)
    event_id = uuid.uuid4().hex
    body = {
        "msg": f"Event with id: {event_id} tracked.",
        "code": "Success",
        "params": {"id": event_id},
    }
    return SandboxResponse(200, body)
