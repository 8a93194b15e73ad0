"""The Talon.One deployment to read from: its address and the Management API key.

The key goes to the keyring (:func:`app.core.support.management.store_key`) the moment it is
used, and the field is emptied; the address is remembered (it is not secret).
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
from app.ui.widgets import SecretEdit, note, wrapped


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

    def key_stored(self) -> bool:
        try:
            return bool(self.store.get(key_owner(self.address.text()), KEY_FIELD))
        except (ManagementError, SecretStoreError):
            return False

    def refresh_state(self) -> None:
        """Say whether a key is stored for the address, and where keys come from."""
        self.timer.stop()
        if not self.address.text().strip():
            text, kind = self.tr("Enter your Campaign Manager's address."), "partial"
        elif self.key_stored():
            text = self.tr(
                "A key for this address is stored (secret store: {store}). Type a new one "
                "only to replace it."
            ).format(store=self.store.info().name)
            kind = "ok"
        else:
            text = self.tr(
                "No key is stored for this address. Create one in the Campaign Manager "
                "(Account > Tools > Management API keys) allowing “List webhooks”, “Get "
                "webhook”, “List message log entries”, “List Applications” and (for "
                "samples from a customer) "
                "“List customer profiles matching the given attributes”, and paste it here."
            )
            kind = "partial"
        self.state.setText(text)
        note(self.state, kind)
        self.key.edit.setPlaceholderText(self.tr("stored") if kind == "ok" else "")

    def client(self) -> ManagementClient:
        """A client for the address, storing a newly typed key in the keyring first.

        Raises:
            ManagementError: no usable address, or no key typed or stored.
            SecretStoreError: the keyring refused the key.
        """
        base = self.base()
        typed = self.key.text().strip()
        if typed:
            store_key(self.store, base, typed)
            self.key.setText("")
        key = read_key(self.store, base)
        remember_base(base)
        self.address.setText(base)
        self.refresh_state()
        return ManagementClient(base, key, settings=self.settings())
