"""The credentials manager: what Hooksmith stored (names only), and reveal, replace,
delete or forget each entry.

Every store call runs off the UI thread (:class:`~app.ui.background.Background`): a
keyring may wait for its unlock prompt. Values appear only after an explicit "Reveal"
and a warning, in a field that hides itself again after :data:`REVEAL_SECONDS`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.payload.words import counted
from app.core.secrets.credentials import CredentialEntry, CredentialManager, EntryStatus
from app.core.secrets.store import SecretStoreError
from app.ui.background import Background
from app.ui.credentials_io import discover_saved, forget_stale, list_entries
from app.ui.credentials_panels import ReplacePanel, RevealPanel
from app.ui.credentials_table import EntriesTable, state_names
from app.ui.session import Session
from app.ui.widgets import heading, note, wrapped

REVEAL_SECONDS = 30


class CredentialsDialog(QDialog):
    """Lists the store's entries Hooksmith knows of, with what can be done to each.

    Signals:
        changed(str): a secret of this profile id was replaced or deleted.
    """

    changed = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Stored credentials"))
        self.background = Background(self)
        self.background.busyChanged.connect(self.on_background_busyChanged)

        self.store_label = heading("")
        self.store_label.setObjectName("managerStore")
        self.store_label.setWordWrap(True)
        intro = wrapped(
            self.tr(
                "Names only: the values stay in the store. Select an entry to reveal, "
                "replace or delete its secret."
            )
        )
        self.table = EntriesTable()
        self.table.itemSelectionChanged.connect(self.on_table_itemSelectionChanged)
        self.entry_details = wrapped(selectable=True)
        self.entry_details.setObjectName("entryDetails")
        table_label = QLabel(self.tr("&Entries:"))
        table_label.setBuddy(self.table)

        self.reveal_button = QPushButton(self.tr("&Reveal…"))
        self.replace_button = QPushButton(self.tr("Re&place…"))
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.stale_button = QPushButton(self.tr("&Forget stale entries…"))
        self.find_button = QPushButton(self.tr("Find stored &secrets"))
        self.find_button.setToolTip(
            self.tr("Look in the store for secrets of saved profiles that are not listed")
        )
        for button, slot in (
            (self.reveal_button, self.on_reveal_clicked),
            (self.replace_button, self.on_replace_clicked),
            (self.delete_button, self.on_delete_clicked),
            (self.stale_button, self.on_stale_clicked),
            (self.find_button, self.on_find_clicked),
        ):
            button.clicked.connect(slot)
        actions = QHBoxLayout()
        for button in (self.reveal_button, self.replace_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.stale_button)
        actions.addWidget(self.find_button)

        self.reveal_panel = RevealPanel(REVEAL_SECONDS)
        self.replace_panel = ReplacePanel()
        self.replace_panel.submitted.connect(self.on_replace_panel_submitted)
        self.status = wrapped(selectable=True)
        self.status.setObjectName("managerStatus")
        self.status.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.store_label)
        layout.addWidget(intro)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.entry_details)
        layout.addLayout(actions)
        layout.addWidget(self.reveal_panel)
        layout.addWidget(self.replace_panel)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(860, 460)
        self.reload()

    # -- the list ---------------------------------------------------------------------

    def manager(self) -> CredentialManager:
        return CredentialManager(self.session.services.store)

    def reload(self, message: str = "", tone: str = "ok") -> None:
        """Read the list and each entry's state again (off the UI thread)."""
        info = self.session.services.store.info()
        self.store_label.setText(self.tr("Store: {name}").format(name=info.name))
        manager = self.manager()
        current = copy.copy(self.session.profile) if self.session.profile else None
        self._run(
            lambda: list_entries(manager, current),
            lambda found: self._loaded(found, message, tone),
        )

    @property
    def statuses(self) -> list[EntryStatus]:
        return self.table.statuses

    def _loaded(self, found: tuple[list[EntryStatus], str], message: str, tone: str) -> None:
        statuses, notice = found
        self.table.show_statuses(statuses)
        self.table.describe_selected(self.entry_details)
        if not statuses:
            self.say(self.tr("Hooksmith has stored no secrets yet."), "ok")
        stale = sum(s.stale for s in statuses)
        self.stale_button.setText(
            self.tr("&Forget stale entries ({n})…").format(n=stale)
            if stale
            else self.tr("&Forget stale entries…")
        )
        shown = " ".join(t for t in (message, notice) if t)
        if shown:
            self.say(shown, "partial" if notice else tone)
        elif statuses:
            self.say("")
        self._enable()

    def selected(self) -> CredentialEntry | None:
        return self.table.selected()

    def select(self, profile_id: str, field: str) -> bool:
        """Select an entry by its key (tests use it)."""
        return self.table.select((profile_id, field))

    # -- actions ----------------------------------------------------------------------

    def on_reveal_clicked(self) -> None:
        entry = self.selected()
        if entry is None or not self.session.prompter.confirm(
            self,
            self.tr("Show the secret?"),
            self.tr(
                "The {label} of “{profile}” will be shown in clear text. Anyone who can see "
                "your screen can read it, and anything you copy from it stays on the "
                "clipboard. It is hidden again after {seconds} seconds."
            ).format(
                label=entry.label,
                profile=entry.profile_name or entry.profile_id,
                seconds=REVEAL_SECONDS,
            ),
            self.tr("Show secret"),
        ):
            return
        manager = self.manager()
        self._run(lambda: manager.reveal(entry), lambda value: self._revealed(entry, value))

    def _revealed(self, entry: CredentialEntry, value: str | None) -> None:
        if value is None:
            self.reload(self.tr("The {label} is no longer stored.").format(label=entry.label))
            return
        self.session.redactor.add(value)
        self.replace_panel.close_panel()
        self.reveal_panel.reveal(entry.describe(), value)

    def on_replace_clicked(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.reveal_panel.conceal()
            self.replace_panel.open_for(entry)

    def on_replace_panel_submitted(self, entry: CredentialEntry, value: str) -> None:
        if not value.strip():
            self.say(self.tr("Type the new {label} first.").format(label=entry.label), "error")
            return
        self.session.redactor.add(value)
        manager = self.manager()

        def replaced(_: object) -> None:
            self.replace_panel.close_panel()
            self.changed.emit(entry.profile_id)
            self.reload(self.tr("Replaced the {what}.").format(what=entry.describe()))

        self._run(lambda: manager.replace(entry, value), replaced)

    def on_delete_clicked(self) -> None:
        entry = self.selected()
        if entry is None or not self.session.prompter.confirm(
            self,
            self.tr("Delete the secret?"),
            self.tr(
                "The {what} is deleted from {store}. Hooksmith cannot send with this "
                "profile until you enter it again on the credentials page."
            ).format(what=entry.describe(), store=self.session.services.store.info().name),
            self.tr("Delete secret"),
        ):
            return
        manager = self.manager()

        def deleted(_: object) -> None:
            self.reveal_panel.conceal()
            self.changed.emit(entry.profile_id)
            self.reload(self.tr("Deleted the {what}.").format(what=entry.describe()))

        self._run(lambda: manager.delete(entry), deleted)

    def on_stale_clicked(self) -> None:
        stale = [s for s in self.statuses if s.stale]
        if not stale:
            return
        names = state_names()
        lines = [f"• {s.entry.describe()}: {names[s.state].lower()}" for s in stale]
        if not self.session.prompter.confirm(
            self,
            self.tr("Forget stale entries?"),
            self.tr(
                "Entries missing from the store are taken off the list. Orphaned ones (their "
                "profile file is gone) are deleted from the store too.\n\n{entries}"
            ).format(entries="\n".join(lines)),
            self.tr("Forget stale entries"),
        ):
            return
        manager = self.manager()

        def done(count: int) -> None:
            for status in stale:
                self.changed.emit(status.entry.profile_id)
            self.reload(self.tr("Forgot {n} stale entries.").format(n=count))

        self._run(lambda: forget_stale(manager, stale), done)

    def on_find_clicked(self) -> None:
        manager = self.manager()
        self._run(
            lambda: discover_saved(manager),
            lambda n: self.reload(
                self.tr("Found {secrets} not listed before.").format(
                    secrets=counted(n, self.tr("stored secret"), self.tr("stored secrets"))
                )
            ),
        )

    # -- running and saying -----------------------------------------------------------

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def finished(result: Any, error: SecretStoreError | None) -> None:
            if error is not None:
                self.say(str(error), "error")
                self._enable()
            else:
                done(result)

        self.background.start(work, finished)

    def say(self, text: str, tone: str = "ok") -> None:
        self.status.setText(text)
        note(self.status, tone)
        self.status.setVisible(bool(text))

    def on_background_busyChanged(self, busy: bool) -> None:
        if busy:
            self.say(self.tr("Working… If your system asks you to unlock the keyring, answer it."))
            self.status.setVisible(True)
        self._enable()

    def on_table_itemSelectionChanged(self) -> None:
        self.table.describe_selected(self.entry_details)
        entry = self.selected()
        if self.replace_panel.entry is not None and (
            entry is None or entry.key != self.replace_panel.entry.key
        ):
            self.replace_panel.close_panel()
        if self.reveal_panel.isVisible():
            self.reveal_panel.conceal()
        self._enable()

    def _enable(self) -> None:
        idle = not self.background.busy
        has = self.selected() is not None
        for button in (self.reveal_button, self.replace_button, self.delete_button):
            button.setEnabled(idle and has)
        self.find_button.setEnabled(idle)
        self.stale_button.setEnabled(idle and any(s.stale for s in self.statuses))
        self.replace_panel.setEnabled(idle)

    def done(self, result: int) -> None:
        """Closing hides a revealed value at once and waits briefly for a call in flight."""
        self.reveal_panel.conceal()
        self.replace_panel.close_panel()
        self.background.shutdown()
        super().done(result)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape and self.replace_panel.isVisible():
            self.replace_panel.close_panel()
            return
        super().keyPressEvent(event)


def open_credentials_manager(
    session: Session,
    parent: QWidget | None = None,
    on_changed: Callable[[str], None] | None = None,
) -> int:
    """Show the manager modally.

    Args:
        on_changed: called with each profile id whose secrets were replaced or deleted
            (the credentials page then shows what the store holds now).
    """
    dialog = CredentialsDialog(session, parent)
    if on_changed is not None:
        dialog.changed.connect(on_changed)
    try:
        return dialog.exec()
    finally:
        # With the dialog as context: nothing is called if its parent deleted it first.
        QTimer.singleShot(0, dialog, dialog.deleteLater)
