"""Against a real Secret Service (gnome-keyring on a private D-Bus, as scripts/test.sh
starts it): the core store, the credentials manager and the CLI in separate processes
round-trip secrets, nothing lands on disk in clear, and a locked keyring is refused."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import uuid
from pathlib import Path

import keyring
import pytest
from pytestqt.qtbot import QtBot

from app.core.destination.catalogue import get_destination
from app.core.journey.services import Services
from app.core.payload.mapping import new_profile
from app.core.sandbox.server import Sandbox
from app.core.secrets.credentials import CredentialManager
from app.core.secrets.store import KeyringStore, open_store

pytestmark = [
    pytest.mark.secret_service,
    pytest.mark.skipif(
        not os.environ.get("HOOKSMITH_SECRET_SERVICE"),
        reason="needs a real Secret Service: run 'bash scripts/test.sh', which starts "
        "gnome-keyring on a private D-Bus and sets HOOKSMITH_SECRET_SERVICE=1",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
SANDBOX_PASSCODE = "sandbox-passcode"  # the sandbox's demo account accepts only this


def _marker() -> str:
    return f"hs-ss-{uuid.uuid4().hex[:12]}+/="


def _cli(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOOKSMITH_HOME": str(home)}
    env.pop("PYTHON_KEYRING_BACKEND", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def _files_hold(root: Path, secret: str) -> list[str]:
    forms = {secret.encode(), base64.b64encode(secret.encode())}
    return [
        str(p) for p in root.rglob("*") if p.is_file() and any(f in p.read_bytes() for f in forms)
    ]


def test_core_store_round_trips_through_the_secret_service() -> None:
    store = open_store()
    assert isinstance(store, KeyringStore)
    assert store.info().secure and "Secret Service" in store.info().name
    secret, pid = _marker(), uuid.uuid4().hex
    store.set(pid, "passcode", secret)
    try:
        # Another client of the same service sees the entry under "Hooksmith".
        assert keyring.get_password("Hooksmith", f"{pid}/passcode") == secret
        assert KeyringStore().get(pid, "passcode") == secret
    finally:
        store.delete(pid, "passcode")
    assert store.get(pid, "passcode") is None


def test_manager_round_trip_and_nothing_in_clear_on_disk(hooksmith_home: Path) -> None:
    manager = CredentialManager(open_store())
    profile = new_profile(get_destination("clevertap"))
    secret = _marker()
    entry = manager.set(profile, "passcode", secret)
    try:
        assert manager.reveal(entry) == secret
        assert manager.status(entry).state == "stored"
        # gnome-keyring keeps its keyrings under XDG_DATA_HOME: encrypted, never plain.
        data_home = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local/share"))
        assert list(data_home.rglob("*.keyring")), "gnome-keyring wrote no keyring file"
        assert _files_hold(data_home, secret) == []
        assert _files_hold(hooksmith_home, secret) == []
    finally:
        manager.delete(entry)
    assert manager.reveal(entry) is None and manager.entries() == []


def test_cli_round_trip_in_separate_processes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    profile = tmp_path / "ct.hooksmith.json"
    init = _cli(
        home,
        "init",
        "clevertap",
        str(profile),
        "--region",
        "sandbox",
        "--credential",
        "account_id=SANDBOX-PROJECT",
        "--name",
        "Secret Service test",
    )
    assert init.returncode == 0, init.stderr
    outputs = [init]

    stored = _cli(home, "credentials", "set", str(profile), "--stdin", stdin=SANDBOX_PASSCODE)
    outputs.append(stored)
    assert stored.returncode == 0, stored.stderr
    assert "Secrets are stored in: Secret Service" in stored.stderr

    checked = _cli(home, "credentials", "check", str(profile))
    outputs.append(checked)
    assert checked.returncode == 0 and "passcode: stored" in checked.stdout

    fired = _cli(home, "fire", str(profile), "--sandbox")
    outputs.append(fired)
    assert fired.returncode == 0, fired.stdout + fired.stderr
    assert "< 200 OK" in fired.stdout

    listed = _cli(home, "credentials", "list")
    outputs.append(listed)
    assert 'Passcode of "Secret Service test"' in listed.stdout and ": stored" in listed.stdout

    deleted = _cli(home, "credentials", "delete", str(profile))
    outputs.append(deleted)
    assert deleted.returncode == 0
    after = _cli(home, "credentials", "check", str(profile))
    outputs.append(after)
    assert after.returncode == 1 and "passcode: missing" in after.stdout

    for done in outputs:
        assert SANDBOX_PASSCODE not in done.stdout + done.stderr
    assert _files_hold(home, SANDBOX_PASSCODE) == []


LOCKED_SCRIPT = """
import subprocess, sys, secretstorage
connection = secretstorage.dbus_init()
secretstorage.get_default_collection(connection).lock()
done = subprocess.run(
    [sys.executable, "-m", "app", "credentials", "set", sys.argv[1], "--stdin"],
    input=sys.argv[2], capture_output=True, text=True,
)
sys.stdout.write(done.stdout + done.stderr)
sys.exit(done.returncode)
"""


def test_locked_keyring_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    """In a keyring of its own (a new private D-Bus), locked before the CLI runs."""
    home = tmp_path / "home"
    profile = tmp_path / "ct.hooksmith.json"
    assert _cli(home, "init", "clevertap", str(profile)).returncode == 0
    secret = _marker()
    env = {**os.environ, "HOOKSMITH_HOME": str(home), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            "dbus-run-session",
            "--",
            "bash",
            str(ROOT / "scripts/with-keyring.sh"),
            sys.executable,
            "-c",
            LOCKED_SCRIPT,
            str(profile),
            secret,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "the system keyring is locked and was not unlocked" in done.stdout
    assert "Nothing was stored" in done.stdout
    assert secret not in done.stdout + done.stderr
    assert _files_hold(home, secret) == [] and _files_hold(tmp_path, secret) == []


def test_gui_round_trip_wizard_manager_fire_delete(
    qtbot: QtBot, sandbox: Sandbox, hooksmith_home: Path
) -> None:
    """The passcode typed in the wizard lands in gnome-keyring, the manager lists it, a
    fire uses it, and the manager's Delete removes it from the keyring."""
    from app.ui.compat import guard_refcounts
    from app.ui.credentials_manager import CredentialsDialog
    from app.ui.pages.fire import FirePage
    from app.ui.wizard import PageId
    from tests.helpers.wizard_helpers import (
        ScriptedPrompter,
        click,
        open_wizard,
        press_next,
        walk_to_payload,
    )

    guard_refcounts()
    services = Services(store=open_store(), sandbox_factory=lambda: sandbox)
    prompter = ScriptedPrompter()
    wizard = open_wizard(qtbot, services, prompter)
    walk_to_payload(qtbot, wizard, passcode=SANDBOX_PASSCODE)
    profile = wizard.session.profile
    assert profile is not None
    try:
        assert keyring.get_password("Hooksmith", f"{profile.id}/passcode") == SANDBOX_PASSCODE
        dialog = CredentialsDialog(wizard.session, wizard)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
        assert "Secret Service" in dialog.store_label.text()
        row = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
        assert row == ["Send CleverTap Email", "Talon.One → CleverTap", "Passcode", "Stored"]

        press_next(qtbot, wizard, PageId.FIRE)
        fire = wizard.page_for(PageId.FIRE)
        assert isinstance(fire, FirePage)
        with qtbot.waitSignal(fire.runner.resultReady, timeout=10_000):
            click(qtbot, fire.fire_button)
        assert fire.response.summary.text().startswith("200 OK")
        assert SANDBOX_PASSCODE not in fire.response.sent.toPlainText()

        assert dialog.select(profile.id, "passcode")
        prompter.answers = [True]
        click(qtbot, dialog.delete_button)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=10_000)
        qtbot.waitUntil(lambda: not dialog.background.busy, timeout=10_000)
        # (keyring's own chainer would go on to the test doubles behind the Secret Service)
        assert KeyringStore().get(profile.id, "passcode") is None
        assert _files_hold(hooksmith_home, SANDBOX_PASSCODE) == []
    finally:
        KeyringStore().delete(profile.id, "passcode")
