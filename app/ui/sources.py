"""Editors for where a payload value comes from in Talon.One (a core ``Source``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.ui.signals import emit

_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ATTR_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")


def _tr(text: str) -> str:
    return QCoreApplication.translate("sources", text)


def kinds() -> dict[str, tuple[str, str]]:
    """kind -> (label, placeholder of the name field; empty when it takes no name)."""
    return {
        "param": (_tr("Webhook parameter"), _tr("parameter name, e.g. ProfileID")),
        "integration_id": (_tr("Customer profile: Integration ID"), ""),
        "attribute": (_tr("Customer profile attribute"), _tr("attribute API name, e.g. mpid")),
        "session_id": (_tr("Customer session: Integration ID"), ""),
        "literal": (_tr("Fixed text"), _tr("the text to send")),
    }


VALUE_TYPES = ("string", "number", "boolean")


def source_problem(source: dict[str, str]) -> str:
    """What is wrong with a source the user chose, or an empty string."""
    kind, name = source.get("kind", "param"), source.get("name", "")
    if kind == "param" and not _NAME_RE.match(name):
        if not name:
            return _tr("Give the webhook parameter a name, such as ProfileID.")
        return _tr("The parameter name {name!r} may use only letters, digits and _.").format(
            name=name
        )
    if kind == "attribute" and not _ATTR_RE.match(name):
        return _tr("Give the profile attribute's API name, such as mpid.")
    return ""


class SourceEditor(QWidget):
    """A kind chooser, a name field and a type chooser in one row.

    Signals:
        changed: any part was edited.
    """

    changed = Signal()

    def __init__(self, allowed: Sequence[str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = QComboBox()
        for kind, (label, _) in kinds().items():
            if not allowed or kind in allowed:
                self.kind.addItem(label, kind)
        self.name = QLineEdit()
        self.type = QComboBox()
        for value_type in VALUE_TYPES:
            self.type.addItem(value_type, value_type)
        self.type.setToolTip(
            self.tr("number and boolean values are written without quotes in the JSON")
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind, 2)
        layout.addWidget(self.name, 2)
        layout.addWidget(self.type)
        self.setFocusProxy(self.kind)
        self.kind.currentIndexChanged.connect(self.on_kind_currentIndexChanged)
        self.name.textEdited.connect(self.changed)
        self.type.currentIndexChanged.connect(self.changed)
        self.on_kind_currentIndexChanged()

    def on_kind_currentIndexChanged(self, *_: object) -> None:
        kind = str(self.kind.currentData())
        placeholder = kinds().get(kind, ("", ""))[1]
        self.name.setEnabled(bool(placeholder))
        self.name.setPlaceholderText(placeholder)
        emit(self.changed)

    def set_source(self, data: dict[str, Any]) -> None:
        kind = str(data.get("kind", data.get("source", "param")))
        index = self.kind.findData(kind)
        self.kind.setCurrentIndex(max(index, 0))
        self.name.setText(str(data.get("name", "")))
        self.type.setCurrentIndex(max(self.type.findData(str(data.get("type", "string"))), 0))

    def source(self) -> dict[str, str]:
        kind = str(self.kind.currentData())
        name = self.name.text().strip() if self.name.isEnabled() else ""
        if kind == "literal":
            name = self.name.text()
        return {"kind": kind, "name": name, "type": str(self.type.currentData())}


class MapEditor(QWidget):
    """Rows of key -> source for a ``map`` slot, with Add and Remove buttons.

    Signals:
        changed: a row was added, removed or edited.
    """

    changed = Signal()

    def __init__(
        self, key_label: str, allowed: Sequence[str] | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._allowed = allowed
        self.rows: list[tuple[QLineEdit, SourceEditor, QPushButton]] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 3)
        self.grid.addWidget(QLabel(key_label), 0, 0)
        self.grid.addWidget(QLabel(self.tr("Comes from (Talon.One value, name, type)")), 0, 1)
        self.add_button = QPushButton(self.tr("&Add a property"))
        self.add_button.clicked.connect(lambda: self.add_row())
        self._relayout()

    def add_row(self, data: dict[str, Any] | None = None) -> None:
        key = QLineEdit(str((data or {}).get("key", "")))
        key.setPlaceholderText(self.tr("name in the payload"))
        editor = SourceEditor(self._allowed)
        editor.set_source(data or {"kind": "param"})
        remove = QPushButton(self.tr("Remove"))
        remove.setToolTip(self.tr("Remove this property"))
        row = (key, editor, remove)
        remove.clicked.connect(lambda: self.remove_row(row))
        key.textEdited.connect(self.changed)
        editor.changed.connect(self.changed)
        self.rows.append(row)
        self._relayout()
        if self.isVisible():
            for widget in row:
                widget.show()  # at once, so the new row can take the focus now
        if data is None:
            key.setFocus()
        emit(self.changed)

    def remove_row(self, row: tuple[QLineEdit, SourceEditor, QPushButton]) -> None:
        self.rows.remove(row)
        for widget in row:
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self._relayout()
        emit(self.changed)

    def _relayout(self) -> None:
        self.grid.removeWidget(self.add_button)
        previous: QWidget | None = None
        for i, (key, editor, remove) in enumerate(self.rows, start=1):
            self.grid.addWidget(key, i, 0)
            self.grid.addWidget(editor, i, 1)
            self.grid.addWidget(remove, i, 2)
            for widget in (key, editor.kind, editor.name, editor.type, remove):
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget
        self.grid.addWidget(self.add_button, len(self.rows) + 1, 0)

    def set_entries(self, entries: list[dict[str, Any]]) -> None:
        for row in list(self.rows):
            self.remove_row(row)
        for entry in entries:
            self.add_row(entry)

    def entries(self) -> list[dict[str, str]]:
        """The rows as mapping entries; rows left completely empty are skipped."""
        out = []
        for key, editor, _ in self.rows:
            source = editor.source()
            if not key.text().strip() and not source["name"] and source["kind"] == "param":
                continue
            out.append({"key": key.text().strip(), **source})
        return out
