"""Editors for where a payload value comes from in Talon.One (a core ``Source``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from app.core.mapping import expression_text
from app.ui.widgets import combo

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

    def __init__(
        self,
        allowed: Sequence[str] | None = None,
        types: Sequence[str] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.kind = combo()
        for kind, (label, _) in kinds().items():
            if not allowed or kind in allowed:
                self.kind.addItem(label, kind)
        self.name = QLineEdit()
        self.type = combo()
        for value_type in types or VALUE_TYPES:
            self.type.addItem(value_type, value_type)
        self.kind.setMinimumContentsLength(14)
        self.type.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.type.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.type.setToolTip(
            self.tr("number and boolean values are written without quotes in the JSON")
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind, 3)
        layout.addWidget(self.name, 3)
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
        self.changed.emit()

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
        self,
        key_label: str,
        allowed: Sequence[str] | None = None,
        types: Sequence[str] | None = None,
        key_choices: Sequence[str] | None = None,
        key_suggest: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._allowed = allowed
        self._types = types
        self._key_choices = list(key_choices or [])
        self._suggest = dict(key_suggest or {})
        self.rows: list[tuple[QLineEdit, SourceEditor, QPushButton]] = []
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 3)
        self.grid.addWidget(QLabel(key_label), 0, 0)
        self.grid.addWidget(QLabel(self.tr("Comes from (Talon.One value, name, type)")), 0, 1)
        self.add_button = QPushButton(self.tr("Add a row"))
        self.add_button.clicked.connect(lambda: self.add_row())
        self._relayout()

    def add_row(self, data: dict[str, Any] | None = None) -> None:
        key = QLineEdit(str((data or {}).get("key", "")))
        key.setPlaceholderText(self.tr("name in the payload"))
        if self._key_choices:
            completer = QCompleter(self._key_choices, key)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            key.setCompleter(completer)
            key.setPlaceholderText(self.tr("for example {key}").format(key=self._key_choices[0]))
        editor = SourceEditor(self._allowed, self._types)
        editor.set_source(data or {"kind": "param"})
        remove = QPushButton(self.tr("Remove"))
        remove.setToolTip(self.tr("Remove this row"))
        row = (key, editor, remove)
        remove.clicked.connect(lambda: self.remove_row(row))
        key.textEdited.connect(self.changed)
        key.textEdited.connect(self.on_key_textEdited)
        editor.changed.connect(self.changed)
        self.rows.append(row)
        self._relayout()
        if self.isVisible():
            for widget in row:
                widget.show()  # at once, so the new row can take the focus now
        if data is None:
            key.setFocus()
        self.changed.emit()

    def remove_row(self, row: tuple[QLineEdit, SourceEditor, QPushButton]) -> None:
        self.rows.remove(row)
        for widget in row:
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self._relayout()
        self.changed.emit()

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
        self.grid.addWidget(self.hint, len(self.rows) + 2, 0, 1, 3)

    def key_problem(self, key: str) -> str:
        """Why ``key`` is probably wrong (a known misspelling or not a listed key)."""
        if key in self._suggest:
            return self.tr("{key} is not a documented key: use {right}.").format(
                key=key, right=self._suggest[key]
            )
        if self._key_choices and key and key not in self._key_choices:
            return self.tr("{key} is not one of the documented keys ({first}, {second}…).").format(
                key=key,
                first=self._key_choices[0],
                second=self._key_choices[1] if len(self._key_choices) > 1 else "",
            )
        return ""

    def on_key_textEdited(self, _text: str = "") -> None:
        problems = [self.key_problem(key.text().strip()) for key, _, _ in self.rows]
        text = next((p for p in problems if p), "")
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def set_entries(self, entries: list[dict[str, Any]]) -> None:
        for row in list(self.rows):
            self.remove_row(row)
        for entry in entries:
            self.add_row(entry)
        self.on_key_textEdited()

    def entries(self) -> list[dict[str, str]]:
        """The rows as mapping entries; rows left completely empty are skipped."""
        out = []
        for key, editor, _ in self.rows:
            source = editor.source()
            if not key.text().strip() and not source["name"] and source["kind"] == "param":
                continue
            out.append({"key": key.text().strip(), **source})
        return out


class ExpressionEditor(QWidget):
    """An ``expression`` slot: a value in the *caller's* language (Bloomreach's Jinja,
    ``{{ customer.email }}``) plus the sample a test fire uses instead.

    Signals:
        changed: the attribute or the sample was edited.
    """

    changed = Signal()

    def __init__(self, slot: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._slot = slot
        self.attribute = QLineEdit()
        self.attribute.setPlaceholderText(
            str(slot.get("placeholder", self.tr("attribute name, e.g. email")))
        )
        self.sample = QLineEdit()
        self.sample.setPlaceholderText(self.tr("sample value for test fires"))
        self.preview = QLabel()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.attribute, 0, 0)
        grid.addWidget(self.sample, 0, 1)
        grid.addWidget(self.preview, 1, 0, 1, 2)
        self.setFocusProxy(self.attribute)
        for edit in (self.attribute, self.sample):
            edit.textEdited.connect(self.changed)
        self.attribute.textEdited.connect(self.on_attribute_textEdited)

    def on_attribute_textEdited(self, _text: str = "") -> None:
        shown = expression_text(self._slot, self.value()) if self.attribute.text().strip() else ""
        self.preview.setText(self.tr("Sent as: {expr}").format(expr=shown) if shown else "")

    def set_value(self, value: dict[str, Any]) -> None:
        self.attribute.setText(str(value.get("attribute", "")))
        self.sample.setText(str(value.get("sample", "")))
        self.on_attribute_textEdited()

    def value(self) -> dict[str, str]:
        return {"attribute": self.attribute.text().strip(), "sample": self.sample.text()}
