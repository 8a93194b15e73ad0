"""Shared fixtures. Every test gets its own HOOKSMITH_HOME and an in-memory keyring
backend (set with ``keyring.set_keyring``, as the keyring package intends), so no test
touches the developer's files or real keyring unless it asks for the Secret Service."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import KeyringStore, MemoryStore
from tests.helpers.keyring_doubles import DictKeyring

SANDBOX_ACCOUNT = {"account_id": "SANDBOX-PROJECT", "passcode": "sandbox-passcode"}


#: The in-memory keyring every test gets (a real ``KeyringBackend`` keeping a dict);
#: keyring_doubles registers it as trusted, standing in for an OS keyring.
MemoryKeyring = DictKeyring


@pytest.fixture(autouse=True)
def hooksmith_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Redirect every file Hooksmith writes (config, data, cache, log) to a temp root."""
    home = tmp_path_factory.mktemp("hooksmith-home")
    monkeypatch.setenv("HOOKSMITH_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def memory_keyring(request: pytest.FixtureRequest) -> Iterator[MemoryKeyring | None]:
    """The in-memory keyring for every test, except Secret Service integration tests."""
    if request.node.get_closest_marker("secret_service"):
        yield None
        return
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _known_secrets_per_test() -> Iterator[None]:
    """Secrets are remembered process-wide (so logs mask them); a test's secrets must not
    mask an ordinary value of a later test (a recorded profile then reads as masked)."""
    from app.core.secrets import logsafe

    before = logsafe.KNOWN.forms()
    yield
    logsafe.KNOWN.restore(before)


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    """One sandbox for the session (stopping a server costs ~0.5 s)."""
    with Sandbox() as running:
        yield running


@pytest.fixture
def services(sandbox: Sandbox, memory_keyring: MemoryKeyring) -> Services:
    """Services with the in-memory keyring and the shared sandbox."""
    return Services(store=KeyringStore(memory_keyring), sandbox_factory=lambda: sandbox)


@pytest.fixture
def memory_services(sandbox: Sandbox) -> Services:
    return Services(store=MemoryStore(), sandbox_factory=lambda: sandbox)


@pytest.fixture(scope="session", autouse=True)
def _collect_garbage_between_tests() -> Iterator[None]:
    """As the app does (app.ui.compat.collect_garbage_between_events): no automatic
    cycle collection in the middle of a Qt call; collect after each test instead."""
    import gc

    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_after_test() -> Iterator[None]:
    import gc

    yield
    gc.collect()
