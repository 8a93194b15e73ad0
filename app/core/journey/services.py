"""The services a front end needs, passed in rather than reached for: the secret store,
the sandbox, and network settings; what is done with them (reading a profile's secrets,
building and firing its request) is the journey's (:mod:`app.core.journey.journey`). The CLI
and the GUI build one :class:`Services` each; tests build their own with an in-memory
store and their own sandbox."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.core.destination.profile import SANDBOX_REGION, Profile
from app.core.http.settings import FireSettings
from app.core.secrets.store import KeyringStore, SecretStore

if TYPE_CHECKING:
    from app.core.sandbox.server import Sandbox


def _new_sandbox() -> Sandbox:
    """The built-in sandbox, imported when first started (not at start-up)."""
    from app.core.sandbox.server import Sandbox

    return Sandbox()


@dataclass
class Services:
    """What the front ends share.

    Attributes:
        store: where secrets are read and written.
        sandbox_factory: makes the sandbox the first time it is needed.
        settings: timeouts, CA bundle, proxy.
    """

    store: SecretStore = field(default_factory=KeyringStore)
    sandbox_factory: Callable[[], Sandbox] = _new_sandbox
    settings: FireSettings = field(default_factory=FireSettings)
    _sandbox: Sandbox | None = None

    def sandbox(self) -> Sandbox:
        """The sandbox, started on first use."""
        if self._sandbox is None:
            self._sandbox = self.sandbox_factory()
        self._sandbox.start()
        return self._sandbox

    def sandbox_base(self, profile: Profile) -> str | None:
        return self.sandbox().base_url if profile.region == SANDBOX_REGION else None

    def running_sandbox_base(self) -> str | None:
        """The sandbox's address if it is running (never starts it)."""
        sandbox = self._sandbox
        return sandbox.base_url if sandbox is not None and sandbox.running else None

    def shutdown(self) -> None:
        if self._sandbox is not None:
            self._sandbox.stop()
