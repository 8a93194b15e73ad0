"""Keys of a ``map`` slot that a destination documents (mParticle's identity types):
offered in a drop-down, with misspellings named and the right key suggested."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from app.ui.widgets import fit_combo


def _tr(text: str) -> str:
    return QCoreApplication.translate("sources", text)


def key_problem(key: str, choices: Sequence[str], suggest: Mapping[str, str]) -> str:
    """Why ``key`` is wrong: a known misspelling (with the right key) or not documented."""
    if key in suggest:
        return _tr("{key} is not a documented key: use {right}.").format(
            key=key, right=suggest[key]
        )
    if choices and key and key not in choices:
        lowered = {c.lower(): c for c in choices}
        if key.lower() in lowered:
            return _tr("{key} is not a documented key: use {right}.").format(
                key=key, right=lowered[key.lower()]
            )
        return _tr("{key} is not one of the documented keys; choose one from the list.").format(
            key=key
        )
    return ""


class KeyCombo(QComboBox):
    """An editable drop-down of the documented keys.

    Choosing from the list is the easy path; typing is still possible (and filtered),
    so a key loaded from a profile is never dropped: :func:`key_problem` names it.

    Signals:
        textEdited(str): typed or chosen by the user (not by :meth:`setText`).
    """

    textEdited = Signal(str)

    def __init__(self, choices: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.addItems(list(choices))
        completer = QCompleter(list(choices), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
        edit = self.lineEdit()
        assert edit is not None
        placeholder = _tr("e.g. {key}").format(key=choices[0]) if choices else ""
        edit.setPlaceholderText(placeholder)
        fit_combo(self, placeholder)
        edit.textEdited.connect(self.textEdited)
        self.textActivated.connect(self.textEdited)
        self.setToolTip(_tr("The keys the destination documents"))

    def text(self) -> str:
        return self.currentText()

    def setText(self, text: str) -> None:
        index = self.findText(text)
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText(text)

    def selectAll(self) -> None:
        edit = self.lineEdit()
        if edit is not None:
            edit.selectAll()


KeyField = QLineEdit | KeyCombo
