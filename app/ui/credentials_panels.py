"""The credentials manager's two inline panels: a revealed value that hides itself, and
a masked field for a replacement value (no modal dialog, so nothing typed is lost)."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.core.secrets.credentials import CredentialEntry
from app.ui.style import monospace
from app.ui.widgets import SecretEdit, note, wrapped


class RevealPanel(QFrame):
    """Shows one secret in clear after the user asked, then hides it again.

    Args:
        seconds: how long the value stays on screen.
    """

    def __init__(self, seconds: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.what = QLabel()
        self.what.setWordWrap(True)
        self.value = QLineEdit()
        self.value.setObjectName("revealedValue")
        self.value.setReadOnly(True)
        self.value.setFont(monospace())
        self.what.setBuddy(self.value)
        self.hide_button = QPushButton(self.tr("&Hide"))
        self.hide_button.clicked.connect(self.conceal)
        self.warning = wrapped(
            self.tr(
                "Shown in clear text for {seconds} seconds. Anything you copy stays on the "
                "clipboard: copy something else afterwards."
            ).format(seconds=seconds)
        )
        note(self.warning, "error")
        grid = QGridLayout(self)
        grid.addWidget(self.what, 0, 0, 1, 2)
        grid.addWidget(self.value, 1, 0)
        grid.addWidget(self.hide_button, 1, 1)
        grid.addWidget(self.warning, 2, 0, 1, 2)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(seconds * 1000)
        self.timer.timeout.connect(self.conceal)
        self.hide()

    def reveal(self, what: str, value: str) -> None:
        self.what.setText(self.tr("{what}:").format(what=what))
        self.value.setText(value)
        self.value.setCursorPosition(0)
        self.show()
        self.value.setFocus()
        self.timer.start()

    def conceal(self) -> None:
        """Forget the value on screen (the store still has it)."""
        self.timer.stop()
        self.value.clear()
        self.hide()


class ReplacePanel(QFrame):
    """A masked field for the new value of one entry, with Save and Cancel.

    Signals:
        submitted(object, str): the entry and the value typed.
    """

    submitted = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.entry: CredentialEntry | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.edit = SecretEdit()
        self.edit.edit.setObjectName("replacementValue")
        self.edit.edit.returnPressed.connect(self.on_save_clicked)
        self.label.setBuddy(self.edit)
        self.save = QPushButton(self.tr("Sa&ve new value"))
        self.save.clicked.connect(self.on_save_clicked)
        self.cancel = QPushButton(self.tr("Keep the &old value"))
        self.cancel.clicked.connect(self.close_panel)
        grid = QGridLayout(self)
        grid.addWidget(self.label, 0, 0, 1, 3)
        grid.addWidget(self.edit, 1, 0)
        grid.addWidget(self.save, 1, 1)
        grid.addWidget(self.cancel, 1, 2)
        grid.setColumnStretch(0, 1)
        self.hide()

    def open_for(self, entry: CredentialEntry) -> None:
        self.entry = entry
        self.label.setText(self.tr("New value for the {what}:").format(what=entry.describe()))
        self.edit.setText("")
        self.show()
        self.edit.setFocus()

    def on_save_clicked(self) -> None:
        if self.entry is not None:
            self.submitted.emit(self.entry, self.edit.text())

    def close_panel(self) -> None:
        self.entry = None
        self.edit.setText("")
        self.hide()
