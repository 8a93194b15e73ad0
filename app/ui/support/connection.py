"""The Talon.One deployment to read from: its address and the Management API key.

The key goes to the keyring (:func:`app.core.support.management.store_key`) the moment it is
used, and the field is emptied; the address is remembered (it is not secret).

The keyring is never called on the UI thread (it may wait on an unlock prompt): whether
a key is stored is read by a :class:`~app.ui.background.Background` worker, and storing
a typed key and reading the stored one happen in :meth:`Opening.client`, which the
views call on the worker that then reads from Talon.One.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.http.fire import FireSettings
from app.core.secrets.store import SecretStore, SecretStoreError
from app.core.support.management import (
    KEY_FIELD,
    ManagementClient,
    ManagementError,
    key_owner,
    normalise_base,
    read_key,
    remember_base,
    remembered_base,
    store_key,
)
from app.ui.background import Background
from app.ui.widgets import SecretEdit, note, wrapped


class Opening:
    """What one read from Talon.One needs, taken from the fields on the UI thread.

    :meth:`client` does the keyring's part and must be called on a worker thread.
    """

    def __init__(self, store: SecretStore, base: str, typed: str, settings: FireSettings) -> None:
        self.store = store
        self.base = base
        self._typed = typed
        self._settings = settings
        self._client: ManagementClient | None = None

    def client(self) -> ManagementClient:
        """A client for the address: a newly typed key is stored first, then the stored
        key is read (once; later calls give the same client).

        Raises:
            ManagementError: no key typed or stored.
            SecretStoreError: the keyring refused the key.
        """
        if self._client is None:
            if self._typed:
                store_key(self.store, self.base, self._typed)
                self._typed = ""
            key = read_key(self.store, self.base)
            self._client = ManagementClient(self.base, key, settings=self._settings)
        return self._client


class TalonConnection(QGroupBox):
    """Address and key fields, and a line saying whether a key is stored.

    Args:
        store: where the key is kept (the session's secret store).
        settings: the current network settings (timeouts, CA bundle, proxy).
    """

    def __init__(
        self,
        store: SecretStore,
        settings: Callable[[], FireSettings],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Talon.One Management API"))
        self.store = store
        self.settings = settings
        self.background = Background(self)
        self._asking: object | None = None
        #: The keyring entry the state line answers for ("" when it answers for none).
        self._answered_for = ""
        self.address = QLineEdit(remembered_base())
        self.address.setObjectName("talonAddress")
        self.address.setPlaceholderText(self.tr("https://acme.europe-west1.talon.one"))
        self.address.editingFinished.connect(self.refresh_state)
        # Whether a key is stored is re-checked once typing pauses (a keyring read each).
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(300)
        self.timer.timeout.connect(self.refresh_state)
        self.address.textEdited.connect(self.timer.start)
        self.key = SecretEdit()
        self.key.setObjectName("managementKey")
        self.state = wrapped()
        self.state.setObjectName("keyState")
        form = QFormLayout()
        address_label = QLabel(self.tr("Talon.One &address:"))
        address_label.setBuddy(self.address)
        key_label = QLabel(self.tr("Management API &key:"))
        key_label.setBuddy(self.key)
        form.addRow(address_label, self.address)
        form.addRow(key_label, self.key)
        self.state_row = QHBoxLayout()
        self.state_row.addWidget(self.state, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(self.state_row)
        self.refresh_state()

    def add_action(self, button: QPushButton) -> None:
        """Put the button that uses the connection (Load…) beside the key's state."""
        self.state_row.addWidget(button)

    def base(self) -> str:
        """The normalised address; ManagementError says what is wrong with it."""
        return normalise_base(self.address.text())

    def refresh_state(self) -> None:
        """Say whether a key is stored for the address (read off the UI thread), and
        where keys come from."""
        self.timer.stop()
        self._asking = None
        if not self.address.text().strip():
            self._answered_for = ""
            self._show(self.tr("Enter your Campaign Manager's address."), "partial")
            return
        try:
            owner = key_owner(self.address.text())
        except ManagementError:
            self._answered_for = ""
            self._show_stored(False)
            return
        if owner != self._answered_for:
            # Never leave the answer for another address up while the keyring is asked.
            self._show(
                self.tr("Looking in the secret store for a key for this address…"), "partial"
            )
        token = self._asking = object()
        store = self.store

        def stored() -> bool:
            return bool(store.get(owner, KEY_FIELD))

        def done(found: bool | None, error: SecretStoreError | None) -> None:
            if token is self._asking:
                self._answered_for = owner
                self._show_stored(bool(found) and error is None)

        self.background.start(stored, done)

    def _show_stored(self, stored: bool) -> None:
        if stored:
            text = self.tr(
                "A key for this address is stored (secret store: {store}). Type a new one "
                "only to replace it."
            ).format(store=self.store.info().name)
            self._show(text, "ok")
            return
        self._show(
            self.tr(
                "No key is stored for this address. Create one in the Campaign Manager "
                "(Account > Tools > Management API keys) allowing “List webhooks”, “Get "
                "webhook”, “List message log entries”, “List Applications” and (for "
                "samples from a customer) "
                "“List customer profiles matching the given attributes”, and paste it here."
            ),
            "partial",
        )

    def _show(self, text: str, kind: str) -> None:
        self.state.setText(text)
        note(self.state, kind)
        self.key.edit.setPlaceholderText(self.tr("stored") if kind == "ok" else "")

    def open(self) -> Opening:
        """Take the address and a newly typed key for one read (the key field is emptied;
        the key is stored when :meth:`Opening.client` runs, on the worker).

        Raises:
            ManagementError: the address is missing or not usable.
        """
        base = self.base()
        typed = self.key.text().strip()
        self.key.setText("")
        remember_base(base)
        self.address.setText(base)
        return Opening(self.store, base, typed, self.settings())

    def shutdown(self) -> None:
        """Wait briefly for a keyring read in flight (the view is closing)."""
        self.background.shutdown()
