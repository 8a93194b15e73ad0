"""Page 3: the destination's credentials; secrets go to the secret store, never the profile."""

from __future__ import annotations

from typing import Any

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

from app.core.catalogue import CredentialField
from app.core.profile import Profile
from app.core.secrets import MemoryStore, SecretStoreError
from app.ui.pages.base import HooksmithPage
from app.ui.session import Session
from app.ui.widgets import SecretEdit, mnemonic, note, wrapped


class CredentialsPage(HooksmithPage):
    """One field per credential of the destination; secret ones masked with a Show toggle."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setTitle(self.tr("Credentials"))
        self.fields: dict[str, QLineEdit | SecretEdit] = {}
        self._filled_for: Profile | None = None
        self._built_for = ""

        store_box = QGroupBox(self.tr("Where secrets are kept"))
        store_layout = QVBoxLayout(store_box)
        self.store_name = wrapped()
        self.store_name.setObjectName("storeName")
        self.store_detail = wrapped()
        self.session_only = QPushButton(self.tr("&Keep secrets for this session only"))
        self.session_only.setObjectName("sessionOnly")
        self.session_only.clicked.connect(self.on_session_only_clicked)
        session_row = QHBoxLayout()
        session_row.addWidget(self.session_only)
        session_row.addStretch(1)
        store_layout.addWidget(self.store_name)
        store_layout.addWidget(self.store_detail)
        store_layout.addLayout(session_row)

        self.form_box = QGroupBox(self.tr("Account"))
        self.form = QFormLayout(self.form_box)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.demo = QPushButton(self.tr("Use the sandbox's &demo credentials"))
        self.demo.setObjectName("demoCredentials")
        self.demo.clicked.connect(self.on_demo_clicked)
        demo_row = QHBoxLayout()
        demo_row.addWidget(self.demo)
        demo_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.form_box)
        layout.addLayout(demo_row)
        layout.addWidget(store_box)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _spec(self, field_id: str) -> dict[str, Any]:
        for raw in self.destination.raw.get("credentials", []):
            if raw.get("id") == field_id:
                return dict(raw)
        return {}

    def _build(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields.clear()
        taken = {"k", "d"}  # the two buttons on this page
        for field in self.destination.credentials:
            widget: QLineEdit | SecretEdit = SecretEdit() if field.secret else QLineEdit()
            edit = widget.edit if isinstance(widget, SecretEdit) else widget
            edit.setObjectName(f"credential_{field.id}")
            edit.setPlaceholderText(field.placeholder)
            label = QLabel(mnemonic(field.label, taken) + ":")
            label.setBuddy(widget)
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(widget)
            if field.help:
                column.addWidget(wrapped(field.help))
            self.form.addRow(label, holder)
            self.fields[field.id] = widget
            widget_signal = widget.textChanged
            widget_signal.connect(lambda *_: self.say(""))
        self._built_for = self.destination.id

    def initializePage(self) -> None:
        if self._built_for != self.destination.id:
            self._build()
        self.setSubTitle(
            self.tr("Enter the {dest} account details. Secret fields are masked.").format(
                dest=self.destination.title.split("→")[-1].strip()
            )
        )
        self.refresh_store()
        self.demo.setVisible(self.session.is_sandbox)
        if self._filled_for is not self.profile:
            self._fill()
            self._filled_for = self.profile
        first = next(iter(self.fields.values()), None)
        if first is not None:
            first.setFocus()

    def _fill(self) -> None:
        """Load values: plain ones from the profile, secret ones from the store."""
        for field in self.destination.credentials:
            widget = self.fields[field.id]
            if not field.secret:
                widget.setText(self.profile.credentials.get(field.id, ""))
                continue
            try:
                stored = self.session.services.store.get(self.profile.id, field.id) or ""
            except SecretStoreError:
                stored = ""
            self.session.redactor.add(stored)
            widget.setText(stored)

    def refresh_store(self) -> None:
        """Say where secrets go; check the keyring answers (it may ask to be unlocked)."""
        store = self.session.services.store
        info = store.info()
        detail, usable = info.detail, info.secure
        check = getattr(store, "check", None)
        if usable and check is not None:
            try:
                check()
            except SecretStoreError as exc:
                detail, usable = str(exc), False
        self.store_name.setText(self.tr("Secrets are kept in: {name}").format(name=info.name))
        if not usable:
            detail += " " + self.tr(
                "You can keep them in memory for this session only: nothing is written to a "
                "file, and you enter them again next time."
            )
        self.store_detail.setText(detail)
        note(self.store_detail, "ok" if usable else "error")
        self.session_only.setVisible(not usable)

    def on_session_only_clicked(self) -> None:
        """Fail closed: no plaintext fallback, only memory for this run, by explicit choice."""
        self.session.services.store = MemoryStore()
        self.refresh_store()
        self.say("")

    def on_demo_clicked(self) -> None:
        accounts = self.session.services.sandbox().accounts(self.destination.id)
        if not accounts:
            self.say(self.tr("The sandbox has no demo account for this integration."))
            return
        for field_id, value in accounts[0].items():
            if field_id in self.fields:
                self.fields[field_id].setText(value)

    def set_value(self, field_id: str, value: str) -> None:
        """Fill one field, as if typed (tests and the demo button)."""
        self.fields[field_id].setText(value)

    def _required(self, field: CredentialField) -> bool:
        spec = self._spec(field.id)
        return not spec.get("optional", False) and spec.get("required", True) is not False

    def validatePage(self) -> bool:
        values = {f.id: self.fields[f.id].text().strip() for f in self.destination.credentials}
        for field in self.destination.credentials:
            if not values[field.id] and self._required(field):
                self.say(
                    self.tr("Enter the {label}; {dest} needs it.").format(
                        label=field.label, dest=self.destination.title.split("→")[-1].strip()
                    )
                )
                self.fields[field.id].setFocus()
                return False
        store = self.session.services.store
        for field in self.destination.credentials:
            value = values[field.id]
            if not field.secret:
                self.profile.credentials[field.id] = value
                continue
            self.session.redactor.add(value)
            try:
                if value:
                    store.set(self.profile.id, field.id, value)
                else:
                    store.delete(self.profile.id, field.id)
            except SecretStoreError as exc:
                self.say(
                    self.tr(
                        "{error} Choose “Keep secrets for this session only” to go on "
                        "without saving them."
                    ).format(error=exc)
                )
                self.session_only.setVisible(True)
                return False
        self.say("")
        return True
