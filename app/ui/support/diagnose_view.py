"""Diagnose a payload pasted from a delivery log or a ticket (:mod:`app.core.support.diagnose`).

Every problem is listed with its line and column; clicking one puts the cursor there
in the pasted text. With a profile, the template's output is compared with what was
sent: the changed JSON paths and a coloured unified diff. The view diagnoses as you
type (after a short pause), so there is nothing to press.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.destination.catalogue import get_destination, load_catalogue
from app.core.destination.profile import Profile
from app.core.support.diagnose import Diagnosis, diagnose, diagnose_log_entry
from app.core.support.management_models import LogEntry
from app.ui.editor import CodeView
from app.ui.session import Session
from app.ui.style import bold
from app.ui.support.bundle_action import save_bundle
from app.ui.support.common import saved_profiles, when
from app.ui.support.diff_view import DiffView
from app.ui.widgets import CopyButton, ProblemList, combo, note, wrapped

DEBOUNCE_MS = 250


class DiagnoseDialog(QDialog):
    """Paste on the left, the diagnosis on the right.

    Attributes:
        diagnosis: the latest diagnosis (None until there is text).
        entry: the delivery being looked at, when opened from the delivery logs.
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Diagnose a payload"))
        self.resize(1000, 700)
        self.session = session
        self.diagnosis: Diagnosis | None = None
        self.entry: LogEntry | None = None
        self._profiles: list[Profile | None] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)

        self.payload = CodeView()
        self.payload.setObjectName("diagnosePayload")
        self.payload.setPlaceholderText(self.tr("Paste the payload that was sent here."))
        self.payload.textChanged.connect(self.timer.start)
        # Guides indent with tabs; at 8 columns their examples wrap in a narrow pane.
        self.payload.setTabStopDistance(self.payload.fontMetrics().horizontalAdvance(" ") * 4)
        payload_label = QLabel(self.tr("&Payload as sent:"))
        payload_label.setBuddy(self.payload)
        self.destination = combo()
        self.destination.setObjectName("diagnoseDestination")
        self.destination.addItem(self.tr("Recognise it automatically"), "")
        for destination in load_catalogue():
            self.destination.addItem(destination.title, destination.id)
        self.destination.currentIndexChanged.connect(self.refresh)
        self.profile = combo()
        self.profile.setObjectName("diagnoseProfile")
        self.profile.currentIndexChanged.connect(self.refresh)
        self.url = QLineEdit()
        self.url.setObjectName("diagnoseUrl")
        self.url.setPlaceholderText(self.tr("optional: helps recognise the destination"))
        self.url.textEdited.connect(self.timer.start)
        form = QFormLayout()
        for text, field in (
            (self.tr("&Destination:"), self.destination),
            (self.tr("Compare with p&rofile:"), self.profile),
            (self.tr("Sent to &URL:"), self.url),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        self.entry_note = wrapped(selectable=True)
        self.entry_note.setObjectName("entryNote")
        self.entry_note.hide()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(form)
        left_layout.addWidget(self.entry_note)
        left_layout.addWidget(payload_label)
        left_layout.addWidget(self.payload, 1)

        self.detected = wrapped(selectable=True)
        self.detected.setObjectName("diagnoseDetected")
        bold(self.detected)
        self.reasons = wrapped(selectable=True)
        self.reasons.setObjectName("diagnoseReasons")
        self.problems = ProblemList()
        self.problems.setObjectName("diagnoseProblems")
        self.problems.problemActivated.connect(self.payload.go_to)
        self.notes = wrapped(selectable=True)
        self.notes.setObjectName("diagnoseNotes")
        self.changes = QListWidget()
        self.changes.setObjectName("diagnoseChanges")
        self.changes.setWordWrap(True)
        self.diff = DiffView()
        self.diff.setObjectName("diagnoseDiff")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.problems, self.tr("Problems"))
        self.tabs.addTab(self.changes, self.tr("Changed values"))
        self.tabs.addTab(self.diff, self.tr("Diff against the template"))
        self.bundle_button = QPushButton(self.tr("Support &bundle…"))
        self.bundle_button.setObjectName("diagnoseBundle")
        self.bundle_button.setToolTip(
            self.tr("A zip with the profile, its last fires and this diagnosis, for a ticket")
        )
        self.bundle_button.clicked.connect(self.on_bundle_button_clicked)
        self.copy = CopyButton(self.text, self.tr("Copy the diagnosis"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy)
        buttons.addStretch(1)
        buttons.addWidget(self.bundle_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detected)
        right_layout.addWidget(self.reasons)
        right_layout.addWidget(self.notes)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([480, 520])
        self.message = wrapped()
        note(self.message, "error")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        self.refresh_profiles()
        session.profileReplaced.connect(self.refresh_profiles)
        self._clear()

    # -- input ------------------------------------------------------------------------

    def refresh_profiles(self) -> None:
        """Offer no profile, the wizard's current one, and the saved ones."""
        current = self.chosen_profile()
        self.profile.blockSignals(True)
        self.profile.clear()
        self._profiles = [None]
        self.profile.addItem(self.tr("None: check the destination's rules only"))
        own = self.session.profile
        if own is not None:
            self._profiles.append(own)
            self.profile.addItem(self.tr("The wizard's profile: {name}").format(name=own.name))
        for profile, path in saved_profiles():
            if own is None or profile.id != own.id:
                self._profiles.append(profile)
                self.profile.addItem(f"{profile.name} ({path.name})")
        ids = [p.id if p else None for p in self._profiles]
        self.profile.setCurrentIndex(ids.index(current.id) if current and current.id in ids else 0)
        self.profile.blockSignals(False)

    def chosen_profile(self) -> Profile | None:
        index = self.profile.currentIndex()
        return self._profiles[index] if 0 <= index < len(self._profiles) else None

    def choose_profile(self, profile_id: str) -> bool:
        """Compare with the listed profile whose id is ``profile_id``."""
        for index, profile in enumerate(self._profiles):
            if profile is not None and profile.id == profile_id:
                self.profile.setCurrentIndex(index)
                return True
        return False

    def set_payload(self, text: str, url: str = "") -> None:
        """Diagnose pasted text (any delivery shown before is forgotten)."""
        self.entry = None
        self.entry_note.hide()
        self.url.setText(url)
        self.payload.setPlainText(text)
        self.refresh()

    def show_entry(self, entry: LogEntry) -> None:
        """Diagnose one delivery from Talon.One's log, its answer explained too."""
        self.set_payload(entry.body, entry.url)
        self.entry = entry
        answer = str(entry.status) if entry.status is not None else self.tr("no answer")
        self.entry_note.setText(
            self.tr("Delivery {id} of “{webhook}” at {time}: {answer}.").format(
                id=entry.id,
                webhook=entry.webhook_name or entry.webhook_id or "-",
                time=when(entry.created_at),
                answer=answer,
            )
        )
        self.entry_note.show()
        self.refresh()

    # -- the diagnosis ----------------------------------------------------------------

    def refresh(self) -> None:
        self.timer.stop()
        text = self.payload.toPlainText()
        if not text.strip():
            self.diagnosis = None
            self._clear()
            return
        chosen = str(self.destination.currentData() or "")
        destination = get_destination(chosen) if chosen else None
        profile = self.chosen_profile()
        if self.entry is not None:
            entry = dataclasses.replace(self.entry, body=text, url=self.url.text().strip())
            result = diagnose_log_entry(entry, destination=destination, profile=profile)
        else:
            result = diagnose(
                text, destination=destination, profile=profile, url=self.url.text().strip()
            )
        self.diagnosis = result
        self._show(result)

    def _clear(self) -> None:
        self.detected.setText(self.tr("Paste a payload to diagnose it."))
        self.reasons.hide()
        self.notes.hide()
        self.problems.clear()
        self.changes.clear()
        self.diff.clear()
        self.bundle_button.setEnabled(False)
        self.copy.setEnabled(False)

    def _show(self, result: Diagnosis) -> None:
        if result.destination is None:
            self.detected.setText(self.tr("Destination not recognised: JSON and templating only."))
        else:
            self.detected.setText(
                self.tr("Checked against {name}'s rules.").format(name=result.destination.title)
            )
        self.reasons.setText(self.tr("Why: {reasons}.").format(reasons="; ".join(result.reasons)))
        self.reasons.setVisible(bool(result.reasons))
        self.notes.setText("\n".join(f"• {line}" for line in result.notes))
        self.notes.setVisible(bool(result.notes))
        self.problems.show_problems(
            result.report.problems, self.tr("No problems found in the payload.")
        )
        self.tabs.setTabText(0, self.tr("Problems ({n})").format(n=len(result.report.problems)))
        compared = result.expected is not None
        self.changes.clear()
        if compared:
            texts = [c.describe() for c in result.changes]
            self.changes.addItems(texts or [self.tr("The payload is what the template produces.")])
        self.diff.show_lines(result.unified_diff)
        self.tabs.setTabText(1, self.tr("Changed values ({n})").format(n=len(result.changes)))
        self.tabs.setTabVisible(1, compared)
        self.tabs.setTabVisible(2, compared)
        self.bundle_button.setEnabled(self.chosen_profile() is not None)
        self.copy.setEnabled(True)

    def text(self) -> str:
        """The diagnosis as text, for the clipboard and tickets."""
        return "\n".join(self.diagnosis.lines()) if self.diagnosis else ""

    def on_bundle_button_clicked(self) -> None:
        profile = self.chosen_profile()
        if profile is not None:
            save_bundle(self, self.session, profile, diagnosis=self.diagnosis)

    def showEvent(self, event: object) -> None:
        self.refresh_profiles()
        super().showEvent(event)  # type: ignore[arg-type]
