"""Keyring backends for the secret tests: a dict store and ones that fail like real
keyrings do (locked, chatty errors that quote the value). Registered as trusted, as the
conftest's in-memory backend is, so the failures reach the code under test."""

from __future__ import annotations

import threading
from typing import TypeAlias

import keyring.backend
import keyring.errors

from app.core.secrets.store import register_secure_backend

#: The conftest's ``memory_keyring`` fixture value (a backend with a ``passwords`` dict).
MemoryKeyring: TypeAlias = "DictKeyring"


class DictKeyring(keyring.backend.KeyringBackend):
    """Passwords in a dict."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.passwords:
            raise keyring.errors.PasswordDeleteError(username)
        del self.passwords[(service, username)]


register_secure_backend(DictKeyring, "Test keyring (memory)")


class LockedKeyring(DictKeyring):
    """A locked keyring whose unlock prompt was dismissed; errors quote what they got."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked(f"locked while reading {username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked(f"Failed to unlock; value was {password}")


class ChattyKeyring(DictKeyring):
    """Fails to store with the value in its message (some backends do)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"D-Bus error storing {password!r}")


class BrokenReadKeyring(DictKeyring):
    """Cannot read at all (the service crashed)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError(f"bus error for {username}")


class HeldKeyring(DictKeyring):
    """Answers a read only once the test sets ``release`` (as a keyring waiting on its
    unlock prompt); gives up waiting after 10 s."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(10)
        return super().get_password(service, username)
