"""Where secrets live: the OS keyring, or (by the user's choice) memory for this session.

Failing closed is the point. Only the operating system's own stores count as secure
(Secret Service, KWallet, macOS Keychain, Windows Credential Manager); keyring's
``fail``/``null`` backends, an empty chainer, ``keyrings.alt`` (plaintext, and the
encrypted file that prompts on stdin) and any other backend are refused with a plain
reason, and the front end offers "keep for this session only" instead. There is never
a silent fallback to a file. A chainer is unwrapped to its first secure backend, so a
locked keyring cannot fall through to a plaintext one behind it.

Every value read or written is remembered by :mod:`app.core.secrets.logsafe`, so it is masked
in logs and tracebacks. Error messages come from the exception *type* only: keyring
backends may quote what they were given.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Protocol

from app.core.secrets.logsafe import MASK as MASK
from app.core.secrets.logsafe import Redactor as Redactor
from app.core.secrets.logsafe import remember

SERVICE = "Hooksmith"
#: A username no entry uses: reading it checks the keyring is reachable and unlocked.
_PROBE = "hooksmith-probe/availability"

#: Backends that are the operating system's own encrypted store (module.class).
_OS_BACKENDS = {
    "keyring.backends.SecretService.Keyring": "Secret Service (GNOME Keyring, KWallet or "
    "KeePassXC)",
    "keyring.backends.libsecret.Keyring": "Secret Service (libsecret)",
    "keyring.backends.kwallet.DBusKeyring": "KDE Wallet",
    "keyring.backends.kwallet.DBusKeyringKWallet4": "KDE Wallet 4",
    "keyring.backends.macOS.Keyring": "macOS Keychain",
    "keyring.backends.Windows.WinVaultKeyring": "Windows Credential Manager",
}
_trusted: dict[str, str] = {}


class SecretStoreError(Exception):
    """The store refused or failed; the message is for the user and holds no secret."""


class KeyringUnavailable(SecretStoreError):
    """No secure keyring can be used now; the front end should offer session-only storage.

    Attributes:
        info: the store that was found (``secure`` is False when it is not an OS store).
        reason: ``insecure`` (no OS store, or one Hooksmith does not trust), ``locked``
            or ``error`` (the store did not answer).
    """

    def __init__(self, message: str, info: StoreInfo, reason: str) -> None:
        super().__init__(message)
        self.info = info
        self.reason = reason


@dataclass(frozen=True)
class StoreInfo:
    """What the credentials page says about where secrets go.

    Attributes:
        kind: ``keyring`` (an OS store), ``session`` (memory) or ``none`` (refused).
    """

    name: str
    secure: bool
    persistent: bool
    detail: str
    kind: str = "keyring"


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
            kind="session",
        )

    def get(self, profile_id: str, field: str) -> str | None:
        with self._lock:
            value = self._values.get((profile_id, field))
        if value:
            remember(value)
        return value

    def set(self, profile_id: str, field: str, value: str) -> None:
        remember(value)
        with self._lock:
            self._values[(profile_id, field)] = value

    def delete(self, profile_id: str, field: str) -> None:
        with self._lock:
            self._values.pop((profile_id, field), None)


def register_secure_backend(cls: type, label: str | None = None) -> None:
    """Trust a ``keyring`` backend class (and its subclasses) as a secure store.

    For test suites with an in-memory backend and for embedders with a vetted store;
    never driven by configuration, so a user cannot be talked into a plaintext file.
    """
    _trusted[f"{cls.__module__}.{cls.__qualname__}"] = label or cls.__name__


def _secure_label(backend: object) -> str | None:
    for klass in type(backend).__mro__:
        key = f"{klass.__module__}.{klass.__qualname__}"
        label = _OS_BACKENDS.get(key) or _trusted.get(key)
        if label:
            return label
    return None


def _is_a(obj: object, class_name: str) -> bool:
    """Whether ``obj`` is an instance of a class named ``class_name`` (by its MRO)."""
    klasses = type(obj).__mro__ if not isinstance(obj, type) else obj.__mro__
    return any(k.__name__ == class_name for k in klasses)


def _is_chainer(backend: object) -> bool:
    return any(k.__module__ == "keyring.backends.chainer" for k in type(backend).__mro__)


def resolve_backend(backend: object) -> object:
    """The backend to talk to: a chainer is replaced by its first secure member.

    Talking to the chainer itself would let a locked keyring fall through to whatever
    plaintext backend is chained behind it.
    """
    if _is_chainer(backend):
        members = list(getattr(backend, "backends", []))
        return next((b for b in members if _secure_label(b)), backend)
    return backend


def describe_backend(backend: object) -> StoreInfo:
    """Say whether a ``keyring`` backend is an OS store, in words for the user."""
    backend = resolve_backend(backend)
    label = _secure_label(backend)
    if label:
        return StoreInfo(
            label,
            secure=True,
            persistent=True,
            detail=f"Secrets are stored in {label}, encrypted by your operating system.",
        )
    cls = type(backend)
    module = cls.__module__
    if module in ("keyring.backends.fail", "keyring.backends.null") or _is_chainer(backend):
        name = "No system keyring"
        detail = (
            "No operating-system keyring (such as GNOME Keyring, KWallet, macOS Keychain or "
            "Windows Credential Manager) is available. Install or start one and try again."
        )
    else:
        name = f"Untrusted keyring ({cls.__name__} from {module})"
        detail = (
            f"The keyring backend in use, {cls.__name__} from {module}, is not an "
            "operating-system store, so Hooksmith does not trust it with secrets (plaintext "
            "and file-based keyrings such as keyrings.alt can be read by anyone with your "
            "files). Remove it, or unset PYTHON_KEYRING_BACKEND, to use the system keyring."
        )
    return StoreInfo(name, secure=False, persistent=False, detail=detail, kind="none")


class KeyringStore:
    """The OS keyring through the ``keyring`` package, failing closed.

    Args:
        backend: a ``keyring`` backend to use instead of the detected one (tests).
    """

    def __init__(self, backend: object | None = None) -> None:
        # The backend is found on first use, not here: keyring's discovery imports every
        # backend (and cryptography), which the first page must not wait for.
        self._given = backend
        self._found: tuple[Any, StoreInfo] | None = None
        self._lock = threading.Lock()

    def _discover(self) -> tuple[Any, StoreInfo]:
        with self._lock:
            if self._found is None:
                import keyring

                chosen = self._given if self._given is not None else keyring.get_keyring()
                backend = resolve_backend(chosen)
                self._found = (backend, describe_backend(backend))
            return self._found

    @property
    def _backend(self) -> Any:
        return self._discover()[0]

    @property
    def _info(self) -> StoreInfo:
        return self._discover()[1]

    def info(self) -> StoreInfo:
        return self._info

    def _require_secure(self) -> None:
        if not self._info.secure:
            raise KeyringUnavailable(self._info.detail, self._info, "insecure")

    def _call(self, action: str, method: str, *args: str) -> Any:
        """Call the backend; failures become a message built from the exception type.

        The error is raised outside the ``except`` block so that it carries no
        ``__context__``: the backend's exception (and its frames) may hold the value.
        """
        self._require_secure()
        failure: tuple[str, str] | None = None
        try:
            return getattr(self._backend, method)(SERVICE, *args)
        except Exception as exc:
            if method == "delete_password" and _is_a(exc, "PasswordDeleteError"):
                return None  # nothing stored: deleting is done
            failure = (
                _keyring_message(exc, action),
                "locked" if _is_a(exc, "KeyringLocked") else "",
            )
        if action == "open":
            reason = "locked" if failure[1] == "locked" else "error"
            raise KeyringUnavailable(failure[0], self._info, reason)
        raise SecretStoreError(failure[0])

    def check(self) -> None:
        """Make sure secrets can be read and written now (may show the OS unlock prompt).

        Raises:
            KeyringUnavailable: not an OS store, locked, or not answering.
        """
        self._call("open", "get_password", _PROBE)

    def get(self, profile_id: str, field: str) -> str | None:
        value = self._call("read", "get_password", _username(profile_id, field))
        if value is None:
            return None
        remember(str(value))
        return str(value)

    def set(self, profile_id: str, field: str, value: str) -> None:
        remember(value)
        self._call("save", "set_password", _username(profile_id, field), value)

    def delete(self, profile_id: str, field: str) -> None:
        """Delete the entry; deleting one that does not exist is not an error."""
        self._call("delete", "delete_password", _username(profile_id, field))


_ACTIONS = {
    "open": "open the system keyring",
    "read": "read the secret",
    "save": "save the secret",
    "delete": "delete the secret",
}


def _keyring_message(exc: Exception, action: str) -> str:
    """A message from the exception's type only: backends may echo values in messages."""
    kind = type(exc).__name__
    what = _ACTIONS.get(action, action)
    if _is_a(exc, "KeyringLocked"):
        return (
            f"Could not {what}: the system keyring is locked and was not unlocked. "
            "Unlock it (log in again, or open your passwords app) and try again."
        )
    if kind in ("InitError", "NoKeyringError"):
        return (
            f"Could not {what}: the system keyring could not be opened ({kind}). "
            "It may be locked with its unlock prompt dismissed, or not running."
        )
    return f"Could not {what}: the system keyring reported {kind}."


def open_store(prefer_session: bool = False, *, backend: object | None = None) -> SecretStore:
    """The store a front end uses: the OS keyring, or memory when the user chose that.

    The GUI and the CLI both call this. When it raises, show the message and offer
    "keep for this session only", which calls ``open_store(prefer_session=True)``.

    Args:
        prefer_session: the user chose to keep secrets in memory for this session.
        backend: a ``keyring`` backend instead of the detected one (tests).

    Raises:
        KeyringUnavailable: no secure keyring, or it is locked or not answering.
    """
    if prefer_session:
        return MemoryStore()
    store = KeyringStore(backend)
    store.check()
    return store
