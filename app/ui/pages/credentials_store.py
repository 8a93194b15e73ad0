"""The credentials page's dealings with the secret store: say which store is in use,
check it answers, fill the secret fields from it, and store what was typed through the
credentials manager, all off the UI thread (a keyring may wait for its unlock prompt).

Failing closed: a store that refuses leaves every value in its field and offers memory
for this session only (``open_store(prefer_session=True)``); nothing goes to a file.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit

from app.core.destination.catalogue import CredentialField
from app.core.destination.profile import Profile
from app.core.secrets.store import KeyringUnavailable, SecretStore, SecretStoreError, open_store
from app.ui.background import Background
from app.ui.credentials_io import probe, read_secrets, save_secrets
from app.ui.store_status import StoreBox, answered, mark_answered, may_block
from app.ui.widgets import SecretEdit

if TYPE_CHECKING:
    from app.ui.pages.base import HooksmithPage as _Base
else:
    _Base = object


class SecretsOnPage(_Base):
    """Mixed into :class:`~app.ui.pages.credentials.CredentialsPage`, which builds the
    widgets and state named here."""

    fields: dict[str, QLineEdit | SecretEdit]
    store_box: StoreBox
    background: Background
    _known: dict[str, str]
    _edited: set[str]
    _filling: bool
    _saving: bool
    _built_for: str
    _filled_for: Profile | None

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
        self.session.use_secrets(self._known)
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
        for field in active:
            if field.secret:  # plain ones (a project ID, a host) must stay readable
                self.session.redactor.add(values[field.id])
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
        self.session.use_secrets(self._known)
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
