"""The services a front end needs, passed in rather than reached for: the secret store,
the sandbox, and network settings. The CLI and the GUI build one :class:`Services` each;
tests build their own with an in-memory store and their own sandbox."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.catalogue import SANDBOX_REGION, Destination, get_destination
from app.core.fire import FireSettings
from app.core.profile import Profile
from app.core.request import PreparedRequest, RequestError, build_request
from app.core.sandbox import Sandbox
from app.core.secrets import KeyringStore, SecretStore


@dataclass
class Services:
    """What the front ends share.

    Attributes:
        store: where secrets are read and written.
        sandbox_factory: makes the sandbox the first time it is needed.
        settings: timeouts, CA bundle, proxy.
    """

    store: SecretStore = field(default_factory=KeyringStore)
    sandbox_factory: Callable[[], Sandbox] = Sandbox
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

    def secrets_for(
        self, profile: Profile, destination: Destination, *, required: bool = True
    ) -> dict[str, str]:
        """Read the profile's secrets from the store.

        Raises:
            RequestError: a secret is missing (naming the field, never a value), or the
                store failed.
        """
        values: dict[str, str] = {}
        missing = []
        for field_ in destination.active_credentials(profile.mapping, profile.options):
            if not field_.secret:
                continue
            value = self.store.get(profile.id, field_.id)
            if value:
                values[field_.id] = value
            else:
                missing.append(field_.label)
        if missing and required:
            raise RequestError(
                "No " + " or ".join(missing) + " is stored for this profile. "
                "Enter it on the credentials page, or run: hooksmith credentials set PROFILE"
            )
        return values

    def prepare(self, profile: Profile, *, dry_run: bool = False) -> PreparedRequest:
        """Build the request for a test fire, secrets read fresh from the store."""
        destination = get_destination(profile.destination)
        secrets = self.secrets_for(profile, destination)
        return build_request(
            profile, destination, secrets, sandbox_base=self.sandbox_base(profile), dry_run=dry_run
        )
