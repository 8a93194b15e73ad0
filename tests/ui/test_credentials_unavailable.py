"""No usable keyring: the credentials page says so plainly, never writes the secret
anywhere, keeps what was typed, and "keep for this session only" works."""

from __future__ import annotations

from pathlib import Path

import keyring.backends.fail
import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.core.secrets.credentials import CredentialManager
from app.core.secrets.store import KeyringStore, MemoryStore
from app.ui.credentials_manager import CredentialsDialog
from app.ui.pages.credentials import CredentialsPage
from app.ui.wizard import PageId
from tests.helpers.keyring_doubles import LockedKeyring
from tests.helpers.wizard_helpers import ScriptedPrompter, click, press_next, retype, wizard_at

SECRET = "Unavail-passcode-5521"


def files_holding(root: Path, secret: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


@pytest.mark.parametrize(
    ("backend", "said"),
    [
        (keyring.backends.fail.Keyring(), "No operating-system keyring"),
        (LockedKeyring(), "the system keyring is locked"),
    ],
    ids=["none", "locked"],
)
def test_the_page_explains_never_writes_and_session_only_works(
    qtbot: QtBot, sandbox: Sandbox, hooksmith_home: Path, backend: object, said: str
) -> None:
    services = Services(store=KeyringStore(backend), sandbox_factory=lambda: sandbox)
    prompter = ScriptedPrompter()
    wizard = wizard_at(qtbot, services, PageId.CREDENTIALS, prompter, region="sandbox")
    page = wizard.page_for(PageId.CREDENTIALS)
    assert isinstance(page, CredentialsPage)
    qtbot.waitUntil(page.session_only.isVisible, timeout=5000)
    assert said in page.store_detail.text()
    assert "for this session only" in page.store_detail.text()

    account = page.fields["account_id"]
    assert isinstance(account, QLineEdit)
    retype(qtbot, account, "SANDBOX-PROJECT")
    retype(qtbot, page.fields["passcode"].edit, SECRET)  # type: ignore[union-attr]
    press_next(qtbot, wizard, PageId.CREDENTIALS)  # refused: no plaintext fallback
    assert "Keep secrets for this session only" in page.message.text()
    assert SECRET not in page.message.text()
    assert page.fields["passcode"].text() == SECRET  # nothing typed is lost
    assert files_holding(hooksmith_home, SECRET) == []
    assert not (hooksmith_home / "data" / "credentials.json").exists()
    assert getattr(backend, "passwords", {}) == {}

    click(qtbot, page.session_only)
    assert isinstance(services.store, MemoryStore)
    assert "This session only (memory)" in page.store_name.text()
    assert not page.session_only.isVisible()
    press_next(qtbot, wizard, PageId.MAPPING)
    profile = wizard.session.profile
    assert profile is not None and services.store.get(profile.id, "passcode") == SECRET
    # Listed in the manager for this session, and the list itself is kept in memory too.
    assert [e.label for e in CredentialManager(services.store).entries()] == ["Passcode"]
    dialog = CredentialsDialog(wizard.session, wizard)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    assert dialog.store_label.text() == "Store: This session only (memory)"

    # The journey goes on in memory: the fire sends the secret kept in memory.
    press_next(qtbot, wizard, PageId.PAYLOAD)
    press_next(qtbot, wizard, PageId.FIRE)
    fire = wizard.page_for(PageId.FIRE)
    with qtbot.waitSignal(fire.runner.resultReady, timeout=10_000):  # type: ignore[attr-defined]
        click(qtbot, fire.fire_button)  # type: ignore[attr-defined]
    assert sandbox.received[-1].header("X-CleverTap-Passcode") == SECRET
    assert SECRET not in fire.response.sent.toPlainText()  # type: ignore[attr-defined]
    assert files_holding(hooksmith_home, SECRET) == []
    assert not list(hooksmith_home.rglob("credentials.json"))


def test_check_again_finds_an_unlocked_keyring(qtbot: QtBot, sandbox: Sandbox) -> None:
    backend = LockedKeyring()
    store = KeyringStore(backend)
    services = Services(store=store, sandbox_factory=lambda: sandbox)
    wizard = wizard_at(qtbot, services, PageId.CREDENTIALS, region="sandbox")
    page = wizard.page_for(PageId.CREDENTIALS)
    assert isinstance(page, CredentialsPage)
    check = page.store_box.check_again
    qtbot.waitUntil(check.isVisible, timeout=5000)
    store._found = (_Unlocked(), store.info())  # the user unlocked it in their passwords app
    click(qtbot, check)
    qtbot.waitUntil(lambda: "encrypted by your" in page.store_detail.text(), timeout=5000)
    assert not page.session_only.isVisible() and not check.isVisible()


class _Unlocked(LockedKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        return None
