"""Page 3: the connection: credentials (secrets to the secret store, never the profile)
and the request options the destination offers (method, authentication, toggles)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.catalogue import CredentialField
from app.core.checks import check_settings
from app.core.problems import Severity
from app.core.profile import Profile
from app.core.secrets import KeyringUnavailable, SecretStore, SecretStoreError, open_store
from app.ui.background import Background
from app.ui.credentials_io import probe, read_secrets, save_secrets
from app.ui.options import OptionsEditor
from app.ui.pages.base import HooksmithPage
from app.ui.session import Session
from app.ui.store_status import StoreBox, answered, mark_answered, may_block
from app.ui.widgets import SecretEdit, mnemonic, note, wrapped


class CredentialsPage(HooksmithPage):
    """One field per credential of the destination; secret ones masked with a Show toggle.

    Fields with a ``when`` condition (``{"auth": "basic"}``) appear only when the
    request options chosen above them match.
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
        self.background = Background(self)
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
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # focus goes to the fields inside
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
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
                unsure = note(
                    wrapped(self.tr("Not confirmed: {text}").format(text=field.certainty)),
                    "partial",
                )
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
        service = self.destination.title.split("→")[-1].strip()
        self.setSubTitle(
            self.tr(
                "Enter the {service} account details. Secret fields are masked and kept "
                "out of the profile file."
            ).format(service=service)
        )
        self.demo.setVisible(
            self.session.is_sandbox
            and bool(self.destination.secret_fields)
            and bool(self.destination.sandbox.get("accounts"))
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

    def _show_store(self) -> None:
        """Coming back to the page: say where secrets go (the store may have changed)."""
        store = self.session.services.store
        info = store.info()
        if not info.secure:
            self.store_box.show_unusable(info, info.detail, can_retry=False)
        elif answered(store):
            self.store_box.show_usable(info)
        elif not self.background.busy:
            self.refresh_store()

    def reload_secrets(self, profile_id: str) -> None:
        """The credentials manager replaced or deleted this profile's secrets: show
        what the store holds now instead of what was typed earlier."""
        if self.session.profile is None or profile_id != self.profile.id:
            return
        if self._built_for != self.destination.id or self._filled_for is not self.profile:
            return
        self._edited.clear()
        for field_id in self._secret_ids():
            self._filling = True
            self.fields[field_id].setText("")
            self._filling = False
        self.refresh_store()

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

    # -- the secret store -------------------------------------------------------------

    def _secret_ids(self) -> list[str]:
        return [f.id for f in self.destination.credentials if f.secret]

    def refresh_store(self) -> None:
        """Say where secrets go and fill the secret fields from it.

        A keyring not yet known to answer is checked off the UI thread (the check may
        wait for the user to answer an unlock prompt); what it reads fills only the
        secret fields nobody has typed into meanwhile.
        """
        store = self.session.services.store
        info = store.info()
        if not info.secure:
            self.store_box.show_unusable(info, info.detail, can_retry=False)
            self._apply({})
            return
        if answered(store):
            self.store_box.show_usable(info)
            try:
                values = read_secrets(store, self.profile.id, self._secret_ids())
            except SecretStoreError as exc:
                self._unusable(store, exc)
                values = {}
            self._apply(values)
            return
        self.store_box.show_checking(info)
        token = (self.profile, store)
        profile_id, field_ids = self.profile.id, self._secret_ids()
        self.background.start(
            lambda: probe(store, profile_id, field_ids),
            lambda values, error: self._checked(token, values, error),
        )

    def _checked(
        self,
        token: tuple[Profile, SecretStore],
        values: dict[str, str] | None,
        error: SecretStoreError | None,
    ) -> None:
        store = self.session.services.store
        if token != (self.session.profile, store):
            return  # another profile or store by now: its own check is under way
        if error is not None:
            self._unusable(store, error)
            self._apply({})
            return
        mark_answered(store)
        self.store_box.show_usable(store.info())
        self._apply(values or {})

    def _unusable(self, store: SecretStore, error: SecretStoreError) -> None:
        retry = not isinstance(error, KeyringUnavailable) or error.reason != "insecure"
        self.store_box.show_unusable(store.info(), str(error), can_retry=retry)

    def _apply(self, values: dict[str, str]) -> None:
        """Show stored secrets in the fields the user has not typed into."""
        self._known = dict(values)
        self._filling = True
        for field_id, value in values.items():
            self.session.redactor.add(value)
            widget = self.fields.get(field_id)
            if widget is not None and field_id not in self._edited:
                widget.setText(value)
        self._filling = False

    def on_check_again_clicked(self) -> None:
        self.say("")
        self.refresh_store()

    def on_session_only_clicked(self) -> None:
        """Fail closed: no plaintext fallback, only memory for this run, by explicit choice.

        What was typed stays in the fields; it is stored in memory at Next.
        """
        self.session.services.store = open_store(prefer_session=True)
        self._known = {}
        self.store_box.show_usable(self.session.services.store.info())
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
        spec = self.destination.raw_credential(field.id)
        return not spec.get("optional", False) and spec.get("required", True) is not False

    def isComplete(self) -> bool:
        return not self._saving and super().isComplete()

    def validatePage(self) -> bool:
        if self._saving:
            return False
        active = self.active()
        values = {f.id: self.fields[f.id].text().strip() for f in active}
        service = self.destination.title.split("→")[-1].strip()
        for field in active:
            if not values[field.id] and self._required(field):
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

    def _store_secrets(self, active: list[CredentialField], values: dict[str, str]) -> bool:
        """Store changed secrets through the credentials manager (so it lists them).

        The keyring is called off the UI thread; the page waits with the window alive.
        Nothing is ever written anywhere else: a refusing store leaves the values in
        the fields and offers memory for this session.
        """
        changes = {
            f.id: values[f.id]
            for f in active
            if f.secret and values[f.id] != self._known.get(f.id, "")
        }
        for value in values.values():
            self.session.redactor.add(value)
        if not changes:
            self.say("")
            return True
        store = self.session.services.store
        work = partial(save_secrets, store, self.profile, changes, self.session.saved_path)
        self._set_saving(True)
        try:
            notes = self.background.wait(work) if may_block(store) else work()
        except SecretStoreError as exc:
            self._set_saving(False, restore=False)
            self._unusable(store, exc)
            self.say(self._refused(exc))
            self.store_box.session_only.setFocus()
            return False
        self._set_saving(False)
        mark_answered(store)
        self._known.update(changes)
        self.say("")
        if notes:
            self.session.prompter.inform(
                self, self.tr("Credentials list not updated"), " ".join(notes)
            )
        return True

    def _refused(self, error: SecretStoreError) -> str:
        """The page's message when the store refused: short, since the box above
        already says why in full."""
        if isinstance(error, KeyringUnavailable):
            return self.tr(
                "Nothing was stored: the system keyring cannot be used now (see “Where "
                "secrets are kept”). Choose “Keep secrets for this session only” to go on "
                "without saving them."
            )
        return self.tr(
            "{error} Choose “Keep secrets for this session only” to go on without saving them."
        ).format(error=error)

    def _set_saving(self, saving: bool, *, restore: bool = True) -> None:
        self._saving = saving
        if saving:
            self.store_box.detail.setText(
                self.tr(
                    "Saving to the keyring… If your system asks you to unlock it, "
                    "answer that prompt."
                )
            )
        elif restore:
            self._show_store()
        self.completeChanged.emit()
