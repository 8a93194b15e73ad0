"""Editors for where a payload value comes from in Talon.One (a core ``Source``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from app.ui.expression_editor import ExpressionEditor as ExpressionEditor
from app.ui.slot_keys import KeyCombo, KeyField, key_problem
from app.ui.widgets import choice_combo, fit_text

_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ATTR_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")


def _tr(text: str) -> str:
    return QCoreApplication.translate("sources", text)


def kinds() -> dict[str, tuple[str, str]]:
    """kind -> (label, placeholder of the name field; empty when it takes no name)."""
    return {
        "param": (_tr("Webhook parameter"), _tr("parameter name")),
        "integration_id": (_tr("Customer profile: Integration ID"), ""),
        "attribute": (_tr("Customer profile attribute"), _tr("attribute name")),
        "session_id": (_tr("Customer session: Integration ID"), ""),
        "literal": (_tr("Fixed value"), _tr("the value to send")),
    }


def name_tips() -> dict[str, str]:
    """kind -> the name field's tooltip, with an example (the placeholder is kept short)."""
    return {
        "param": _tr("The webhook parameter's name, such as ProfileID"),
        "attribute": _tr("The attribute's API name in Talon.One, such as mpid"),
    }


def literal_placeholders() -> dict[str, str]:
    """What a fixed value of each type looks like."""
    return {
        "string": _tr("the text to send"),
        "number": _tr("a number, e.g. 42 or 9.99"),
        "boolean": _tr("true or false"),
        "time": _tr("a time, e.g. 2024-05-01T12:00:00Z"),
    }


VALUE_TYPES = ("string", "number", "boolean")
_NUMBER_RE = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")
_TIME_RE = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"
)


def literal_problem(value: str, value_type: str) -> str:
    """Why a fixed value is not of its type (numbers and booleans go bare into JSON)."""
    text = value.strip()
    if value_type == "number" and not _NUMBER_RE.match(text):
        return _tr("{value!r} is not a number; write it like 42 or 9.99.").format(value=value)
    if value_type == "boolean" and text not in ("true", "false"):
        return _tr("{value!r} is not a boolean; write true or false.").format(value=value)
    if value_type == "time":
        try:
            ok = bool(_TIME_RE.match(text)) and bool(datetime.fromisoformat(text))
        except ValueError:
            ok = False
        if not ok:
            return _tr(
                "{value!r} is not a time Talon.One reads; write it in RFC 3339, such as "
                "2024-05-01T12:00:00Z."
            ).format(value=value)
    return ""


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
    if kind == "literal":
        return literal_problem(name, source.get("type", "string"))
    return ""


class SourceEditor(QWidget):
    """A kind chooser, a name field and a type chooser in one row.

    ``allowed`` and ``types`` are the slot's ``sources`` and ``types``: only those are
    offered (with one kind there is nothing to choose, so the chooser is hidden). A
    saved profile naming another kind or type keeps it, marked "not usable here", and
    :meth:`problem` says what to choose instead: nothing loaded is silently changed.

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
        self.allowed = [k for k in kinds() if not allowed or k in allowed]
        self.types = list(types or VALUE_TYPES)
        self.kind = choice_combo()
        for kind in self.allowed:
            self.kind.addItem(kinds()[kind][0], kind)
        if len(self.allowed) == 1:
            self.kind.hide()  # one kind: nothing to choose (showing it here moves focus)
        self.name = QLineEdit()
        # Wide enough for every placeholder it can show, so none is cut.
        shown = [kinds()[kind][1] for kind in self.allowed]
        if "literal" in self.allowed:
            shown += [literal_placeholders().get(t, "") for t in self.types]
        fit_text(self.name, *shown)
        self.type = choice_combo()
        for value_type in self.types:
            self.type.addItem(value_type, value_type)
        self.type.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.type.setToolTip(
            self.tr("number and boolean values are written without quotes in the JSON")
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind, 3)
        layout.addWidget(self.name, 3)
        layout.addWidget(self.type)
        self.setFocusProxy(self.name if self.kind.isHidden() else self.kind)
        self.kind.currentIndexChanged.connect(self.on_kind_currentIndexChanged)
        self.name.textEdited.connect(self.changed)
        self.type.currentIndexChanged.connect(self.on_kind_currentIndexChanged)
        self.on_kind_currentIndexChanged()

    def on_kind_currentIndexChanged(self, *_: object) -> None:
        kind = str(self.kind.currentData())
        placeholder = kinds().get(kind, ("", ""))[1]
        if kind == "literal":
            placeholder = literal_placeholders().get(str(self.type.currentData()), placeholder)
        self.name.setEnabled(bool(placeholder))
        self.name.setPlaceholderText(placeholder)
        self.name.setToolTip(name_tips().get(kind, ""))
        # A kind that takes no name (Integration ID) gives its room to the chooser.
        if not placeholder:
            self.name.hide()
        elif self.name.isHidden():
            self.name.show()
        self.changed.emit()

    def set_source(self, data: dict[str, Any]) -> None:
        kind = str(data.get("kind", data.get("source", "param")))
        value_type = str(data.get("type", "string"))
        _keep_choice(self.kind, self.allowed, kind, kinds().get(kind, (kind, ""))[0])
        _keep_choice(self.type, self.types, value_type, value_type)
        if self.kind.count() > 1 and self.kind.isHidden():
            self.kind.show()  # a loaded kind this slot does not take: let it be changed
        self.name.setText(str(data.get("name", "")))
        self.on_kind_currentIndexChanged()

    def source(self) -> dict[str, str]:
        kind = str(self.kind.currentData())
        name = self.name.text().strip() if self.name.isEnabled() else ""
        if kind == "literal":
            name = self.name.text()
        return {"kind": kind, "name": name, "type": str(self.type.currentData())}

    def problem(self) -> str:
        """What is wrong with the choice, including a kind or type this slot does not take."""
        source = self.source()
        if source["kind"] not in self.allowed:
            offered = ", ".join(kinds()[k][0].lower() for k in self.allowed)
            return self.tr("{kind} cannot be used here; use {offered}.").format(
                kind=kinds().get(source["kind"], (source["kind"], ""))[0], offered=offered
            )
        if source["type"] not in self.types:
            return self.tr("The type {type} cannot be used here; use {types}.").format(
                type=source["type"], types=", ".join(self.types)
            )
        return source_problem(source)


def _keep_choice(box: QComboBox, offered: list[str], value: str, label: str) -> None:
    """Select ``value``; one not offered is added, marked, so a loaded profile keeps it."""
    for index in reversed(range(box.count())):
        if box.itemData(index) not in offered:
            box.removeItem(index)
    if value and value not in offered:
        box.addItem(_tr("{label} (not usable here)").format(label=label), value)
    box.setCurrentIndex(max(box.findData(value), 0))


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
        self.rows: list[tuple[KeyField, SourceEditor, QPushButton]] = []
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 3)
        fixed = list(allowed or []) == ["literal"]
        self.grid.addWidget(QLabel(key_label), 0, 0)
        self.grid.addWidget(
            QLabel(
                self.tr("Value and type")
                if fixed
                else self.tr("Comes from (Talon.One value, name, type)")
            ),
            0,
            1,
        )
        self.add_button = QPushButton(self.tr("Add a row"))
        self.add_button.clicked.connect(lambda: self.add_row())
        self._relayout()

    def add_row(self, data: dict[str, Any] | None = None) -> None:
        key: KeyField
        if self._key_choices:
            key = KeyCombo(self._key_choices)
        else:
            key = QLineEdit()
            key.setPlaceholderText(self.tr("name in the payload"))
            fit_text(key, key.placeholderText())
        key.setText(str((data or {}).get("key", "")))
        editor = SourceEditor(self._allowed, self._types)
        editor.set_source(data or {"kind": editor.allowed[0]})
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

    def remove_row(self, row: tuple[KeyField, SourceEditor, QPushButton]) -> None:
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
        return key_problem(key, self._key_choices, self._suggest)

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
            untouched = source["kind"] == editor.allowed[0] and not source["name"]
            if not key.text().strip() and untouched:
                continue
            out.append({"key": key.text().strip(), **source})
        return out
