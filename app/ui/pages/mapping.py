"""Page 4: which Talon.One values fill the destination's payload (its mapping slots)."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.export import title_problem
from app.core.mapping import apply_mapping
from app.core.profile import Profile
from app.ui.pages.base import HooksmithPage
from app.ui.session import Session
from app.ui.sources import MapEditor, SourceEditor, source_problem
from app.ui.widgets import mnemonic, note, wrapped

SlotWidget = QLineEdit | QComboBox | SourceEditor | MapEditor


class MappingPage(HooksmithPage):
    """One editor per slot in ``destination.mapping["slots"]``, built from the data.

    ``text`` slots get a line edit, ``choice`` slots a drop-down, ``value`` slots a
    :class:`SourceEditor` and ``map`` slots a :class:`MapEditor`.
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setTitle(self.tr("Map Talon.One values"))
        self.setSubTitle(
            self.tr(
                "Choose which Talon.One values fill the payload. The payload is "
                "generated from these choices on the next page."
            )
        )
        self.slots: dict[str, SlotWidget] = {}
        self._built_for = ""
        self._filled_for: Profile | None = None

        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("webhookTitle")
        self.title_edit.textEdited.connect(self.on_title_edit_textEdited)
        self.title_note = wrapped()
        note(self.title_note, "error")
        title_box = QGroupBox(self.tr("Webhook"))
        title_form = QFormLayout(title_box)
        title_label = QLabel(self.tr("Webhook t&itle in Talon.One:"))
        title_label.setBuddy(self.title_edit)
        title_form.addRow(title_label, self.title_edit)
        title_form.addRow("", self.title_note)

        self.slot_box = QGroupBox(self.tr("Payload values"))
        self.slot_form = QFormLayout(self.slot_box)
        self.slot_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(title_box)
        column.addWidget(self.slot_box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)

    # -- building ---------------------------------------------------------------------

    def _slot_specs(self) -> dict[str, dict[str, Any]]:
        return dict(self.destination.mapping.get("slots", {}))

    def _build(self) -> None:
        while self.slot_form.rowCount():
            self.slot_form.removeRow(0)
        self.slots.clear()
        taken = {"i", "a"}  # title field and the map editors' Add buttons
        for slot_id, spec in self._slot_specs().items():
            widget = self._make(spec)
            widget.setObjectName(f"slot_{slot_id}")
            label = QLabel(mnemonic(str(spec.get("label", slot_id)), taken) + ":")
            label.setBuddy(widget)
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(widget)
            if spec.get("help"):
                column.addWidget(wrapped(str(spec["help"])))
            self.slot_form.addRow(label, holder)
            self.slots[slot_id] = widget
        self._built_for = self.destination.id

    def _make(self, spec: dict[str, Any]) -> SlotWidget:
        kind = spec.get("kind")
        allowed = spec.get("sources")
        if kind == "value":
            return SourceEditor(allowed)
        if kind == "map":
            return MapEditor(str(spec.get("key_label", self.tr("Key"))), allowed)
        if kind == "choice":
            combo = QComboBox()
            for choice in spec.get("choices", []):
                if isinstance(choice, dict):
                    combo.addItem(str(choice.get("label", choice.get("id"))), choice.get("id"))
                else:
                    combo.addItem(str(choice), choice)
            return combo
        edit = QLineEdit()
        edit.setPlaceholderText(str(spec.get("placeholder", "")))
        return edit

    # -- page protocol ----------------------------------------------------------------

    def initializePage(self) -> None:
        if self._built_for != self.destination.id:
            self._build()
            self._filled_for = None
        if self._filled_for is not self.profile:
            self._fill()
            self._filled_for = self.profile
        self.title_edit.setText(self.profile.name)
        self.on_title_edit_textEdited(self.profile.name)

    def _fill(self) -> None:
        mapping = self.profile.mapping
        for slot_id, widget in self.slots.items():
            value = mapping.get(slot_id)
            if isinstance(widget, SourceEditor):
                widget.set_source(value if isinstance(value, dict) else {})
            elif isinstance(widget, MapEditor):
                widget.set_entries(value if isinstance(value, list) else [])
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(value), 0))
            else:
                widget.setText(str(value or ""))

    def on_title_edit_textEdited(self, text: str) -> None:
        self.profile.name = text
        problem = title_problem(text)
        self.title_note.setText(f"{problem.message} {problem.hint}" if problem else "")
        self.title_note.setVisible(problem is not None)

    def read_mapping(self) -> dict[str, Any]:
        """The slots as the core's mapping dict."""
        out: dict[str, Any] = {}
        for slot_id, widget in self.slots.items():
            if isinstance(widget, SourceEditor):
                out[slot_id] = widget.source()
            elif isinstance(widget, MapEditor):
                out[slot_id] = widget.entries()
            elif isinstance(widget, QComboBox):
                out[slot_id] = widget.currentData()
            else:
                out[slot_id] = widget.text()
        return out

    def _problem(self, mapping: dict[str, Any]) -> tuple[str, QWidget] | None:
        specs = self._slot_specs()
        for slot_id, widget in self.slots.items():
            label = str(specs[slot_id].get("label", slot_id))
            value = mapping[slot_id]
            if isinstance(widget, SourceEditor):
                text = source_problem(value)
                if text:
                    return f"{label}: {text}", widget.name
            elif isinstance(widget, MapEditor):
                seen: set[str] = set()
                for i, entry in enumerate(value):
                    row_key = widget.rows[i][0] if i < len(widget.rows) else widget
                    if not entry["key"]:
                        return self.tr("{label}: give every row a name.").format(
                            label=label
                        ), row_key
                    if entry["key"] in seen:
                        return self.tr("{label}: {key} appears twice.").format(
                            label=label, key=entry["key"]
                        ), row_key
                    seen.add(entry["key"])
                    text = source_problem(entry)
                    if text:
                        return f"{label} {entry['key']}: {text}", row_key
        return None

    def validatePage(self) -> bool:
        mapping = self.read_mapping()
        problem = self._problem(mapping)
        if problem is not None:
            self.say(problem[0])
            problem[1].setFocus()
            return False
        self.say("")
        profile = self.profile
        if mapping == profile.mapping and profile.template.strip():
            return True
        profile.mapping = copy.deepcopy(mapping)
        if profile.template_edited and profile.template.strip():
            replace = self.session.prompter.confirm(
                self,
                self.tr("Replace the edited payload?"),
                self.tr(
                    "You edited the payload by hand. Replace it with one generated from "
                    "the new mapping? Choose Cancel to keep your edits (the mapping is "
                    "saved either way)."
                ),
                self.tr("Replace payload"),
            )
            if not replace:
                return True
        apply_mapping(profile, self.destination)
        return True
