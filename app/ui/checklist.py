"""The go-live checklist as the hand-over page shows it: a headline, then one row per item
with what is wrong, what to do, and a button that goes to the page where it is fixed.

It renders :class:`~app.core.journey.readiness.Readiness` and decides nothing itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.journey.readiness import STEP_NAMES, Readiness
from app.core.payload.words import counted
from app.ui.widgets import note, wrapped


class ChecklistView(QWidget):
    """What still stands between this configuration and going live.

    Signals:
        goTo(str): the user asked to go to a step (``credentials``, ``payload``...).

    Attributes:
        readiness: the checklist shown.
        headline: "Ready to hand over" only when nothing blocks.
        buttons: item id -> its "Go to …" button.
    """

    goTo = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.readiness = Readiness()
        self.buttons: dict[str, QPushButton] = {}
        self.headline = wrapped()
        self.headline.setObjectName("checklistHeadline")
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addLayout(self.grid)
        layout.addStretch(1)  # given more height than it needs, the items stay together

    def show_readiness(self, readiness: Readiness, current_step: str = "handover") -> None:
        """Show ``readiness``; items fixed on this page get no button."""
        self.readiness = readiness
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons.clear()
        if readiness.ready:
            self.headline.setText(
                self.tr("✓ Ready to hand over: nothing blocks this configuration.")
            )
            note(self.headline, "ok")
        else:
            n = len(readiness.blocking)
            self.headline.setText(
                self.tr("Not ready yet: {things} to fix before this goes live.").format(
                    things=counted(n, self.tr("thing"), self.tr("things"))
                )
            )
            note(self.headline, "error")
        for row, item in enumerate(readiness.items):
            mark = QLabel("✗" if item.blocking else "!")
            mark.setAccessibleName(self.tr("Blocks") if item.blocking else self.tr("Advice"))
            note(mark, "error" if item.blocking else "partial")
            text = item.message + (f" {item.fix}" if item.fix else "")
            label = wrapped(text)
            label.setObjectName(f"check_{item.id}")
            self.grid.addWidget(mark, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(label, row, 1)
            if item.step != current_step:
                button = QPushButton(
                    self.tr("Go to {page}").format(page=self.tr(STEP_NAMES[item.step]))
                )
                button.setAutoDefault(False)
                button.setObjectName(f"goto_{item.id}")
                button.clicked.connect(lambda _=False, step=item.step: self.goTo.emit(step))
                self.grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignTop)
                self.buttons[item.id] = button
