"""The "From Talon.One" tab of the import dialog: connect, list, search and pick a webhook."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.support.management_models import WebhookSummary, filter_webhooks
from app.ui.params_table import configure
from app.ui.session import Session
from app.ui.support.connection import TalonConnection

ID_ROLE = Qt.ItemDataRole.UserRole + 3


class TalonWebhookPicker(QWidget):
    """Lists the webhooks of a deployment; the search box filters as you type.

    Signals:
        loadRequested: the user asked to (re)load the list.
        webhookActivated(int): the user double-clicked (or pressed Enter on) a webhook.
    """

    loadRequested = Signal()
    webhookActivated = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.webhooks: list[WebhookSummary] = []
        self.connection = TalonConnection(session.services.store, lambda: session.services.settings)
        self.load_button = QPushButton(self.tr("&Load webhooks"))
        self.load_button.setObjectName("loadWebhooks")
        self.load_button.clicked.connect(self.loadRequested)
        self.search = QLineEdit()
        self.search.setObjectName("webhookSearch")
        self.search.setPlaceholderText(self.tr("words in the ID, title, URL or description"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refill)
        search_label = QLabel(self.tr("&Search:"))
        search_label.setBuddy(self.search)
        self.count = QLabel()
        self.count.setObjectName("webhookCount")
        self.table = QTableWidget()
        self.table.setObjectName("webhookTable")
        configure(self.table, [self.tr("ID"), self.tr("Title"), self.tr("Method"), self.tr("URL")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setColumnWidth(0, 60)
        self.table.setColumnWidth(1, 300)
        self.table.setColumnWidth(2, 70)
        self.table.itemActivated.connect(self.on_table_itemActivated)
        list_label = QLabel(self.tr("Web&hooks in Talon.One:"))
        list_label.setBuddy(self.table)

        self.connection.add_action(self.load_button)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.connection)
        layout.addWidget(list_label)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        self.refill()

    def set_webhooks(self, webhooks: list[WebhookSummary]) -> None:
        self.webhooks = list(webhooks)
        self.refill()
        self.search.setFocus()

    def refill(self) -> None:
        """Show the webhooks matching the search words."""
        shown = filter_webhooks(self.webhooks, self.search.text())
        self.table.setRowCount(len(shown))
        for row, hook in enumerate(shown):
            title = hook.title + ("" if hook.enabled else self.tr(" (disabled)"))
            cells = [str(hook.id), title, hook.verb, hook.url]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, hook.id)
                item.setToolTip(hook.description or hook.url)
                self.table.setItem(row, column, item)
        if shown:
            self.table.selectRow(0)
        if not self.webhooks:
            self.count.setText(self.tr("Not loaded yet"))
        else:
            self.count.setText(
                self.tr("{shown} of {total}").format(shown=len(shown), total=len(self.webhooks))
            )

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        return int(item.data(ID_ROLE)) if item is not None else None

    def on_table_itemActivated(self, item: QTableWidgetItem) -> None:
        self.webhookActivated.emit(int(item.data(ID_ROLE)))
