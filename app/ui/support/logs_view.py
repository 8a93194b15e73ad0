"""Talon.One's webhook delivery log: list recent deliveries, filter them, diagnose one.

Reads ``GET /v1/message_logs?entityType=webhook`` through
:class:`~app.core.support.management.ManagementClient`, off the UI thread, a page at a time.
Credentials in the logged requests were masked by the core as they were read.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.support.diagnose import OUTCOME_WORDS, delivery_outcome, keep_outcome
from app.core.support.management_models import LogEntry, LogPage, WebhookSummary
from app.ui.editor import CodeView
from app.ui.params_table import configure
from app.ui.session import Session
from app.ui.support.common import BusyBar, error_text, when
from app.ui.support.connection import Opening, TalonConnection
from app.ui.support.tasks import TaskRunner
from app.ui.widgets import combo, note, wrapped


def entry_text(entry: LogEntry) -> str:
    """One delivery as text: what was sent (credentials masked) and what came back."""
    answer = str(entry.status) if entry.status is not None else "no answer"
    name = entry.webhook_name or "-"
    lines = [
        f"Message {entry.id} at {entry.created_at}: webhook {name} ({entry.webhook_id}), "
        f"answer {answer}",
        f"> {entry.method or 'POST'} {entry.url}",
    ]
    lines += [f"> {n}: {v}" for n, v in entry.headers]
    if entry.body:
        lines += ["", entry.body]
    if entry.response:
        lines += ["", f"< {entry.response}"]
    return "\n".join(lines)


class DeliveryLogsDialog(QDialog):
    """Filters, a table of deliveries with "Load more", and the chosen delivery in full.

    Signals:
        diagnoseRequested(object): the user wants this :class:`LogEntry` diagnosed.
    """

    diagnoseRequested = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Delivery logs"))
        self.resize(1000, 700)
        self.session = session
        self.entries: list[LogEntry] = []
        self.next_cursor: str | None = None
        #: The address and key of the last load (its client is made on the worker).
        self.opening: Opening | None = None
        self._hooks_for = ""
        self.runner = TaskRunner(self)
        self.runner.succeeded.connect(self.on_runner_succeeded)
        self.runner.failed.connect(self.on_runner_failed)
        self.runner.busyChanged.connect(self.on_runner_busyChanged)

        self.connection = TalonConnection(session.services.store, lambda: session.services.settings)
        self.webhook = combo()
        self.webhook.setObjectName("logWebhook")
        self.webhook.addItem(self.tr("All webhooks"), None)
        self.outcome = combo()
        self.outcome.setObjectName("logOutcome")
        for text, value in (
            (self.tr("Any"), None),
            (self.tr("Accepted"), True),
            (self.tr("Not accepted"), False),
        ):
            self.outcome.addItem(text, value)
        self.code = QLineEdit()
        self.code.setObjectName("logCode")
        self.code.setValidator(QIntValidator(100, 599, self))
        self.code.setPlaceholderText(self.tr("any"))
        self.code.setMaximumWidth(self.fontMetrics().averageCharWidth() * 10)
        self.load_button = QPushButton(self.tr("&Load deliveries"))
        self.load_button.setObjectName("loadDeliveries")
        self.load_button.setDefault(True)
        self.load_button.clicked.connect(self.load)
        filters = QHBoxLayout()
        for text, field in (
            (self.tr("&Webhook:"), self.webhook),
            (self.tr("&Outcome:"), self.outcome),
            (self.tr("Response &code:"), self.code),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            filters.addWidget(label)
            filters.addWidget(field, 2 if field is self.webhook else 0)
        self.connection.add_action(self.load_button)

        self.table = QTableWidget()
        self.table.setObjectName("logTable")
        configure(
            self.table, [self.tr("Time"), self.tr("Answer"), self.tr("Webhook"), self.tr("URL")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setColumnWidth(0, 190)
        self.table.setColumnWidth(1, 80)
        self.table.setColumnWidth(2, 240)
        self.table.itemSelectionChanged.connect(self.on_table_itemSelectionChanged)
        self.table.itemActivated.connect(lambda _item: self.on_diagnose_clicked())
        self.count = wrapped()
        self.count.setObjectName("logCount")
        self.more_button = QPushButton(self.tr("Load &more"))
        self.more_button.setObjectName("moreDeliveries")
        self.more_button.clicked.connect(self.load_more)
        self.detail = CodeView(read_only=True, highlight=False)
        self.detail.setObjectName("logDetail")
        self.diagnose_button = QPushButton(self.tr("&Diagnose this delivery…"))
        self.diagnose_button.setObjectName("diagnoseDelivery")
        self.diagnose_button.clicked.connect(self.on_diagnose_clicked)
        table_label = QLabel(self.tr("Deli&veries, newest first:"))
        table_label.setBuddy(self.table)
        count_row = QHBoxLayout()
        count_row.addWidget(self.count, 1)
        count_row.addWidget(self.more_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(table_label)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(count_row)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.detail, 1)
        diagnose_row = QHBoxLayout()
        diagnose_row.addStretch(1)
        diagnose_row.addWidget(self.diagnose_button)
        bottom_layout.addLayout(diagnose_row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([340, 200])

        self.busy = BusyBar()
        self.busy.cancelRequested.connect(self.runner.cancel)
        self.message = wrapped()
        self.message.setObjectName("logsMessage")
        note(self.message, "error")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.connection)
        layout.addLayout(filters)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self._fill([])

    # -- loading ----------------------------------------------------------------------

    def load(self) -> None:
        """Read the first page with the chosen filters (and the webhook names, once)."""
        try:
            opening = self.connection.open()  # the key is stored and read on the worker
        except Exception as exc:  # no usable address
            self.say(error_text(exc))
            return
        self.opening = opening
        need_hooks = self._hooks_for != opening.base
        webhook = self.webhook.currentData() if not need_hooks else None
        success = self.outcome.currentData()
        code = int(self.code.text()) if self.code.hasAcceptableInput() else None

        def first() -> tuple[list[WebhookSummary] | None, LogPage]:
            client = opening.client()
            hooks = client.all_webhooks() if need_hooks else None
            # Succeeded/failed by the destination's own answer, not Talon.One's status-only
            # isSuccessful (a CleverTap 200 can reject every record).
            page = client.message_logs(
                webhook_ids=[webhook] if webhook else None, response_code=code
            )
            return hooks, LogPage(keep_outcome(page.entries, success), page.next_cursor)

        self.say("")
        self.busy.start(self.tr("Reading deliveries from {base}…").format(base=opening.base))
        self.runner.start("first", first)

    def load_more(self) -> None:
        opening, cursor = self.opening, self.next_cursor
        if opening is None or not cursor or self.runner.busy:
            return
        webhook = self.webhook.currentData()
        success = self.outcome.currentData()
        code = int(self.code.text()) if self.code.hasAcceptableInput() else None
        self.busy.start(self.tr("Reading more deliveries…"))

        def more() -> LogPage:
            page = opening.client().message_logs(
                webhook_ids=[webhook] if webhook else None, response_code=code, cursor=cursor
            )
            return LogPage(keep_outcome(page.entries, success), page.next_cursor)

        self.runner.start("more", more)

    def on_runner_succeeded(self, name: str, value: object) -> None:
        if name == "first":
            assert isinstance(value, tuple)
            hooks, page = value
            if hooks is not None:
                self._set_webhooks(hooks)
            self.entries = []
            self._add(page)
        elif isinstance(value, LogPage):
            self._add(value)

    def on_runner_failed(self, _name: str, error: object) -> None:
        self.say(error_text(error) if isinstance(error, BaseException) else str(error))

    def on_runner_busyChanged(self, busy: bool) -> None:
        if not busy:
            self.busy.stop()
            self.connection.refresh_state()  # a typed key may be stored now
        self.load_button.setEnabled(not busy)
        self.more_button.setEnabled(not busy and bool(self.next_cursor))
        if busy:
            self.busy.cancel.setFocus()

    def _set_webhooks(self, hooks: list[WebhookSummary]) -> None:
        assert self.opening is not None
        self._hooks_for = self.opening.base
        self.webhook.clear()
        self.webhook.addItem(self.tr("All webhooks"), None)
        for hook in hooks:
            self.webhook.addItem(f"{hook.id}: {hook.title}", hook.id)

    def _add(self, page: LogPage) -> None:
        self.next_cursor = page.next_cursor
        self._fill(self.entries + page.entries)
        if self.entries:
            self.table.setFocus()

    def _fill(self, entries: list[LogEntry]) -> None:
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            outcome = delivery_outcome(entry)
            answer = str(entry.status) if entry.status is not None else self.tr("no answer")
            if entry.status is not None and outcome != "ok":
                answer += f" ({OUTCOME_WORDS[outcome]})"
            name = entry.webhook_name or (str(entry.webhook_id) if entry.webhook_id else "")
            for column, text in enumerate([when(entry.created_at), answer, name, entry.url]):
                item = QTableWidgetItem(text)
                item.setToolTip(entry.url if column == 3 else text)
                self.table.setItem(row, column, item)
        if entries:
            self.table.selectRow(0)
        more = self.tr(" More are available: Load more.") if self.next_cursor else ""
        self.count.setText(
            self.tr("{n} deliveries shown.").format(n=len(entries)) + more
            if self.opening is not None
            else self.tr("Enter the address and key, then load the deliveries.")
        )
        self.more_button.setEnabled(bool(self.next_cursor) and not self.runner.busy)
        self.on_table_itemSelectionChanged()

    # -- one delivery -----------------------------------------------------------------

    def selected(self) -> LogEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def on_table_itemSelectionChanged(self) -> None:
        entry = self.selected()
        self.detail.setPlainText(entry_text(entry) if entry else "")
        self.diagnose_button.setEnabled(entry is not None)

    def on_diagnose_clicked(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.diagnoseRequested.emit(entry)

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def done(self, code: int) -> None:
        self.runner.cancel()
        self.busy.stop()
        super().done(code)
