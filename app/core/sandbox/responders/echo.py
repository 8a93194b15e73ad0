"""An echo endpoint for custom webhooks: checks the chosen authentication, echoes."""

from __future__ import annotations

import json
from typing import Any

from app.core.destination.catalogue import Destination
from app.core.sandbox.routes import SandboxRequest, SandboxResponse, handler


@handler("echo")
def _echo(
    request: SandboxRequest, destination: Destination, accounts: list[dict[str, str]]
) -> SandboxResponse:
    """Answers 200 with what arrived, so the user sees the rendered request as received."""
    try:
        body: Any = json.loads(request.body) if request.body else None
    except ValueError:
        body = request.body.decode("utf-8", "replace")
    return SandboxResponse(
        200,
        {
            "received": {
                "method": request.method,
                "path": request.path,
                "query": {k: v if len(v) > 1 else v[0] for k, v in request.query.items()},
                "headers": {k: v for k, v in request.headers.items() if k.lower() != "host"},
                "body": body,
            }
        },
    )
