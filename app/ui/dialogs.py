"""Questions the wizard asks the user, behind one small object so tests can answer them.

Pages never call ``QMessageBox``/``QFileDialog`` directly; they ask the session's
:class:`Prompter`. Tests pass a scripted prompter instead of clicking modal dialogs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

Kind = Literal["Warning", "Question", "Information", "Critical"]


def _box(kind: Kind, title: str, text: str, parent: QWidget | None) -> QMessageBox:
    """A message box with the icon ``kind``. QMessageBox and QFileDialog are named on
    first use, not at start-up: naming a PySide6 class creates its enum classes
    (:mod:`app.ui.lean`)."""
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox(QMessageBox.Icon[kind], title, text, parent=parent)


class Prompter:
    """Modal questions and file choosers, shown with the system's own dialogs."""

    def confirm(self, parent: QWidget | None, title: str, text: str, accept: str) -> bool:
        """Ask a yes/no question; ``accept`` labels the button that says yes.

        The safe answer (Cancel) is the default button, so Enter never confirms by accident.
        """
        box = _box("Warning", title, text, parent)
        yes = box.addButton(accept, box.ButtonRole.AcceptRole)
        cancel = box.addButton(box.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is yes

    def choose(
        self, parent: QWidget | None, title: str, text: str, choices: list[tuple[str, str]]
    ) -> str:
        """Ask a question with several answers; returns the key of the one chosen.

        Args:
            choices: (key, button text) pairs; the last one is the safe answer, the
                default and what Escape or closing the box means.
        """
        box = _box("Question", title, text, parent)
        buttons = {}
        for key, label in choices:
            buttons[box.addButton(label, box.ButtonRole.ActionRole)] = key
        safe = next(b for b, k in buttons.items() if k == choices[-1][0])
        box.setDefaultButton(safe)
        box.setEscapeButton(safe)
        box.exec()
        return buttons.get(box.clickedButton(), choices[-1][0])  # type: ignore[call-overload]

    def inform(self, parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
        box = _box("Information", title, text, parent)
        if detail:
            box.setDetailedText(detail)
        box.exec()

    def error(self, parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
        box = _box("Critical", title, text, parent)
        if detail:
            box.setDetailedText(detail)
        box.exec()

    def open_file(
        self, parent: QWidget | None, caption: str, directory: str, filter_: str
    ) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(parent, caption, directory, filter_)
        return path or None

    def save_file(
        self, parent: QWidget | None, caption: str, path: str, filter_: str
    ) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        chosen, _ = QFileDialog.getSaveFileName(parent, caption, path, filter_)
        return chosen or None
