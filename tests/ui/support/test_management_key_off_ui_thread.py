"""The support views that read Talon.One's Management API (import, delivery logs,
Applications) never touch the keyring on the UI thread: whether a key is stored, storing
a newly typed key and reading it back all happen on a worker, as the wizard's own
credentials do. A keyring waiting on its unlock prompt leaves the window painting."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.sandbox.management import address, demo_keys
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import KeyringStore
from app.core.support.management import KEY_FIELD, key_owner
from app.ui.support.import_dialog import ImportDialog
from app.ui.support.logs_view import DeliveryLogsDialog
from tests.helpers.keyring_doubles import DictKeyring, HeldKeyring
from tests.helpers.support_helpers import open_tool
from tests.helpers.wizard_helpers import ScriptedPrompter, click, open_wizard, retype

TALON_TAB = 2


class WatchedKeyring(DictKeyring):
    """Notes the thread of every call."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.threads.append(threading.current_thread().name)
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.threads.append(threading.current_thread().name)
        super().set_password(service, username, password)


def on_ui_thread(backend: WatchedKeyring) -> list[str]:
    main = threading.main_thread().name
    return [name for name in backend.threads if name == main]


def test_import_and_logs_read_and_store_the_key_off_the_ui_thread(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    backend = WatchedKeyring()
    store = KeyringStore(backend)
    wizard = open_wizard(
        qtbot, Services(store=store, sandbox_factory=lambda: sandbox), ScriptedPrompter()
    )
    base, key = address(sandbox), demo_keys(sandbox)[0]

    dialog: ImportDialog = open_tool(qtbot, wizard, "import")
    dialog.tabs.setCurrentIndex(TALON_TAB)
    picker = dialog.picker
    retype(qtbot, picker.connection.address, base)
    qtbot.waitUntil(lambda: "No key is stored" in picker.connection.state.text())
    retype(qtbot, picker.connection.key.edit, key)
    with qtbot.waitSignal(dialog.runner.succeeded, timeout=10_000):
        click(qtbot, picker.load_button)
    assert picker.table.rowCount() == 6
    assert picker.connection.key.text() == ""
    qtbot.waitUntil(lambda: "A key for this address is stored" in picker.connection.state.text())
    assert backend.passwords[("Hooksmith", f"{key_owner(base)}/{KEY_FIELD}")] == key

    logs: DeliveryLogsDialog = open_tool(qtbot, wizard, "logs")
    retype(qtbot, logs.connection.address, base)
    qtbot.waitUntil(lambda: "A key for this address is stored" in logs.connection.state.text())
    with qtbot.waitSignal(logs.runner.succeeded, timeout=10_000):
        click(qtbot, logs.load_button)
    assert backend.threads and on_ui_thread(backend) == []


def test_another_address_never_shows_the_last_ones_answer(qtbot: QtBot, sandbox: Sandbox) -> None:
    backend = HeldKeyring()
    backend.release.set()
    store = KeyringStore(backend)
    base = address(sandbox)
    store.set(key_owner(base), KEY_FIELD, demo_keys(sandbox)[0])
    wizard = open_wizard(
        qtbot, Services(store=store, sandbox_factory=lambda: sandbox), ScriptedPrompter()
    )
    logs: DeliveryLogsDialog = open_tool(qtbot, wizard, "logs")
    state = logs.connection.state
    retype(qtbot, logs.connection.address, base)
    qtbot.waitUntil(lambda: "A key for this address is stored" in state.text())
    backend.release.clear()  # the keyring now waits, as on an unlock prompt
    try:
        retype(qtbot, logs.connection.address, "https://other.europe-west1.talon.one")
        qtbot.waitUntil(lambda: "Looking in the secret store" in state.text())
        assert "is stored" not in state.text()
    finally:
        backend.release.set()
    qtbot.waitUntil(lambda: "No key is stored for this address" in state.text())
