"""Secrets: the OS keyring (or, by choice, memory for this session), and redaction.

Secrets never go to a file, a log, an export or an exception message. Every place
that shows a request or response runs it through a :class:`Redactor` first, which
knows each secret in plain, URL-encoded, JSON-escaped and base64 (``Basic`` auth)
forms.
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote, quote_plus

SERVICE = "Hooksmith"
MASK = "••••••"


class SecretStoreError(Exception):
    """The store refused or failed; the message is for the user and holds no secret."""


@dataclass(frozen=True)
class StoreInfo:
    """What the credentials page says about where secrets go."""

    name: str
    secure: bool
    persistent: bool
    detail: str


class SecretStore(Protocol):
    """Where credentials live. Keys are (profile id, field id)."""

    def info(self) -> StoreInfo: ...

    def get(self, profile_id: str, field: str) -> str | None: ...

    def set(self, profile_id: str, field: str, value: str) -> None: ...

    def delete(self, profile_id: str, field: str) -> None: ...


def _username(profile_id: str, field: str) -> str:
    return f"{profile_id}/{field}"


class MemoryStore:
    """Secrets kept in this process only, forgotten when Hooksmith closes."""

    def __init__(self) -> None:
        self._values: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def info(self) -> StoreInfo:
        return StoreInfo(
            "This session only (memory)",
            secure=True,
            persistent=False,
            detail="Secrets are kept in memory and forgotten when Hooksmith closes.",
        )

    def get(self, profile_id: str, field: str) -> str | None:
        with self._lock:
            return self._values.get((profile_id, field))

    def set(self, profile_id: str, field: str, value: str) -> None:
        with self._lock:
            self._values[(profile_id, field)] = value

    def delete(self, profile_id: str, field: str) -> None:
        with self._lock:
            self._values.pop((profile_id, field), None)


#: Backends that store in plain or recoverable form, or not at all.
_INSECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")
_NAMES = {
    "SecretService": "Secret Service (GNOME Keyring / KWallet)",
    "kwallet": "KWallet",
    "macOS": "macOS Keychain",
    "Windows": "Windows Credential Locker",
    "libsecret": "Secret Service (libsecret)",
}


def describe_backend(backend: object) -> StoreInfo:
    """Say whether a ``keyring`` backend is a real OS store, in words for the user."""
    cls = type(backend)
    module = cls.__module__
    if module.startswith(_INSECURE_MODULES) or getattr(cls, "priority", 1) <= 0:
        return StoreInfo(
            f"No secure store ({cls.__name__} from {module})",
            secure=False,
            persistent=False,
            detail="No operating-system keyring is available. Secrets can be kept for this "
            "session only; they are never written to a file.",
        )
    if module == "keyring.backends.chainer":
        inner = list(getattr(backend, "backends", []))
        secure = [b for b in inner if describe_backend(b).secure]
        if not secure:
            return describe_backend(_NoBackend())
        return describe_backend(secure[0])
    label = next((v for k, v in _NAMES.items() if k in module), f"{module}.{cls.__name__}")
    return StoreInfo(
        label,
        secure=True,
        persistent=True,
        detail=f"Secrets are stored in {label}, encrypted by your operating system.",
    )


class _NoBackend:
    priority = 0


class KeyringStore:
    """The OS keyring through the ``keyring`` package, failing closed.

    Args:
        backend: a ``keyring`` backend to use instead of the detected one (tests).
    """

    def __init__(self, backend: object | None = None) -> None:
        import keyring

        self._backend = backend if backend is not None else keyring.get_keyring()

    def info(self) -> StoreInfo:
        return describe_backend(self._backend)

    def _require_secure(self) -> None:
        info = self.info()
        if not info.secure:
            raise SecretStoreError(f"{info.name}: {info.detail}")

    def get(self, profile_id: str, field: str) -> str | None:
        self._require_secure()
        try:
            value = self._backend.get_password(SERVICE, _username(profile_id, field))  # type: ignore[attr-defined]
        except Exception as exc:
            raise SecretStoreError(_keyring_message(exc, "read")) from None
        return None if value is None else str(value)

    def set(self, profile_id: str, field: str, value: str) -> None:
        self._require_secure()
        try:
            self._backend.set_password(SERVICE, _username(profile_id, field), value)  # type: ignore[attr-defined]
        except Exception as exc:
            raise SecretStoreError(_keyring_message(exc, "save")) from None

    def delete(self, profile_id: str, field: str) -> None:
        self._require_secure()
        import keyring.errors

        try:
            self._backend.delete_password(SERVICE, _username(profile_id, field))  # type: ignore[attr-defined]
        except keyring.errors.PasswordDeleteError:
            return
        except Exception as exc:
            raise SecretStoreError(_keyring_message(exc, "delete")) from None


def _keyring_message(exc: Exception, action: str) -> str:
    """A message from the exception's type only: backends may echo values in messages."""
    kind = type(exc).__name__
    if kind == "KeyringLocked":
        return f"Could not {action} the secret: the keyring is locked. Unlock it and try again."
    if kind in ("InitError", "NoKeyringError"):
        return f"Could not {action} the secret: the system keyring is not available ({kind})."
    return f"Could not {action} the secret: the keyring reported {kind}."


class Redactor:
    """Replaces every known secret, in every form it may take, by a mask."""

    def __init__(self, secrets: list[str] | None = None) -> None:
        self._forms: set[str] = set()
        for secret in secrets or []:
            self.add(secret)

    def add(self, secret: str) -> None:
        if not secret or len(secret) < 3:
            return
        self._forms.update(
            {
                secret,
                quote(secret, safe=""),
                quote_plus(secret),
                json.dumps(secret)[1:-1],
                base64.b64encode(secret.encode()).decode(),
            }
        )

    def add_basic(self, username: str, password: str) -> None:
        """Also mask the ``Basic`` token of ``username:password``."""
        self.add(password)
        self.add(base64.b64encode(f"{username}:{password}".encode()).decode())

    def redact(self, text: str) -> str:
        for form in sorted(self._forms, key=len, reverse=True):
            if form in text:
                text = text.replace(form, MASK)
        return text

    def redact_bytes(self, data: bytes) -> bytes:
        if not self._forms:
            return data
        return self.redact(data.decode("utf-8", "surrogateescape")).encode(
            "utf-8", "surrogateescape"
        )

    def __bool__(self) -> bool:
        return bool(self._forms)
