"""The editor of an ``expression`` slot: a value in the caller's template language."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from app.core.destination.catalogue import Slot
from app.core.payload.mapping import expression_text, url_encoded


class ExpressionEditor(QWidget):
    """An ``expression`` slot: a value in the *caller's* language (Bloomreach's Jinja,
    ``{{ customer.email }}``) plus the sample a test fire uses instead.

    Signals:
        changed: the attribute or the sample was edited.
    """

    changed = Signal()

    def __init__(self, slot: Slot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._slot = slot
        self.attribute = QLineEdit()
        self.attribute.setPlaceholderText(slot.placeholder or self.tr("attribute name, e.g. email"))
        self.sample = QLineEdit()
        self.sample.setPlaceholderText(self.tr("sample value for test fires"))
        self.preview = QLabel()
        self.preview.setObjectName("expressionPreview")
        attribute_label = QLabel(self.tr("Attribute name"))
        attribute_label.setBuddy(self.attribute)
        sample_label = QLabel(self.tr("Sample value for test fires"))
        sample_label.setBuddy(self.sample)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(attribute_label, 0, 0)
        grid.addWidget(sample_label, 0, 1)
        grid.addWidget(self.attribute, 1, 0)
        grid.addWidget(self.sample, 1, 1)
        grid.addWidget(self.preview, 2, 0, 1, 2)
        self.setFocusProxy(self.attribute)
        for edit in (self.attribute, self.sample):
            edit.textEdited.connect(self.changed)
        self.attribute.textEdited.connect(self.on_attribute_textEdited)

    def on_attribute_textEdited(self, _text: str = "") -> None:
        # As the hand-over gives it: the value percent-encoded in the query string.
        text = self.attribute.text().strip()
        shown = url_encoded(expression_text(self._slot, self.value())) if text else ""
        self.preview.setText(self.tr("Sent as: {expr}").format(expr=shown) if shown else "")

    def set_value(self, value: dict[str, Any]) -> None:
        self.attribute.setText(str(value.get("attribute", "")))
        self.sample.setText(str(value.get("sample", "")))
        self.on_attribute_textEdited()

    def value(self) -> dict[str, str]:
        return {"attribute": self.attribute.text().strip(), "sample": self.sample.text()}
