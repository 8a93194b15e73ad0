"""Page 6: test-fire the request, off the UI thread, and explain the answer."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.fire import FireError, FireResult
from app.core.history import HistoryError, record_fire
from app.core.interpret import Explanation, explain
from app.core.request import RequestError
from app.core.secrets import SecretStoreError
from app.core.validate import validate_profile
from app.ui.pages.base import HooksmithPage
from app.ui.response_view import ResponseView
from app.ui.session import Session
from app.ui.style import monospace
from app.ui.widgets import note, wrapped
from app.ui.worker import FireRunner


class FirePage(HooksmithPage):
    """Fire button, busy state with Cancel, and the :class:`ResponseView`.

    Attributes:
        runner: starts fires on a worker thread; tests wait on ``runner.resultReady``.
        last_result: the result shown last (a cancelled fire included).
        last_explanation: its explanation, when there was a response.
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setTitle(self.tr("Test fire"))
        self.setSubTitle(
            self.tr(
                "Send the request once with the sample values and see what the destination answers."
            )
        )
        self.runner = FireRunner(parent=self)
        self.runner.resultReady.connect(self.on_runner_resultReady)
        self.last_result: FireResult | None = None
        self.last_explanation: Explanation | None = None
        self.busy_host = ""
        self.clock = QElapsedTimer()
        self.ticker = QTimer(self)
        self.ticker.setInterval(100)
        self.ticker.timeout.connect(self.on_ticker_timeout)

        where_box = QGroupBox(self.tr("Where it goes"))
        where = QVBoxLayout(where_box)
        self.target = wrapped(selectable=True)
        self.target.setObjectName("fireTarget")
        self.target.setFont(monospace())
        self.target_note = wrapped()
        self.problems_note = wrapped()
        note(self.problems_note, "partial")
        self.dry_run = QCheckBox()
        self.dry_run.setObjectName("dryRun")
        self.dry_run_note = wrapped()
        self.dry_run.toggled.connect(self.on_dry_run_toggled)
        for widget in (
            self.target,
            self.target_note,
            self.problems_note,
            self.dry_run,
            self.dry_run_note,
        ):
            where.addWidget(widget)

        self.fire_button = QPushButton(self.tr("&Fire test event"))
        self.fire_button.setObjectName("fireButton")
        self.fire_button.clicked.connect(self.on_fire_button_clicked)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(160)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busyLabel")
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        self.cancel_button.setObjectName("cancelFire")
        self.cancel_button.setToolTip(self.tr("Stop waiting for the answer"))
        self.cancel_button.clicked.connect(self.on_cancel_button_clicked)
        actions = QHBoxLayout()
        for widget in (self.fire_button, self.progress, self.busy_label, self.cancel_button):
            actions.addWidget(widget)
        actions.addStretch(1)

        self.response = ResponseView(session.prompter)
        self.response.setObjectName("responseView")
        layout = QVBoxLayout(self)
        layout.addWidget(where_box)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.response, 1)
        self._set_busy(False)

    # -- page protocol ----------------------------------------------------------------

    def initializePage(self) -> None:
        dry = self.destination.dry_run
        self.dry_run.setVisible(dry is not None)
        self.dry_run_note.setVisible(dry is not None)
        if dry is not None:
            self.dry_run.setText(str(dry.get("label", self.tr("Validate only"))))
            self.dry_run.setChecked(self.profile.dry_run)
            explanation = self.tr(
                "The destination checks the request but stores nothing, so no customer is "
                "affected. Untick it to send a real event."
            )
            if dry.get("certainty"):
                explanation += " " + self.tr("Note: this option is documented by {source}.").format(
                    source=dry["certainty"]
                )
            self.dry_run_note.setText(explanation)
        errors = validate_profile(self.profile, self.destination).report.errors
        self.problems_note.setText(
            self.tr(
                "The payload has {n} problem(s), listed on the Payload page. You can still "
                "fire to see how the destination answers."
            ).format(n=len(errors))
        )
        self.problems_note.setVisible(bool(errors))
        self.refresh_target()

    def refresh_target(self) -> None:
        try:
            request = self.session.prepare(dry_run=self.dry_run.isChecked())
        except (RequestError, SecretStoreError) as exc:
            try:
                self.target.setText(f"{self.destination.verb} {self.session.endpoint()}")
            except RequestError:
                self.target.setText("")
            self.target_note.setText(str(exc))
            note(self.target_note, "error")
            return
        self.target.setText(f"{request.method} {request.redactor.redact(request.url)}")
        if self.session.is_sandbox:
            text = self.tr("This is Hooksmith's local sandbox: nothing leaves this computer.")
            note(self.target_note, "ok")
        else:
            text = self.tr(
                "This sends a real event to {host}. You will be asked to confirm the first time."
            ).format(host=request.host)
            note(self.target_note, "partial")
        self.target_note.setText(text)

    def on_dry_run_toggled(self, checked: bool) -> None:
        if self.session.profile is not None:
            self.profile.dry_run = checked
            self.refresh_target()

    def isComplete(self) -> bool:
        return not self.runner.busy

    def cleanupPage(self) -> None:
        if self.runner.busy:
            self.on_cancel_button_clicked()

    # -- firing -----------------------------------------------------------------------

    def on_fire_button_clicked(self) -> None:
        """Build the request, confirm a real host once, then fire off the UI thread."""
        if self.runner.busy:
            return
        try:
            request = self.session.prepare(dry_run=self.dry_run.isChecked())
        except (RequestError, SecretStoreError) as exc:
            self.say(str(exc))
            return
        self.say("")
        key = (self.profile.id, request.host)
        if not self.session.is_sandbox and key not in self.session.confirmed_hosts:
            if not self.session.prompter.confirm(
                self,
                self.tr("Send a real event?"),
                self.tr(
                    "This sends a real event to {host}. Customers may be affected, for "
                    "example by an email from a campaign. Continue?"
                ).format(host=request.host),
                self.tr("Send real event"),
            ):
                return
            self.session.confirmed_hosts.add(key)
        self.busy_host = request.host
        self.clock.start()
        self.runner.start(request, self.session.services.settings)
        self._set_busy(True)

    def on_cancel_button_clicked(self) -> None:
        job = self.runner.cancel()
        self._set_busy(False)
        if job is None:
            return
        result = FireResult(
            job.request,
            elapsed=self.clock.elapsed() / 1000,
            error=FireError(
                "cancelled",
                self.tr("The fire was cancelled."),
                self.tr("Nothing more is read. The server may still have received the request."),
            ),
        )
        self._show(result)

    def on_runner_resultReady(self, result: FireResult) -> None:
        self._set_busy(False)
        self._show(result)
        self._record(result)

    def _record(self, result: FireResult) -> None:
        """Keep the fire in the local history (masked); a full disk only costs the entry."""
        try:
            record_fire(
                result,
                self.profile,
                destination=self.destination,
                explanation=self.last_explanation,
                dry_run=self.dry_run.isChecked(),
                profile_path=str(self.session.saved_path or ""),
            )
        except HistoryError as exc:
            self.say(self.tr("The fire was not added to the history: {reason}").format(reason=exc))

    def _show(self, result: FireResult) -> None:
        explanation = None
        if result.status is not None and result.error is None:
            explanation = explain(self.destination, result.status, result.header_map, result.body)
        self.last_result, self.last_explanation = result, explanation
        self.response.show_result(result, explanation, self.destination)

    def on_ticker_timeout(self) -> None:
        self.busy_label.setText(
            self.tr("Waiting for {host}… {seconds:.1f} s").format(
                host=self.busy_host, seconds=self.clock.elapsed() / 1000
            )
        )

    def _set_busy(self, busy: bool) -> None:
        self.fire_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.busy_label.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.on_ticker_timeout()
            self.ticker.start()
            self.cancel_button.setFocus()
        else:
            self.ticker.stop()
            if self.fire_button.isVisible():
                self.fire_button.setFocus()
        self.completeChanged.emit()
