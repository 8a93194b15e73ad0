"""The response view: status and timings, the explanation, body, headers and redirects."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.destination.catalogue import Destination
from app.core.http.bodyview import human_size
from app.core.http.fire_result import FireResult, other_host
from app.core.http.interpret import Explanation
from app.core.http.sanitize import visible
from app.ui.dialogs import Prompter
from app.ui.editor import CodeView, FittedCodeView
from app.ui.params_table import configure
from app.ui.response_extras import Headline, ResultLists, headline
from app.ui.response_format import (
    certificate_lines,
    connection_text,
    redirect_lines,
    request_text,
    seconds,
)
from app.ui.style import bold, set_role_colour, wash
from app.ui.widgets import CopyButton, FittingScroll, note, wrapped

#: Lines longer than this are not wrapped in the body view (layout cost grows fast).
WRAP_LIMIT = 4000
VERDICT_TONE = {"ok": "ok", "partial": "partial", "retry": "partial", "error": "error"}


class ResponseView(QWidget):
    """Shows one :class:`FireResult` with its :class:`Explanation`; everything redacted.

    Server text (reason, headers, body, redirect targets, error text quoting them) is
    shown through :func:`visible` in plain-text labels: no escape, control character or
    markup a server sends is interpreted.
    """

    def __init__(self, prompter: Prompter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompter = prompter
        self.result: FireResult | None = None
        self.explanation: Explanation | None = None

        self.summary = wrapped(selectable=True)
        self.summary.setObjectName("responseSummary")
        bold(self.summary)
        self.verdict_frame = QFrame()
        self.verdict_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.verdict_frame.setAutoFillBackground(True)
        frame_layout = QVBoxLayout(self.verdict_frame)
        self.verdict = wrapped(selectable=True)
        self.verdict.setObjectName("verdictTitle")
        bold(self.verdict)
        self.details = wrapped(selectable=True)
        self.details.setObjectName("verdictDetails")
        self.records = QTableWidget()
        self.records.setObjectName("recordsTable")
        configure(
            self.records,
            [self.tr("Record"), self.tr("Code"), self.tr("Meaning"), self.tr("Server said")],
        )
        self.records.setColumnWidth(0, 60)
        self.records.setColumnWidth(1, 60)
        self.records.setColumnWidth(2, 330)
        self.records.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.detail_toggle = QToolButton()
        self.detail_toggle.setText(self.tr("Show technical detai&l"))
        self.detail_toggle.setCheckable(True)
        # As tall as its text: it scrolls with the answer, never inside it.
        self.detail = FittedCodeView(highlight=False)
        self.detail.setObjectName("errorDetail")
        self.detail.hide()
        self.detail_toggle.toggled.connect(self.detail.setVisible)
        self.headline = Headline()
        for label in (self.headline.label, self.headline.value):  # the value is the body's
            label.setTextFormat(Qt.TextFormat.PlainText)
        #: The tone of the verdict shown: ``ok``, ``partial`` or ``error``.
        self.verdict_tone = ""
        self.lists = ResultLists()
        frame_layout.addWidget(self.verdict)
        frame_layout.addWidget(self.headline)
        frame_layout.addWidget(self.details)
        frame_layout.addWidget(self.lists)
        frame_layout.addWidget(self.records)
        frame_layout.addWidget(self.detail_toggle)
        frame_layout.addWidget(self.detail)

        self.tabs = QTabWidget()
        self.body_note = wrapped()
        note(self.body_note, "partial")
        self.body = CodeView(read_only=True)
        self.body.setObjectName("responseBody")
        self.body.show_lines(5)
        self.save_body = QPushButton(self.tr("&Save whole body…"))
        self.save_body.clicked.connect(self.on_save_body_clicked)
        body_tab = QWidget()
        body_layout = QVBoxLayout(body_tab)
        body_layout.addWidget(self.body_note)
        body_layout.addWidget(self.body, 1)
        body_layout.addLayout(
            _row(CopyButton(self.body.toPlainText, self.tr("Copy body")), self.save_body)
        )
        self.headers = QTableWidget()
        self.headers.setObjectName("responseHeaders")
        configure(self.headers, [self.tr("Header"), self.tr("Value")])
        self.headers.setColumnWidth(0, 220)
        self.headers.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        headers_tab = QWidget()
        headers_layout = QVBoxLayout(headers_tab)
        headers_layout.addWidget(self.headers, 1)
        headers_layout.addLayout(_row(CopyButton(self._headers_text, self.tr("Copy headers"))))
        self.redirects = CodeView(read_only=True, highlight=False)
        self.redirects.setObjectName("redirects")
        self.sent = CodeView(read_only=True, highlight=False)
        self.sent.setObjectName("requestSent")
        self.tabs.addTab(body_tab, self.tr("Body"))
        self.tabs.addTab(headers_tab, self.tr("Headers"))
        self.tabs.addTab(self.redirects, self.tr("Redirects"))
        self.tabs.addTab(self.sent, self.tr("Request sent"))

        # The answer (and what a page puts above it, see add_above) scrolls when the
        # window is small; the raw response keeps its own room below it.
        answer = QWidget()
        self.answer_layout = QVBoxLayout(answer)
        self.answer_layout.setContentsMargins(0, 0, 0, 0)
        self.answer_layout.addLayout(
            _row_stretch_first(
                self.summary, CopyButton(self.summary_text, self.tr("Copy s&ummary"))
            )
        )
        self.answer_layout.addWidget(self.verdict_frame)
        self.answer_layout.addStretch(1)
        self.answer = FittingScroll(answer)
        self.answer.setObjectName("responseAnswer")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.answer)
        layout.addWidget(self.tabs, 1)
        self._above = 0
        self.clear()

    def add_above(self, widget: QWidget) -> None:
        """Show ``widget`` above the answer, scrolling with it (the fire page's "where it
        goes" and Fire button), so a small window still has room for the body."""
        self.answer_layout.insertWidget(self._above, widget)
        self._above += 1

    def add_layout_above(self, layout: QHBoxLayout | QVBoxLayout) -> None:
        self.answer_layout.insertLayout(self._above, layout)
        self._above += 1

    # -- showing ----------------------------------------------------------------------

    def clear(self) -> None:
        self.result = self.explanation = None
        self.summary.setText(self.tr("No response yet."))
        self.verdict_frame.hide()
        self.tabs.hide()

    def show_result(
        self,
        result: FireResult,
        explanation: Explanation | None,
        destination: Destination | None = None,
    ) -> None:
        """Show a finished fire: the explanation first, then the raw response.

        Args:
            destination: names the value to show large (Bloomreach's referral code).

        A previous result's spilled body file is deleted; only the latest can be saved.
        """
        if self.result is not None and self.result is not result:
            self.result.discard()
        self.result, self.explanation = result, explanation
        redactor = result.request.redactor

        def redact(text: str) -> str:
            return visible(redactor.redact(text))

        if result.status is not None:
            parts = [f"{result.status} {redact(result.reason)}".strip()]
        else:
            parts = [self.tr("No response")]
        parts.append(
            self.tr("{elapsed} (first byte after {ttfb})").format(
                elapsed=seconds(result.elapsed), ttfb=seconds(result.ttfb)
            )
        )
        if result.status is not None:
            parts.append(human_size(result.size))
        if connection_text(result):
            parts.append(connection_text(result))
        self.summary.setText(" · ".join(parts))
        self.records.setRowCount(0)
        self.headline.hide()
        self.lists.show_lists([], redact)
        moved = self.moved_text()
        if result.error is not None:
            error = result.error
            kind = "partial" if error.kind == "cancelled" and not moved else "error"
            details = [error.hint] if error.hint else []
            details += certificate_lines(error.cert)
            if moved:  # that comes first: the failure is about a host never configured
                self._verdict(kind, moved, [error.message, *details])
            else:
                self._verdict(kind, error.message, details)
            self.detail.setPlainText(visible(redactor.redact(error.detail), multiline=True))
            self.detail_toggle.setVisible(bool(error.detail))
        elif explanation is not None:
            if moved:  # never green: the host that answered received no credentials
                self._verdict("error", moved, [explanation.title, *explanation.details])
            else:
                self._verdict(explanation.verdict, explanation.title, explanation.details)
            found = headline(destination, result.body) if explanation.verdict == "ok" else None
            if found is not None:
                self.headline.show_value(found[0], redact(found[1]))
            self.lists.show_lists(explanation.lists, redact)
            for issue in explanation.records:
                row = self.records.rowCount()
                self.records.insertRow(row)
                for col, value in enumerate(
                    (str(issue.index), issue.code, issue.meaning, redact(issue.error))
                ):
                    self.records.setItem(row, col, QTableWidgetItem(value))
            self.detail_toggle.hide()
        self.detail_toggle.setChecked(False)
        self.records.setVisible(self.records.rowCount() > 0)
        self._fit_records()
        self._raw(result)
        # A fire's answer comes into view, even when the window is small.
        QTimer.singleShot(0, self, self.show_answer)

    def show_answer(self) -> None:
        """Scroll the answer's summary and verdict into view."""
        self.answer.ensureWidgetVisible(self.verdict_frame, 0, 0)
        self.answer.ensureWidgetVisible(self.summary, 0, 0)

    def _fit_records(self) -> None:
        """As tall as its rows (up to about five), so the body keeps its room."""
        self.records.resizeRowsToContents()
        rows = sum(self.records.rowHeight(r) for r in range(min(self.records.rowCount(), 5)))
        frame = 2 * self.records.frameWidth()
        self.records.setFixedHeight(
            self.records.horizontalHeader().sizeHint().height() + rows + frame
        )

    def moved_text(self) -> str:
        """The sentence saying the answer came from another host than configured, or ""."""
        if self.result is None:
            return ""
        followed = [hop.location for hop in self.result.redirects]
        return other_host(self.result.request.url, followed)

    def _verdict(self, verdict: str, title: str, details: list[str]) -> None:
        tone = VERDICT_TONE.get(verdict, "error")
        self.verdict_tone = tone
        redact = self.result.request.redactor.redact if self.result else str
        self.verdict.setText(visible(redact(title)))
        note(self.verdict, tone)
        set_role_colour(
            self.verdict_frame, QPalette.ColorRole.Window, wash(self.palette(), tone, 0.15)
        )
        self.details.setText("\n".join(visible(redact(d), multiline=True) for d in details if d))
        self.details.setVisible(bool(self.details.text()))
        self.verdict_frame.show()

    def _raw(self, result: FireResult) -> None:
        shown = result.body_view()
        self.body_note.setText(visible(shown.note, multiline=True))
        self.body_note.setVisible(bool(shown.note))
        # Laying out one huge wrapped line takes seconds: long lines scroll sideways instead.
        longest = max(map(len, shown.text.splitlines()), default=0)
        self.body.setLineWrapMode(
            CodeView.LineWrapMode.WidgetWidth
            if longest <= WRAP_LIMIT
            else CodeView.LineWrapMode.NoWrap
        )
        self.body.set_highlighting(shown.kind == "json")
        self.body.setPlainText(visible(shown.text, multiline=True))
        self.save_body.setEnabled(result.size > 0)
        redact = result.request.redactor.redact
        self.headers.setRowCount(0)
        for name, value in result.headers:
            row = self.headers.rowCount()
            self.headers.insertRow(row)
            self.headers.setItem(row, 0, QTableWidgetItem(visible(name)))
            self.headers.setItem(row, 1, QTableWidgetItem(visible(redact(value))))
        hops = [visible(line) for line in redirect_lines(result)]
        self.redirects.setPlainText(
            "\n".join(hops) if hops else self.tr("No redirects: the first host answered.")
        )
        self.tabs.setTabText(2, self.tr("Redirects ({n})").format(n=len(hops)))
        self.sent.setPlainText(request_text(result))
        self.tabs.setVisible(result.status is not None or bool(result.redirects))
        self.tabs.setTabEnabled(0, result.status is not None)

    # -- copying and saving -----------------------------------------------------------

    def _headers_text(self) -> str:
        def cell(row: int, column: int) -> str:
            item = self.headers.item(row, column)
            return item.text() if item is not None else ""

        rows = range(self.headers.rowCount())
        return "\n".join(f"{cell(r, 0)}: {cell(r, 1)}" for r in rows)

    def summary_text(self) -> str:
        """Status, explanation and record codes as plain text (for a support ticket)."""
        lines = [self.summary.text(), self.moved_text()]
        if self.result is not None and self.result.error is not None:
            lines += [self.result.error.message, self.result.error.hint]
        elif self.explanation is not None:
            lines += self.explanation.lines()
        redactor = self.result.request.redactor if self.result else None
        text = "\n".join(visible(line, multiline=True) for line in lines if line)
        return redactor.redact(text) if redactor else text

    def on_save_body_clicked(self) -> None:
        if self.result is None:
            return
        reveal = False
        if self.result.echoed_secrets():
            answer = self.prompter.choose(
                self,
                self.tr("The answer holds your secret"),
                self.tr(
                    "The server sent back a secret you use for this integration. "
                    "Save the body with the secret masked as on screen, or exactly as "
                    "received? A file with the secret in it must not be shared."
                ),
                [
                    ("masked", self.tr("Save &masked")),
                    ("reveal", self.tr("Save with the &secret")),
                    ("cancel", self.tr("Cancel")),
                ],
            )
            if answer == "cancel":
                return
            reveal = answer == "reveal"
        path = self.prompter.save_file(
            self,
            self.tr("Save the whole response body"),
            "response-body.txt",
            self.tr("All files (*)"),
        )
        if path:
            self.save_whole_body(path, reveal=reveal)

    def save_whole_body(self, path: str, *, reveal: bool = False) -> None:
        """Write every byte received; echoed secrets masked unless ``reveal``."""
        assert self.result is not None
        try:
            self.result.save_body(path, reveal=reveal)
        except OSError as exc:
            self.prompter.error(self, self.tr("Could not save"), str(exc))


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def _row_stretch_first(first: QWidget, *widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(first, 1)
    for widget in widgets:
        row.addWidget(widget)
    return row
