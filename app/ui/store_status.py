"""The credentials page's "Where secrets are kept" box: which store, whether it answers,
and the one way out when it does not (memory for this session, never a file)."""

from __future__ import annotations

import weakref

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.core.secrets.store import MemoryStore, SecretStore, StoreInfo
from app.ui.widgets import note, wrapped

#: Stores that answered a check in this process: reading them again will not prompt.
_ANSWERED: weakref.WeakSet[object] = weakref.WeakSet()


def may_block(store: SecretStore) -> bool:
    """Whether a call can wait on the OS (D-Bus, an unlock prompt): all but memory."""
    return not isinstance(store, MemoryStore)


def answered(store: SecretStore) -> bool:
    """Whether the store is known to answer without asking the user (checked already)."""
    return not may_block(store) or store in _ANSWERED


def mark_answered(store: SecretStore) -> None:
    _ANSWERED.add(store)


class StoreBox(QGroupBox):
    """Shows the store in use and its state; the page decides when to check it.

    Attributes:
        session_only: "Keep secrets for this session only" (shown when the store fails).
        check_again: asks the keyring again (after the user unlocked or started it).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Where secrets are kept"), parent)
        self.name = wrapped()
        self.name.setObjectName("storeName")
        self.detail = wrapped()
        self.detail.setObjectName("storeDetail")
        self.session_only = QPushButton(self.tr("&Keep secrets for this session only"))
        self.session_only.setObjectName("sessionOnly")
        self.check_again = QPushButton(self.tr("&Check the keyring again"))
        self.check_again.setObjectName("checkKeyring")
        row = QHBoxLayout()
        row.addWidget(self.session_only)
        row.addWidget(self.check_again)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.detail)
        layout.addLayout(row)
        self.usable: bool | None = None

    def _name(self, info: StoreInfo) -> None:
        self.name.setText(self.tr("Secrets are kept in: {name}").format(name=info.name))

    def show_checking(self, info: StoreInfo) -> None:
        """The check is running: it may be waiting for the user to unlock the keyring."""
        self._name(info)
        self.detail.setText(
            self.tr(
                "Checking that the keyring answers… If your system asks you to unlock "
                "it, answer that prompt. You can go on typing meanwhile."
            )
        )
        note(self.detail, "partial")
        self.usable = None
        self.session_only.hide()
        self.check_again.hide()

    def show_usable(self, info: StoreInfo) -> None:
        self._name(info)
        self.detail.setText(info.detail)
        note(self.detail, "ok")
        self.usable = True
        self.session_only.hide()
        self.check_again.hide()

    def show_unusable(self, info: StoreInfo, message: str, *, can_retry: bool) -> None:
        """Say why the store cannot be used and offer memory for this session instead."""
        self._name(info)
        self.detail.setText(
            message
            + " "
            + self.tr(
                "You can keep the secrets in memory for this session only: nothing is "
                "written to a file, and you enter them again next time."
            )
        )
        note(self.detail, "error")
        self.usable = False
        self.session_only.show()
        self.check_again.setVisible(can_retry)
