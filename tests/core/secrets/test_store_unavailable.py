"""No usable keyring (keyring's fail backend, a plaintext one, a locked or erroring one):
the user is told why, can go on for this session only, and the secret is written
nowhere: not in a file under any folder Hooksmith or the test touched, not in output."""

from __future__ import annotations

import io
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import pytest

from app.cli import main
from app.core.destination.catalogue import get_destination
from app.core.journey.journey import Journey
from app.core.journey.services import Services
from app.core.payload.mapping import new_profile
from app.core.sandbox.server import Sandbox
from app.core.secrets.credentials import CredentialManager, default_index_path
from app.core.secrets.store import KeyringUnavailable, MemoryStore, SecretStoreError, open_store
from tests.helpers.keyring_doubles import ChattyKeyring, LockedKeyring
from tests.helpers.leakscan import leak_forms, scan_bytes, scan_tree


class PlaintextKeyring(keyring.backend.KeyringBackend):
    """Stands in for keyrings.alt's file backend: it would write what it is given."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.given: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.given.append(password)

    def delete_password(self, service: str, username: str) -> None:
        pass


PlaintextKeyring.__module__ = "keyrings.alt.file"

#: (id, backend factory, what the message says, whether open_store() refuses it)
BACKENDS: list[tuple[str, Callable[[], object], str, bool]] = [
    ("fail", keyring.backends.fail.Keyring, "No operating-system keyring", True),
    ("plaintext", PlaintextKeyring, "not an operating-system store", True),
    ("locked", LockedKeyring, "locked and was not unlocked", True),
    ("erroring", ChattyKeyring, "the system keyring reported RuntimeError", False),
]


@pytest.fixture
def world(tmp_path: Path, hooksmith_home: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.chdir(tmp_path)
    return {"root": tmp_path, "home": hooksmith_home}


def _no_leaks(secret: str, roots: list[Path], printed: str) -> None:
    forms = leak_forms(secret, users=["ACC-UNAVAILABLE"])
    hits = scan_bytes("output", printed.encode(), forms)
    for root in roots:
        hits += scan_tree(root, forms)
    assert not hits, "\n".join(map(str, hits))


@pytest.mark.parametrize(
    ("factory", "message", "refused"),
    [b[1:] for b in BACKENDS],
    ids=[b[0] for b in BACKENDS],
)
def test_cli_set_explains_and_writes_nothing(
    factory: Callable[[], object],
    message: str,
    refused: bool,
    world: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    backend = factory()
    keyring.set_keyring(backend)
    secret = f"unavail-{uuid.uuid4().hex[:8]}+/="
    profile = world["root"] / "p.hooksmith.json"
    init = ["init", "clevertap", str(profile), "--region", "sandbox"]
    assert main([*init, "--credential", "account_id=ACC-UNAVAILABLE"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(secret + "\n"))
    assert main(["credentials", "set", str(profile), "--stdin"]) == 2
    out, err = capfd.readouterr()
    assert message in err
    if refused:
        assert f"hooksmith fire {profile} --ask-secrets" in err
    assert getattr(backend, "given", []) == []
    assert not default_index_path().exists()
    _no_leaks(secret, [world["root"], world["home"]], out + err)


@pytest.mark.parametrize(
    ("factory", "message", "refused"),
    [b[1:] for b in BACKENDS],
    ids=[b[0] for b in BACKENDS],
)
def test_core_offers_the_session_and_writes_nothing(
    factory: Callable[[], object],
    message: str,
    refused: bool,
    world: dict[str, Path],
    sandbox: Sandbox,
) -> None:
    keyring.set_keyring(factory())
    secret = f"unavail-{uuid.uuid4().hex[:8]}+/="
    profile = new_profile(get_destination("clevertap"), credentials={"account_id": "ACC-U"})
    if refused:
        with pytest.raises(KeyringUnavailable) as caught:
            open_store()
        assert message in str(caught.value) and secret not in str(caught.value)
    else:
        with pytest.raises(SecretStoreError) as failed:
            CredentialManager(open_store()).set(profile, "passcode", secret)
        assert message in str(failed.value) and secret not in str(failed.value)
    # The user chose "keep for this session only".
    store = open_store(prefer_session=True)
    assert isinstance(store, MemoryStore) and store.info().kind == "session"
    manager = CredentialManager(store)
    manager.set(profile, "passcode", secret)
    assert [e.field for e in manager.entries()] == ["passcode"]
    services = Services(store=store, sandbox_factory=lambda: sandbox)
    assert Journey(profile, services).read_secrets() == {"passcode": secret}
    assert not default_index_path().exists()
    _no_leaks(secret, [world["root"], world["home"]], "")


def test_cli_fire_can_ask_for_the_secret_for_one_run(
    world: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Without a keyring the CLI's session-only choice is --ask-secrets."""
    keyring.set_keyring(keyring.backends.fail.Keyring())
    secret = f"unavail-{uuid.uuid4().hex[:8]}+/="
    own = Sandbox(accounts={"clevertap": [{"account_id": "ACC-U", "passcode": secret}]})
    monkeypatch.setattr(Services, "sandbox", lambda self: own.start() and own)
    profile = world["root"] / "p.hooksmith.json"
    main(
        ["init", "clevertap", str(profile), "--region", "sandbox", "--credential=account_id=ACC-U"]
    )
    try:
        assert main(["fire", str(profile), "--sandbox"]) == 2
        assert "No operating-system keyring" in capfd.readouterr().err
        monkeypatch.setattr("sys.stdin", io.StringIO(secret + "\n"))
        assert main(["fire", str(profile), "--sandbox", "--ask-secrets"]) == 0
    finally:
        own.stop()
    out, err = capfd.readouterr()
    assert "< 200 OK" in out
    _no_leaks(secret, [world["root"], world["home"]], out + err)
