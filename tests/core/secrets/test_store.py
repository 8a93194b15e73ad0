"""The secret stores: the OS keyring through ``keyring`` (an in-memory backend set with
``keyring.set_keyring`` by the conftest), memory for the session, and failing closed on
every backend that is not an operating-system store."""

from __future__ import annotations

import traceback
from typing import ClassVar

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
import keyring.errors
import pytest

from app.core.secrets import logsafe
from app.core.secrets.store import (
    SERVICE,
    KeyringStore,
    KeyringUnavailable,
    MemoryStore,
    SecretStoreError,
    describe_backend,
    open_store,
)
from tests.helpers.keyring_doubles import ChattyKeyring, LockedKeyring, MemoryKeyring

SECRET = "s3cr3t-Pa$$code/+=:\"'\\"


def _fake_backend(module: str, name: str) -> keyring.backend.KeyringBackend:
    """A backend whose class claims ``module.name`` and records what it was given."""

    def set_password(self: object, service: str, username: str, password: str) -> None:
        self.given.append(password)  # type: ignore[attr-defined]

    def get_password(self: object, service: str, username: str) -> str | None:
        return None

    def delete_password(self: object, service: str, username: str) -> None:
        pass

    cls = type(
        name,
        (keyring.backend.KeyringBackend,),
        {
            "__module__": module,
            "__qualname__": name,
            "priority": 1,
            "set_password": set_password,
            "get_password": get_password,
            "delete_password": delete_password,
        },
    )
    backend = cls()
    backend.given = []  # type: ignore[attr-defined]
    return backend


def test_round_trip_one_entry_per_profile_and_field(memory_keyring: MemoryKeyring) -> None:
    store = KeyringStore()
    store.set("p1", "passcode", SECRET)
    store.set("p1", "api_secret", "other-value")
    assert store.get("p1", "passcode") == SECRET
    assert memory_keyring.passwords == {
        (SERVICE, "p1/passcode"): SECRET,
        (SERVICE, "p1/api_secret"): "other-value",
    }
    assert SERVICE == "Hooksmith"
    store.delete("p1", "passcode")
    assert store.get("p1", "passcode") is None
    store.delete("p1", "passcode")  # deleting what is not there is not an error


def test_info_names_the_store(memory_keyring: MemoryKeyring) -> None:
    info = KeyringStore().info()
    assert info.secure and info.persistent and info.kind == "keyring"
    assert info.name == "Test keyring (memory)"


@pytest.mark.parametrize(
    ("module", "name", "label"),
    [
        ("keyring.backends.SecretService", "Keyring", "Secret Service"),
        ("keyring.backends.kwallet", "DBusKeyring", "KDE Wallet"),
        ("keyring.backends.macOS", "Keyring", "macOS Keychain"),
        ("keyring.backends.Windows", "WinVaultKeyring", "Windows Credential Manager"),
        ("keyring.backends.libsecret", "Keyring", "libsecret"),
    ],
)
def test_os_stores_are_secure(module: str, name: str, label: str) -> None:
    info = describe_backend(_fake_backend(module, name))
    assert info.secure and info.persistent
    assert label in info.name and label in info.detail


@pytest.mark.parametrize(
    "backend",
    [
        keyring.backends.fail.Keyring(),
        keyring.backends.null.Keyring(),
        _fake_backend("keyrings.alt.file", "PlaintextKeyring"),
        _fake_backend("keyrings.alt.file", "EncryptedKeyring"),
        _fake_backend("keyrings.alt.Gnome", "Keyring"),
        _fake_backend("some_vendor.keyring", "HomeGrownKeyring"),
    ],
    ids=["fail", "null", "alt-plaintext", "alt-encrypted", "alt-gnome", "unknown"],
)
def test_other_backends_are_refused_and_never_written(
    backend: keyring.backend.KeyringBackend,
) -> None:
    info = describe_backend(backend)
    assert not info.secure and not info.persistent and info.kind == "none"
    store = KeyringStore(backend)
    with pytest.raises(KeyringUnavailable) as caught:
        store.set("p1", "passcode", SECRET)
    assert caught.value.reason == "insecure"
    assert getattr(backend, "given", []) == []
    with pytest.raises(KeyringUnavailable):
        store.get("p1", "passcode")
    with pytest.raises(KeyringUnavailable):
        open_store(backend=backend)


def test_plaintext_backend_message_says_why_and_what_to_do() -> None:
    info = describe_backend(_fake_backend("keyrings.alt.file", "PlaintextKeyring"))
    assert "PlaintextKeyring" in info.detail and "not an operating-system store" in info.detail
    assert "PYTHON_KEYRING_BACKEND" in info.detail


def test_fail_backend_message_names_the_os_stores() -> None:
    info = describe_backend(keyring.backends.fail.Keyring())
    assert info.name == "No system keyring"
    assert "GNOME Keyring" in info.detail and "keyrings.alt" not in info.detail


class _Chainer(keyring.backends.chainer.ChainerBackend):
    backends: ClassVar[list[keyring.backend.KeyringBackend]] = []  # type: ignore[misc]


def test_empty_chainer_is_not_secure() -> None:
    assert not describe_backend(_Chainer()).secure


def test_chainer_is_unwrapped_so_a_locked_keyring_never_falls_through() -> None:
    plaintext = _fake_backend("keyrings.alt.file", "PlaintextKeyring")
    locked = LockedKeyring()
    chainer = _Chainer()
    chainer.backends = [plaintext, locked]
    store = KeyringStore(chainer)
    assert store.info().secure
    with pytest.raises(SecretStoreError, match="locked"):
        store.set("p1", "passcode", SECRET)
    assert plaintext.given == []  # type: ignore[attr-defined]


def test_open_store_prefers_the_keyring_and_offers_memory(memory_keyring: MemoryKeyring) -> None:
    assert isinstance(open_store(), KeyringStore)
    session = open_store(prefer_session=True)
    assert isinstance(session, MemoryStore)
    info = session.info()
    assert info.kind == "session" and not info.persistent
    session.set("p1", "passcode", SECRET)
    assert session.get("p1", "passcode") == SECRET
    assert memory_keyring.passwords == {}


def test_open_store_reports_the_fail_backend() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with pytest.raises(KeyringUnavailable) as caught:
        open_store()
    assert caught.value.reason == "insecure"
    assert "No operating-system keyring" in str(caught.value)


def test_open_store_reports_a_locked_keyring() -> None:
    with pytest.raises(KeyringUnavailable) as caught:
        open_store(backend=LockedKeyring())
    assert caught.value.reason == "locked"
    assert "locked" in str(caught.value) and "Unlock it" in str(caught.value)


@pytest.mark.parametrize("backend", [LockedKeyring(), ChattyKeyring()], ids=["locked", "chatty"])
def test_backend_errors_never_carry_the_value(backend: MemoryKeyring) -> None:
    store = KeyringStore(backend)
    with pytest.raises(SecretStoreError) as caught:
        store.set("p1", "passcode", SECRET)
    error = caught.value
    shown = "".join(traceback.format_exception(error))
    assert SECRET not in shown and repr(SECRET)[1:-1] not in shown
    assert error.__context__ is None and error.__cause__ is None


def test_values_read_or_written_are_masked_in_logs(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.passwords[(SERVICE, "p9/passcode")] = "read-from-keyring-9f2"
    KeyringStore().get("p9", "passcode")
    MemoryStore().set("p9", "other", "typed-into-session-4c1")
    text = logsafe.redact_known("x read-from-keyring-9f2 y typed-into-session-4c1")
    assert text == f"x {logsafe.MASK} y {logsafe.MASK}"
