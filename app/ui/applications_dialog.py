"""'Choose…' beside Applications on the hand-over page: tick Applications by name.

The account's Applications are read with the Management API key (kept in the keyring)
off the UI thread; the ticked ones become the webhook's ``applicationIds``. Nothing is
chosen for the user: what the field held stays ticked, Cancel changes nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.support.management_models import Application
from app.ui.session import Session
from app.ui.support.common import BusyBar, error_text
from app.ui.support.connection import TalonConnection
from app.ui.support.tasks import TaskRunner
from app.ui.widgets import note, wrapped


class ApplicationsDialog(QDialog):
    """Lists the account's Applications with a tick box each; ``checked_ids()`` on OK."""

    def __init__(self, session: Session, chosen: list[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose Applications"))
        self.chosen = list(chosen)
        self.runner = TaskRunner(self)
        self.runner.succeeded.connect(self.on_runner_succeeded)
        self.runner.failed.connect(self.on_runner_failed)
        self.runner.busyChanged.connect(self.on_runner_busyChanged)
        self.connection = TalonConnection(session.services.store, lambda: session.services.settings)
        intro = wrapped(
            self.tr(
                "The webhook runs only for the Applications you tick. Tick none to let "
                "every Application use it."
            )
        )
        self.load_button = QPushButton(self.tr("&Load Applications"))
        self.load_button.setObjectName("loadApplications")
        self.load_button.setDefault(True)
        self.load_button.clicked.connect(self.on_load_button_clicked)
        self.connection.add_action(self.load_button)
        self.busy = BusyBar()
        self.busy.cancelRequested.connect(self.runner.cancel)
        self.list = QListWidget()
        self.list.setObjectName("applicationsList")
        self.list.hide()
        self.message = wrapped(selectable=True)
        self.message.setObjectName("applicationsMessage")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)  # nothing to choose from yet
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.connection)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(640, 480)

    def on_load_button_clicked(self) -> None:
        try:
            client = self.connection.client()
        except Exception as exc:  # no address, no key, or the keyring refused
            self.say(error_text(exc), "error")
            return
        self.say("", "ok")
        self.busy.start(self.tr("Reading the Applications from {base}…").format(base=client.base))
        self.runner.start("applications", client.applications)

    def on_runner_succeeded(self, _name: str, found: Any) -> None:
        apps: list[Application] = found
        ticked = set(self.checked_ids()) if self.list.count() else set(self.chosen)
        self.list.clear()
        for app in apps:
            item = QListWidgetItem(app.label())
            item.setData(Qt.ItemDataRole.UserRole, app.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if app.id in ticked else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        missing = sorted(ticked - {a.id for a in apps})
        if not apps:
            self.say(self.tr("This account has no Applications yet."), "partial")
        elif missing:
            self.say(
                self.tr("Talon.One has no Application with the ID {ids}; it is left out.").format(
                    ids=", ".join(str(i) for i in missing)
                ),
                "partial",
            )
        self.list.setVisible(bool(apps))
        self.ok_button.setEnabled(True)
        if apps:
            self.list.setCurrentRow(0)
            self.list.setFocus()

    def on_runner_failed(self, _name: str, error: BaseException) -> None:
        self.say(error_text(error), "error")

    def on_runner_busyChanged(self, busy: bool) -> None:
        self.load_button.setEnabled(not busy)
        if not busy:
            self.busy.stop()

    def labels(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def checked_ids(self) -> list[int]:
        """The ticked Applications' IDs, in the list's order."""
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.list.item(row) for row in range(self.list.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, app_id: int, checked: bool) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == app_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def say(self, text: str, kind: str) -> None:
        self.message.setText(text)
        note(self.message, kind)

    def done(self, result: int) -> None:
        self.runner.cancel()
        super().done(result)
