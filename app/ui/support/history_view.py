"""The fire history: search, read, replay (secrets read fresh), delete, and bundle.

A replay rebuilds the request from the recorded profile (or the profile file as it is
now) through the core journey (:mod:`app.ui.support.replay`), fires it with the wizard's
:class:`~app.ui.worker.FireRunner` off the UI thread, and records it as a replay.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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

from app.core.http.fire_result import FireResult
from app.core.payload.words import counted
from app.core.support.history import History, HistoryEntry, HistoryError, recorded_profile
from app.ui.editor import CodeView
from app.ui.params_table import configure
from app.ui.session import Session
from app.ui.support.bundle_action import describe, save_bundle
from app.ui.support.common import BusyBar, error_text
from app.ui.support.history_format import history_text, local_time
from app.ui.support.replay import Replay, finish, prepare
from app.ui.widgets import note, wrapped
from app.ui.worker import FireRunner

ID_ROLE = Qt.ItemDataRole.UserRole + 4


class HistoryDialog(QDialog):
    """A searchable table of fires, the chosen one in full, and what can be done with it.

    Args:
        session: the wizard's session (services, prompter, confirmed hosts).
        history: the history to show (default: the user's).
    """

    def __init__(
        self, session: Session, history: History | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Fire history"))
        self.resize(1000, 700)
        self.session = session
        self.history = history or History()
        self.entries: list[HistoryEntry] = []
        self._replaying: Replay | None = None
        self.runner = FireRunner(parent=self)
        self.runner.resultReady.connect(self.on_runner_resultReady)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self.refresh)

        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setPlaceholderText(self.tr("words anywhere in a fire: profile, URL, status…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.timer.start)
        search_label = QLabel(self.tr("&Search:"))
        search_label.setBuddy(self.search)
        self.count = QLabel()
        self.count.setObjectName("historyCount")
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.count)

        self.table = QTableWidget()
        self.table.setObjectName("historyTable")
        configure(
            self.table,
            [self.tr("Time"), self.tr("Outcome"), self.tr("Profile"), self.tr("URL")],
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setColumnWidth(0, 160)
        self.table.setColumnWidth(1, 150)
        self.table.setColumnWidth(2, 220)
        self.table.itemSelectionChanged.connect(self.on_table_itemSelectionChanged)
        self.detail = CodeView(read_only=True, highlight=False)
        self.detail.setObjectName("historyDetail")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([260, 300])

        self.replay_button = QPushButton(self.tr("&Replay"))
        self.replay_button.setObjectName("replayFire")
        self.replay_button.setToolTip(self.tr("Fire it again; secrets are read from the keyring"))
        self.replay_button.clicked.connect(self.replay)
        self.use_current = QCheckBox(self.tr("with the profile file as it is &now"))
        self.use_current.setObjectName("replayCurrent")
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.delete_button.setObjectName("deleteFire")
        self.delete_button.clicked.connect(self.delete)
        self.clear_button = QPushButton(self.tr("C&lear history…"))
        self.clear_button.setObjectName("clearHistory")
        self.clear_button.clicked.connect(self.clear)
        self.bundle_button = QPushButton(self.tr("Support &bundle…"))
        self.bundle_button.setObjectName("historyBundle")
        self.bundle_button.setToolTip(
            self.tr("A zip with this fire's profile and its last fires, masked, for a ticket")
        )
        self.bundle_button.clicked.connect(self.bundle)
        actions = QHBoxLayout()
        for widget in (self.replay_button, self.use_current):
            actions.addWidget(widget)
        actions.addStretch(1)
        for widget in (self.bundle_button, self.delete_button, self.clear_button):
            actions.addWidget(widget)
        self.busy = BusyBar()
        self.busy.cancelRequested.connect(self.on_busy_cancelRequested)
        self.status = wrapped(selectable=True)
        self.status.setObjectName("historyStatus")
        self.status.hide()
        self.message = wrapped()
        self.message.setObjectName("historyMessage")
        note(self.message, "error")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        self.refresh()

    # -- the list ---------------------------------------------------------------------

    def refresh(self, select: str = "") -> None:
        """Re-read the history (the wizard may have fired since), keeping the selection."""
        self.timer.stop()
        current = self.selected()
        keep = select or (current.id if current else "")
        self.entries = self.history.entries(query=self.search.text())
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            outcome = entry.outcome() + (self.tr(" (replay)") if entry.replay_of else "")
            when = local_time(entry.time)
            for column, text in enumerate([when, outcome, entry.profile_name, entry.url]):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, entry.id)
                item.setToolTip(entry.title or text)
                self.table.setItem(row, column, item)
        ids = [e.id for e in self.entries]
        if ids:
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
        total = len(self.history.entries()) if self.search.text().strip() else len(ids)
        self.count.setText(self.tr("{shown} of {total} fires").format(shown=len(ids), total=total))
        damaged = self.history.damaged()
        if damaged:
            self.say(
                self.tr("Skipped {files} in {folder}.").format(
                    files=counted(len(damaged), self.tr("damaged history file")),
                    folder=self.history.root,
                )
            )
        self.clear_button.setEnabled(total > 0)
        self.on_table_itemSelectionChanged()

    def selected(self) -> HistoryEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.entries):
            return None
        return self.entries[rows[0].row()]

    def on_table_itemSelectionChanged(self) -> None:
        entry = self.selected()
        self.detail.setPlainText(history_text(entry) if entry else "")
        for button in (self.replay_button, self.delete_button, self.bundle_button):
            button.setEnabled(entry is not None and not self.runner.busy)
        self.use_current.setEnabled(entry is not None and bool(entry.profile_path))
        if entry is None or not entry.profile_path:
            self.use_current.setChecked(False)

    # -- replay -----------------------------------------------------------------------

    def replay(self) -> bool:
        """Fire the chosen entry again, off the UI thread; False when it could not start."""
        entry = self.selected()
        if entry is None or self.runner.busy:
            return False
        use_current = self.use_current.isChecked()
        try:
            replay = prepare(
                entry,
                self.session.services,
                use_current=use_current,
                guard=self.session.guard,
                history=self.history,
                read=self.session.background.wait,  # a keyring may wait for its unlock prompt
            )
        except Exception as exc:  # masked settings, a missing secret, the keyring, the file
            self.say(error_text(exc))
            return False
        request = replay.prepared.request
        for value in replay.journey.secrets.values():
            self.session.redactor.add(value)
        if replay.prepared.question:
            if not self.session.prompter.confirm(
                self,
                self.tr("Send a real event?"),
                replay.prepared.question,
                self.tr("Send real event"),
            ):
                return False
            replay.journey.confirm(replay.prepared)
        self.say("")
        self._replaying = replay
        self.runner.start(request, self.session.services.settings)
        self.busy.start(self.tr("Replaying to {host}…").format(host=request.host))
        self.busy.cancel.setFocus()
        self.on_table_itemSelectionChanged()
        return True

    def on_busy_cancelRequested(self) -> None:
        self.runner.cancel()
        self._replaying = None
        self.busy.stop()
        self.show_status(self.tr("The replay was cancelled; nothing was recorded."))
        self.on_table_itemSelectionChanged()

    def on_runner_resultReady(self, result: FireResult) -> None:
        self.busy.stop()
        replay, self._replaying = self._replaying, None
        if replay is None:
            result.discard()
            return
        recorded, status, problem = finish(replay, result)
        self.say(problem)
        self.show_status(status)
        self.refresh(select=recorded.id if recorded else "")

    # -- delete, clear, bundle --------------------------------------------------------

    def delete(self) -> bool:
        entry = self.selected()
        if entry is None or not self.session.prompter.confirm(
            self,
            self.tr("Delete this fire?"),
            self.tr("The fire {id} ({profile}, {outcome}) is removed from the history.").format(
                id=entry.id, profile=entry.profile_name, outcome=entry.outcome()
            ),
            self.tr("Delete"),
        ):
            return False
        try:
            self.history.delete(entry.id)
        except HistoryError as exc:
            self.say(str(exc))
            return False
        self.show_status(self.tr("Deleted {id} from the history.").format(id=entry.id))
        self.refresh()
        return True

    def clear(self) -> bool:
        total = len(self.history.entries())
        if not self.session.prompter.confirm(
            self,
            self.tr("Clear the history?"),
            self.tr("All {n} recorded fires are deleted. Profiles and stored secrets stay.").format(
                n=total
            ),
            self.tr("Delete all"),
        ):
            return False
        count = self.history.clear()
        self.show_status(
            self.tr("Deleted {fires} from the history.").format(
                fires=counted(count, self.tr("fire"))
            )
        )
        self.refresh()
        return True

    def bundle(self) -> bool:
        entry = self.selected()
        if entry is None:
            return False
        try:
            profile = recorded_profile(entry)
        except HistoryError as exc:
            self.say(str(exc))
            return False
        report = save_bundle(self, self.session, profile)
        if report is not None:
            self.show_status(describe(report))
        return report is not None

    # -- messages ---------------------------------------------------------------------

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def showEvent(self, event: object) -> None:
        self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def done(self, code: int) -> None:
        if self.runner.busy:
            self.on_busy_cancelRequested()
        super().done(code)
