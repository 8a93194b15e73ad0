"""Request-level choices from a destination's data: HTTP method, authentication,
toggles that add query parameters, extra header lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.destination.catalogue import Choice, Destination
from app.ui.style import monospace
from app.ui.widgets import choice_combo, mnemonic, wrapped

OptionWidget = QCheckBox | QComboBox | QPlainTextEdit | QLineEdit


def choice_items(choices: Sequence[Choice]) -> list[tuple[str, Any]]:
    """(label, value) pairs for a drop-down from a destination's choices."""
    return [(choice.label, choice.value) for choice in choices]


class OptionsEditor(QWidget):
    """One row per request-level choice the destination offers; empty when it has none.

    Signals:
        changed: a choice changed (credential fields may depend on the authentication).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.widgets: dict[str, OptionWidget] = {}

    def build(self, destination: Destination, taken: set[str]) -> None:
        """Create the rows for ``destination`` (``taken``: mnemonic letters in use)."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.widgets.clear()
        # A destination that lists "verb" among its options gets that row only (one
        # drop-down for the method, not two with the same id).
        if len(destination.verbs) > 1 and all(o.id != "verb" for o in destination.options):
            verbs = choice_combo()
            for verb in destination.verbs:
                verbs.addItem(verb, verb)
            self._row("verb", self.tr("HTTP method"), verbs, "", taken)
        auth = destination.auth
        if auth is not None and auth.options:
            kinds = choice_combo()
            for method in auth.options:
                kinds.addItem(method.label or method.id, method.id)
            label = auth.label or self.tr("Authentication")
            self._row("auth", label, kinds, auth.help, taken)
        for option in destination.options:
            widget: OptionWidget
            kind = option.kind
            if kind == "toggle":
                widget = QCheckBox(mnemonic(option.label or option.id, taken))
                self._row(option.id, "", widget, option.help, taken)
                continue
            if kind == "headers":
                widget = QPlainTextEdit()
                widget.setFont(monospace())
                widget.setTabChangesFocus(True)
                widget.setPlaceholderText(
                    self.tr("One header per line, such as X-Source: Talon.One")
                )
                widget.setMaximumHeight(90)
            elif option.choices:
                widget = choice_combo()
                for text, value in choice_items(option.choices):
                    widget.addItem(text, value)
            else:
                widget = QLineEdit()
            label = option.label or option.id
            self._row(option.id, label, widget, option.help, taken)

    def _row(
        self, option_id: str, label: str, widget: OptionWidget, help_text: str, taken: set[str]
    ) -> None:
        widget.setObjectName(f"option_{option_id}")
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        if help_text:
            column.addWidget(wrapped(help_text))
        if label:
            text = QLabel(mnemonic(label, taken) + ":")
            text.setBuddy(widget)
            self.form.addRow(text, holder)
        else:
            self.form.addRow(holder)
        self.widgets[option_id] = widget
        if isinstance(widget, QCheckBox):
            widget.toggled.connect(self.changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self.changed)
        else:
            widget.textChanged.connect(self.changed)

    def load(self, values: dict[str, Any]) -> None:
        for option_id, widget in self.widgets.items():
            value = values.get(option_id)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                index = widget.findData(value)
                widget.setCurrentIndex(max(index, 0))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText("\n".join(str(line) for line in value or []))
            else:
                widget.setText("" if value is None else str(value))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for option_id, widget in self.widgets.items():
            if isinstance(widget, QCheckBox):
                out[option_id] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                out[option_id] = widget.currentData()
            elif isinstance(widget, QPlainTextEdit):
                lines = widget.toPlainText().splitlines()
                out[option_id] = [line.strip() for line in lines if line.strip()]
            else:
                out[option_id] = widget.text().strip()
        return out

    def has_options(self) -> bool:
        return bool(self.widgets)
