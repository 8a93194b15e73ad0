"""Next while the keyring is still being read says so, instead of asking for a secret
that is stored; once the read ends the stored secret is used."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import KeyringStore
from app.ui.pages.credentials import CredentialsPage
from app.ui.wizard import PageId
from tests.helpers.keyring_doubles import HeldKeyring
from tests.helpers.wizard_helpers import ScriptedPrompter, press_next, wizard_at


def test_next_during_the_keyring_read_waits_for_it(qtbot: QtBot, sandbox: Sandbox) -> None:
    backend = HeldKeyring()
    services = Services(store=KeyringStore(backend), sandbox_factory=lambda: sandbox)
    wizard = wizard_at(
        qtbot,
        services,
        PageId.CREDENTIALS,
        ScriptedPrompter(),
        region="sandbox",
        credentials={"account_id": "SANDBOX-PROJECT"},
    )
    page = wizard.page_for(PageId.CREDENTIALS)
    assert isinstance(page, CredentialsPage)
    backend.set_password("Hooksmith", f"{wizard.session.profile.id}/passcode", "sandbox-passcode")
    try:
        qtbot.waitUntil(lambda: page.background.busy, timeout=3000)
        press_next(qtbot, wizard, PageId.CREDENTIALS)
        assert "Still reading your keyring" in page.message.text()
        assert "Enter the" not in page.message.text()
    finally:
        backend.release.set()
    qtbot.waitUntil(lambda: page.fields["passcode"].text() == "sandbox-passcode", timeout=5000)
    press_next(qtbot, wizard, PageId.MAPPING)
