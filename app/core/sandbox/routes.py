"""What the sandbox's responders share: the request and response shapes, and the
registries a responder joins with :func:`handler` (a destination) or ``ROUTES`` (a
service emulated besides destinations, such as Talon.One's Management API).

The server (:mod:`app.core.sandbox.server`) imports the responder modules, which import
only this module: a new destination's responder is one module more.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.core.destination.catalogue import Destination


class Host(Protocol):
    """What a route may ask of the running sandbox."""

    @property
    def base_url(self) -> str: ...

    def accounts(self, destination_id: str) -> list[dict[str, str]]: ...


@dataclass
class SandboxRequest:
    """A request the sandbox received (kept for the tests and the UI)."""

    destination: str
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class SandboxResponse:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[SandboxRequest, Destination, list[dict[str, str]]], SandboxResponse]
HANDLERS: dict[str, Handler] = {}
#: Services emulated besides destinations, by first path segment (``talon-management``).
ROUTES: dict[str, Callable[[SandboxRequest, Host], SandboxResponse]] = {}


def handler(name: str) -> Callable[[Handler], Handler]:
    """Register a sandbox handler under the name destination files use."""

    def register(func: Handler) -> Handler:
        HANDLERS[name] = func
        return func

    return register
