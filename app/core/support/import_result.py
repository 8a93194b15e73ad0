"""What an import produces: the new profile, the destination it was recognised as, the
secrets found on the way (to offer for the keyring) and notes for the user.

Shared by :mod:`app.core.support.importer` and :mod:`app.core.support.import_query`,
which fills in the query and options of a result.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.destination.catalogue import Destination
from app.core.destination.profile import Profile
from app.core.payload.problems import Problem, Severity
from app.core.secrets.store import SecretStore
from app.core.support.detect import Detection


class ImportFailed(Exception):
    """The input cannot be imported; the message says why and what to do."""


@dataclass
class ImportResult:
    """A profile built from an imported definition, and what was found on the way.

    Attributes:
        profile: the new profile (no secrets in it).
        destination: the recognised (or chosen) destination.
        detection: how it was recognised.
        secrets: secret values by credential field id, to offer for the keyring.
        secret_sources: where each secret was found (``The header X-CleverTap-Passcode``).
        notes: what could not be carried over, or needs the user's attention.
        source: the imported text with every secret masked.
        origin: ``file``, ``curl`` or ``management``.
        template: the Talon.One integration template the webhook was made from ("" when
            only its ID is known), None when it was made by hand.
    """

    profile: Profile
    destination: Destination
    detection: Detection
    secrets: dict[str, str] = field(default_factory=dict)
    secret_sources: dict[str, str] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)
    source: str = ""
    origin: str = "file"
    template: str | None = None

    def note(self, message: str, hint: str = "", severity: Severity = Severity.WARNING) -> None:
        self.notes.append(Problem(severity, "import.note", message, hint))

    def offered(self) -> list[tuple[str, str, str]]:
        """``(field id, label, where found)`` for each secret to offer for the keyring."""
        labels = {c.id: c.label for c in self.destination.credentials}
        return [(f, labels.get(f, f), self.secret_sources.get(f, "")) for f in self.secrets]

    def store_secrets(self, store: SecretStore, fields: list[str] | None = None) -> list[str]:
        """Store the chosen secrets (default: all) under the new profile; return their labels.

        They go through the credentials manager, so "Saved credentials" and
        ``hooksmith credentials list`` show them like any other.

        Raises:
            SecretStoreError: the store refused; nothing after the failing one is stored.
        """
        from app.core.secrets.credentials import CredentialManager

        manager = CredentialManager(store)
        stored = []
        for field_id, label, _ in self.offered():
            if fields is None or field_id in fields:
                manager.set(self.profile, field_id, self.secrets[field_id])
                stored.append(label)
        return stored
