"""'Choose…' beside Applications on the hand-over page: tick Applications by name.

The account's Applications are read with the Management API key (kept in the keyring)
off the UI thread; the ticked ones become the webhook's ``applicationIds``. Nothing is
chosen for the user: what the field held stays ticked, Cancel changes nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.support.management_models import Application
from app.ui.session import Session
from app.ui.talon_task_dialog import TalonTaskDialog
from app.ui.widgets import wrapped


class ApplicationsDialog(TalonTaskDialog):
    """Lists the account's Applications with a tick box each; ``checked_ids()`` on OK."""

    def __init__(self, session: Session, chosen: list[int], parent: QWidget | None = None):
        super().__init__(session, self.tr("&Load Applications"), "loadApplications", parent)
        self.setWindowTitle(self.tr("Choose Applications"))
        self.chosen = list(chosen)
        self.load_button = self.action
        intro = wrapped(
            self.tr(
                "The webhook runs only for the Applications you tick. Tick none to let "
                "every Application use it."
            )
        )
        self.list = QListWidget()
        self.list.setObjectName("applicationsList")
        self.list.hide()
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

    def on_action_clicked(self) -> None:
        self.start(
            "applications",
            self.tr("Reading the Applications from {base}…"),
            lambda client: client.applications(),
        )

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
