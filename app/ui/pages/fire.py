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

from app.core.http.fire_result import FireError, FireResult
from app.core.http.interpret import Explanation
from app.core.journey.journey import (
    FireOutcome,
    Journey,
    JourneyError,
    PreparedFire,
    missing_secret_message,
)
from app.core.journey.steps import has_payload_step
from app.core.payload.words import counted
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
        #: The fire under way, with the journey it belongs to.
        self._firing: tuple[Journey, PreparedFire] | None = None
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

        self.stale_note = wrapped()
        self.stale_note.setObjectName("staleNote")
        note(self.stale_note, "partial")
        self.stale_note.hide()
        self.response = ResponseView(session.prompter)
        self.response.setObjectName("responseView")
        # Where it goes and the Fire button scroll with the answer in a small window,
        # so the response body below keeps room for its lines.
        self.response.add_above(where_box)
        self.response.add_layout_above(actions)
        self.response.add_above(self.message)
        self.response.add_above(self.stale_note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.response, 1)
        self._set_busy(False)
        session.secretsChanged.connect(self.on_session_secretsChanged)

    # -- page protocol ----------------------------------------------------------------

    def initializePage(self) -> None:
        dry = self.destination.dry_run
        self.dry_run.setVisible(dry is not None)
        self.dry_run_note.setVisible(dry is not None)
        if dry is not None:
            self.dry_run.setText(dry.label or self.tr("Validate only"))
            self.dry_run.blockSignals(True)
            self.dry_run.setChecked(self.profile.dry_run)
            self.dry_run.blockSignals(False)
        self.say("")
        self.refresh_target()
        self.show_outcome()

    def show_outcome(self) -> None:
        """Show the last answer only while it belongs to what is configured now."""
        journey = self.session.journey
        assert journey is not None
        shown = journey.shown_outcome()
        if shown is None:
            if self.response.result is not None:
                self.response.clear()
            self.last_result = self.last_explanation = None
            stale = journey.last is not None
            self.stale_note.setText(
                self.tr(
                    "The last answer was for an earlier configuration (something changed "
                    "since: the region, the credentials, the mapping or the payload). Fire "
                    "again to see the answer for this one."
                )
            )
            self.stale_note.setVisible(stale)
            return
        self.stale_note.hide()
        if self.response.result is not shown.result:
            self._show(shown)

    def _dry_run_text(self, checked: bool) -> str:
        dry = self.destination.dry_run
        if checked:
            text = self.tr(
                "Validation only: the destination checks the request but stores nothing, so "
                "no customer is affected. Untick it to send a real event."
            )
        else:
            text = self.tr(
                "This sends a real event: the destination stores it and may act on it. Tick "
                "the box to have it checked without storing anything."
            )
        if dry is not None and dry.certainty:  # a sentence for the user, from the data
            text += " " + dry.certainty
        return text

    def refresh_target(self) -> None:
        """Where the fire goes, and what stands in its way; nothing is decided here."""
        journey = self.session.journey
        assert journey is not None
        checked = self.dry_run.isChecked() and self.destination.dry_run is not None
        self.dry_run_note.setText(self._dry_run_text(checked))
        preview = journey.preview(dry_run=checked)
        errors = preview.validation.report.errors
        where = self.tr("Payload") if has_payload_step(self.destination) else self.tr("Mapping")
        self.problems_note.setText(
            self.tr(
                "The request has {problems}, listed on the {page} page. You can still "
                "fire to see how the destination answers."
            ).format(problems=counted(len(errors), self.tr("problem")), page=where)
        )
        self.problems_note.setVisible(bool(errors))
        request = preview.request
        if request is None:
            self.target.setText("")
            self._target_note(preview.problem, "error")
            return
        self.target.setText(f"{request.method} {request.redactor.redact(request.url)}")
        if not journey.secrets_known:
            self._target_note(self.tr("Reading the stored credentials…"), "partial")
        elif journey.missing_secrets():
            self._target_note(missing_secret_message(journey.missing_secrets()), "error")
        elif self.session.is_sandbox:
            text = self.tr("This is Hooksmith's local sandbox: nothing leaves this computer.")
            if self.destination.fire_warning:  # said before the real host is chosen, too
                text += " " + self.tr("At the real endpoint: {warning}").format(
                    warning=self.destination.fire_warning
                )
            self._target_note(text, "ok")
        elif self.destination.fire_warning:  # no dry run, and a fire changes real data
            self._target_note(
                self.tr(
                    "{warning} This sends a real request to {host}; you will be asked to "
                    "confirm every time."
                ).format(warning=self.destination.fire_warning, host=request.host),
                "error",
            )
        else:
            self._target_note(
                self.tr(
                    "This sends a real event to {host}. You will be asked to confirm the "
                    "first time."
                ).format(host=request.host),
                "partial",
            )

    def _target_note(self, text: str, kind: str) -> None:
        self.target_note.setText(text)
        note(self.target_note, kind)

    def on_session_secretsChanged(self) -> None:
        if self.wizard() is not None and self.wizard().currentPage() is self:
            self.refresh_target()
            self.show_outcome()

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
        """Prepare the fire in the core, confirm a real host once, then fire off the UI thread."""
        journey = self.session.journey
        if self.runner.busy or journey is None:
            return
        self.session.read_secrets_now()
        try:
            prepared = journey.prepare_fire(dry_run=self.dry_run.isChecked())
        except JourneyError as exc:
            self.say(str(exc))
            return
        self.say("")
        if prepared.question:
            if not self.session.prompter.confirm(
                self, self.tr("Send a real event?"), prepared.question, self.tr("Send real event")
            ):
                return
            journey.confirm(prepared)
        self._firing = (journey, prepared)
        self.busy_host = prepared.request.host
        self.clock.start()
        self.runner.start(prepared.request, self.session.services.settings)
        self._set_busy(True)

    def on_cancel_button_clicked(self) -> None:
        job = self.runner.cancel()
        self._set_busy(False)
        firing, self._firing = self._firing, None
        if job is None or firing is None:
            return
        journey, prepared = firing
        result = FireResult(
            job.request,
            elapsed=self.clock.elapsed() / 1000,
            error=FireError(
                "cancelled",
                self.tr("The fire was cancelled."),
                self.tr("Nothing more is read. The server may still have received the request."),
            ),
        )
        outcome = journey.finish_fire(prepared, result, record=False)
        if journey is self.session.journey:
            self._show(outcome)

    def on_runner_resultReady(self, result: FireResult) -> None:
        self._set_busy(False)
        firing, self._firing = self._firing, None
        if firing is None:
            result.discard()
            return
        journey, prepared = firing
        outcome = journey.finish_fire(prepared, result)
        if journey is not self.session.journey:
            return
        if outcome.history_problem:
            self.say(
                self.tr("The fire was not added to the history: {reason}").format(
                    reason=outcome.history_problem
                )
            )
        self.stale_note.hide()
        self._show(outcome)

    def _show(self, outcome: FireOutcome) -> None:
        self.last_result, self.last_explanation = outcome.result, outcome.explanation
        self.response.show_result(outcome.result, outcome.explanation, self.destination)

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
