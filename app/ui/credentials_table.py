"""The credentials manager's list: one row per stored secret, by name, with its state,
and a line under it saying what the selected entry's state means."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.core.destination.catalogue import CatalogueError, get_destination
from app.core.secrets.credentials import CredentialEntry, EntryStatus
from app.ui.widgets import note

#: Owners that are not a destination of the catalogue.
OTHER_OWNERS = {"talon-management": "Talon.One Management API"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("credentials", text)


def state_names() -> dict[str, str]:
    return {
        "stored": _tr("Stored"),
        "missing": _tr("Missing from the store"),
        "orphaned": _tr("Orphaned"),
        "unreadable": _tr("Unreadable"),
    }


def integration_title(destination: str) -> str:
    try:
        return get_destination(destination).title
    except (CatalogueError, KeyError):
        return OTHER_OWNERS.get(destination, destination)


def details(status: EntryStatus) -> str:
    """What the state means, or for a stored secret, which profile file it belongs to."""
    if status.state != "stored":
        return status.message
    path = status.entry.profile_path
    return (
        _tr("Profile file: {path}").format(path=path)
        if path
        else _tr("Its profile has not been saved yet.")
    )


class EntriesTable(QTableWidget):
    """Profile, integration, secret and state of each entry; never a value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("credentialsTable")
        self.setHorizontalHeaderLabels(
            [_tr(c) for c in ("Profile", "Integration", "Secret", "State")]
        )
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.statuses: list[EntryStatus] = []

    def show_statuses(self, statuses: list[EntryStatus]) -> None:
        """Show ``statuses``, keeping the selected entry selected."""
        selected = self.selected()
        self.statuses = list(statuses)
        self.setRowCount(0)
        states = state_names()
        for status in self.statuses:
            entry = status.entry
            row = self.rowCount()
            self.insertRow(row)
            cells = (
                entry.profile_name or entry.profile_id,
                integration_title(entry.destination),
                entry.label or entry.field,
                states.get(status.state, status.state),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(details(status))
                self.setItem(row, column, item)
            if selected is not None and entry.key == selected.key:
                self.selectRow(row)
        padding = self.fontMetrics().horizontalAdvance("MM")
        for column in range(self.columnCount() - 1):  # the state column takes the rest
            self.resizeColumnToContents(column)
            self.setColumnWidth(column, self.columnWidth(column) + padding)
        self.resizeRowsToContents()

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Arriving by keyboard (Alt+E, Tab) selects an entry, so the actions apply at once
        and the arrow keys move from a visible place."""
        super().focusInEvent(event)
        keyboard = (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
            Qt.FocusReason.ShortcutFocusReason,
        )
        if event.reason() in keyboard and self.rowCount() and self.selected_status() is None:
            self.selectRow(max(self.currentRow(), 0))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """An arrow key with nothing selected selects the current entry first: the list
        can hold the focus since the window opened (no keyboard focus-in then), and Qt's
        current row would move on unselected (the keyboard test failed one run in three)."""
        moves = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End)
        if event.key() in moves and self.rowCount() and self.selected_status() is None:
            self.selectRow(max(self.currentRow(), 0))
            return
        super().keyPressEvent(event)

    def selected_status(self) -> EntryStatus | None:
        model = self.selectionModel()
        rows = model.selectedRows() if model is not None else []
        if not rows or rows[0].row() >= len(self.statuses):
            return None
        return self.statuses[rows[0].row()]

    def selected(self) -> CredentialEntry | None:
        status = self.selected_status()
        return status.entry if status is not None else None

    def select(self, key: tuple[str, str]) -> bool:
        for row, status in enumerate(self.statuses):
            if status.entry.key == key:
                self.selectRow(row)
                return True
        return False

    def describe_selected(self, label: QLabel) -> None:
        """Put what the selected entry's state means in ``label`` (stale ones in colour)."""
        status = self.selected_status()
        if status is None:
            label.setText(_tr("Select an entry to see its details."))
            label.setPalette(self.palette())
            return
        label.setText(f"{status.entry.describe()}: {details(status)}")
        if status.state == "stored":
            label.setPalette(self.palette())
        else:
            note(label, "partial")
