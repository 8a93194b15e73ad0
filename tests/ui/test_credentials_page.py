"""The credentials page: masked secrets in the keyring only, failing closed, demo accounts."""

from __future__ import annotations

import keyring.backend
import keyring.backends.fail
import keyring.errors
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.core.secrets import logsafe
from app.core.secrets.store import KeyringStore, MemoryStore, register_secure_backend
from app.ui.pages.credentials import CredentialsPage
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import click, press_next, retype, wizard_at


class LockedKeyring(keyring.backend.KeyringBackend):
    """A keyring that exists but stays locked (the user dismissed the unlock prompt)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


register_secure_backend(LockedKeyring, "Test keyring (locked)")


def page_of(wizard: HooksmithWizard) -> CredentialsPage:
    page = wizard.page_for(PageId.CREDENTIALS)
    assert isinstance(page, CredentialsPage)
    return page


def type_credentials(qtbot: QtBot, page: CredentialsPage, project: str, passcode: str) -> None:
    account = page.fields["account_id"]
    assert isinstance(account, QLineEdit)
    retype(qtbot, account, project)
    retype(qtbot, page.fields["passcode"].edit, passcode)  # type: ignore[union-attr]


def test_passcode_is_masked_with_a_show_toggle_and_goes_to_the_store_only(
    qtbot: QtBot, services: Services
) -> None:
    wizard = wizard_at(qtbot, services, PageId.CREDENTIALS, region="eu")
    page = page_of(wizard)
    secret = page.fields["passcode"]
    edit = secret.edit  # type: ignore[union-attr]
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    click(qtbot, secret.toggle)  # type: ignore[union-attr]
    assert edit.echoMode() == QLineEdit.EchoMode.Normal
    click(qtbot, secret.toggle)  # type: ignore[union-attr]
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    assert "Test keyring" in page.store_name.text()
    assert not page.session_only.isVisible()
    assert not page.demo.isVisible()  # only for the sandbox region

    press_next(qtbot, wizard, PageId.CREDENTIALS)  # nothing typed: stays, says what to do
    assert page.message.text() == "Enter the Project ID; CleverTap needs it."
    type_credentials(qtbot, page, "W9R-486-4W5Z", "s3cret-passcode")
    press_next(qtbot, wizard, PageId.MAPPING)
    profile = wizard.session.profile
    assert profile is not None
    assert profile.credentials == {"account_id": "W9R-486-4W5Z"}
    assert services.store.get(profile.id, "passcode") == "s3cret-passcode"
    assert "s3cret-passcode" not in str(profile.to_json())
    # Only the secret is masked from now on (logs, history); the project ID stays readable.
    assert logsafe.redact_known("W9R-486-4W5Z s3cret-passcode") == f"W9R-486-4W5Z {logsafe.MASK}"

    wizard.back()  # Back keeps what was typed
    assert page.fields["passcode"].text() == "s3cret-passcode"


def test_no_secure_keyring_says_so_and_offers_session_only(qtbot: QtBot, sandbox: Sandbox) -> None:
    services = Services(
        store=KeyringStore(keyring.backends.fail.Keyring()), sandbox_factory=lambda: sandbox
    )
    wizard = wizard_at(qtbot, services, PageId.CREDENTIALS, region="eu")
    page = page_of(wizard)
    assert page.session_only.isVisible()
    assert "No system keyring" in page.store_name.text()
    assert "for this session only" in page.store_detail.text()
    type_credentials(qtbot, page, "W9R-486-4W5Z", "s3cret-passcode")
    press_next(qtbot, wizard, PageId.CREDENTIALS)  # refused: never a plaintext fallback
    assert "Keep secrets for this session only" in page.message.text()

    click(qtbot, page.session_only)
    assert isinstance(services.store, MemoryStore)
    assert "This session only" in page.store_name.text()
    assert page.fields["passcode"].text() == "s3cret-passcode"  # nothing typed is lost
    press_next(qtbot, wizard, PageId.MAPPING)
    profile = wizard.session.profile
    assert profile is not None and services.store.get(profile.id, "passcode") == "s3cret-passcode"


def test_a_locked_keyring_is_detected_on_arrival(qtbot: QtBot, sandbox: Sandbox) -> None:
    services = Services(store=KeyringStore(LockedKeyring()), sandbox_factory=lambda: sandbox)
    wizard = wizard_at(qtbot, services, PageId.CREDENTIALS, region="eu")
    page = page_of(wizard)
    # The check runs off the UI thread (a real keyring may show its unlock prompt).
    qtbot.waitUntil(lambda: "locked" in page.store_detail.text(), timeout=5000)
    assert page.session_only.isVisible()


def test_sandbox_demo_credentials_fill_the_fields(qtbot: QtBot, memory_services: Services) -> None:
    wizard = wizard_at(qtbot, memory_services, PageId.CREDENTIALS, region="sandbox")
    page = page_of(wizard)
    assert page.demo.isVisible()
    click(qtbot, page.demo)
    expected = memory_services.sandbox().accounts("clevertap")[0]
    assert page.fields["account_id"].text() == expected["account_id"]
    assert page.fields["passcode"].text() == expected["passcode"]
