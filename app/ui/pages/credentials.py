"""Page 3: the connection: credentials (secrets to the secret store, never the profile)
and the request options the destination offers (method, authentication, toggles)."""

from __future__ import annotations

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

from app.core.destination.catalogue import CredentialField
from app.core.destination.profile import Profile
from app.core.payload.checks import check_settings
from app.core.payload.problems import Severity
from app.ui.options import OptionsEditor
from app.ui.pages.base import HooksmithPage
from app.ui.pages.credentials_store import SecretsOnPage
from app.ui.session import Session
from app.ui.store_status import StoreBox
from app.ui.widgets import SecretEdit, mnemonic, note, scrolling, wrapped


class CredentialsPage(SecretsOnPage, HooksmithPage):
    """One field per credential of the destination; secret ones masked with a Show toggle.

    Fields with a ``when`` condition (``{"auth": "basic"}``) appear only when the
    request options chosen above them match. Reading and storing the secrets is
    :class:`~app.ui.pages.credentials_store.SecretsOnPage`'s part.
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setTitle(self.tr("Credentials"))
        self.fields: dict[str, QLineEdit | SecretEdit] = {}
        self._rows: dict[str, QWidget] = {}
        self._filled_for: Profile | None = None
        self._built_for = ""

        self.options = OptionsEditor()
        self.options.changed.connect(self.on_options_changed)
        self.options_box = QGroupBox(self.tr("Request options"))
        QVBoxLayout(self.options_box).addWidget(self.options)

        self.form_box = QGroupBox(self.tr("Account"))
        self.form = QFormLayout(self.form_box)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.demo = QPushButton(self.tr("Use the sandbox's &demo credentials"))
        self.demo.setObjectName("demoCredentials")
        self.demo.clicked.connect(self.on_demo_clicked)
        demo_row = QHBoxLayout()
        demo_row.addWidget(self.demo)
        demo_row.addStretch(1)

        self.store_box = StoreBox()
        self.store_box.session_only.clicked.connect(self.on_session_only_clicked)
        self.store_box.check_again.clicked.connect(self.on_check_again_clicked)
        #: Kept as attributes for tests and the keyboard journey.
        self.store_name = self.store_box.name
        self.store_detail = self.store_box.detail
        self.session_only = self.store_box.session_only
        self.background = session.background
        self._known: dict[str, str] = {}
        self._edited: set[str] = set()
        self._filling = False
        self._saving = False

        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(self.options_box)
        column.addWidget(self.form_box)
        column.addLayout(demo_row)
        column.addWidget(self.store_box)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(inner), 1)
        layout.addWidget(self.message)

    # -- building ---------------------------------------------------------------------

    def _build(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields.clear()
        self._rows.clear()
        # The page's buttons (keep, check, demo) and the wizard's Saved credentials.
        taken = {"k", "c", "d", "v"}
        self.options.build(self.destination, taken)
        self.options_box.setVisible(self.options.has_options())
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
            if field.certainty:
                unsure = note(wrapped(field.certainty), "partial")
                column.addWidget(unsure)
            self.form.addRow(label, holder)
            self.fields[field.id] = widget
            self._rows[field.id] = holder
            widget.textChanged.connect(
                lambda _text, field_id=field.id: self.on_field_textChanged(field_id)
            )
        self._built_for = self.destination.id

    def initializePage(self) -> None:
        if self._built_for != self.destination.id:
            self._build()
            self._filled_for = None
        service = self.destination.service
        self.setSubTitle(
            self.tr(
                "Enter the {service} account details. Secret fields are masked and kept "
                "out of the profile file."
            ).format(service=service)
        )
        self.demo.setVisible(
            self.session.is_sandbox
            and bool(self.destination.secret_fields)
            and bool(self.destination.demo_accounts)
        )
        if self._filled_for is not self.profile:
            self.options.load(self.profile.options)
            self._fill()
            self._filled_for = self.profile
            self.refresh_store()
        else:
            self._show_store()
        self.on_options_changed()
        first = next((w for w in self.fields.values() if w.isVisibleTo(self)), None)
        if first is not None:
            # After QWizard has placed its own focus, so typing starts in the first field.
            QTimer.singleShot(0, first, first.setFocus)

    def _fill(self) -> None:
        """Load plain values from the profile and empty the secret fields; the store
        fills those (:meth:`refresh_store`)."""
        self._edited.clear()
        self._known = {}
        self._filling = True
        for field in self.destination.credentials:
            widget = self.fields[field.id]
            if field.secret:
                widget.setText("")
            else:
                widget.setText(self.profile.credentials.get(field.id, field.default))
        self._filling = False

    def active(self) -> list[CredentialField]:
        """The credential fields that apply to the options currently chosen."""
        options = {**self.profile.options, **self.options.values()}
        return self.destination.active_credentials(self.profile.mapping, options)

    def on_options_changed(self) -> None:
        if self.session.profile is None:
            return
        shown = {f.id for f in self.active()}
        for field_id, holder in self._rows.items():
            self.form.setRowVisible(holder, field_id in shown)
        self.form_box.setVisible(bool(shown))

    def on_field_textChanged(self, field_id: str) -> None:
        if not self._filling:
            self._edited.add(field_id)
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

    # -- leaving the page -------------------------------------------------------------

    def _required(self, field: CredentialField) -> bool:
        return not field.optional

    def isComplete(self) -> bool:
        return not self._saving and super().isComplete()

    def validatePage(self) -> bool:
        if self._saving:
            return False
        active = self.active()
        values = {f.id: self.fields[f.id].text().strip() for f in active}
        service = self.destination.service
        for field in active:
            if not values[field.id] and self._required(field):
                if field.secret and self.background.busy:
                    # Stored secrets are still being read: "enter it" would be wrong.
                    self.say(
                        self.tr(
                            "Still reading your keyring (answer its unlock prompt if one is "
                            "showing); press Next again in a moment."
                        )
                    )
                    return False
                self.say(
                    self.tr("Enter the {label}; {service} needs it.").format(
                        label=field.label, service=service
                    )
                )
                self.fields[field.id].setFocus()
                return False
        self.profile.options.update(self.options.values())
        for field in active:
            if not field.secret:
                self.profile.credentials[field.id] = values[field.id]
        problems = [
            p
            for p in check_settings(self.profile, self.destination)
            if p.severity is Severity.ERROR and p.code.startswith(("credential.", "header."))
        ]
        if problems:
            self.say(f"{problems[0].path}: {problems[0].message} {problems[0].hint}".strip())
            return False
        return self._store_secrets(active, values)
